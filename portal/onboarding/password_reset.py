"""Password reset by e-mail: a signed link valid for an hour and usable once.

The link is bound to the user's ``session_epoch``, which :func:`services.set_password` raises: the
reset retires the link and ends every session signed in with the old password. Asking for a link
answers the same whether or not the address has an account.
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.accounts import services
from portal.accounts.links import external_url
from portal.accounts.models import User
from portal.core import audit
from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.onboarding.links import RESET_PASSWORD, LinkNotValid, make_token, user_for_token


def request_password_reset(email: str) -> None:
    """Mail a reset link to the account of ``email``, if there is an active one; else nothing."""
    user = services.user_by_email(email)
    if user is None or not user.is_active:
        return
    link = external_url("accounts.reset_password", token=make_token(user, RESET_PASSWORD))
    mail_user(user, "password_reset", link=link)
    audit.record("password.reset_requested", "anonymous", f"user:{user.id}")


def user_to_reset(token: str) -> User:
    """The user of a reset link, or :class:`LinkNotValid`."""
    user = user_for_token(token, RESET_PASSWORD)
    if user is None or not user.is_active:
        raise LinkNotValid(_("This link has expired or has already been used. "
                             "Ask for a new one: a link is valid for one hour."))
    return user


def reset_password(token: str, password: str) -> User:
    """Set the password of the link's user. Following the link proves the address, so an
    account still waiting for its confirmation is confirmed too."""
    user = user_to_reset(token)
    services.set_password(user, password, user)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record("user.confirm_email", user, f"user:{user.id}")
    db.session.flush()
    return user
