"""Flask-Login wiring: the user loader, the half-finished sign-in kept between two steps, and
whether this sign-in passed the second factor."""

from __future__ import annotations

from flask import session
from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.extensions import db, login_manager

PENDING_KEY = "pending_sign_in"
SECOND_FACTOR_KEY = "second_factor_passed"

login_manager.login_view = "accounts.sign_in"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Sessions are ``id:epoch``; sign-out, a password change and a deactivation raise the epoch
    and end old sessions. A deactivated user has no session at all."""
    ident, _sep, epoch = user_id.partition(":")
    if not (ident.isascii() and ident.isdigit() and epoch.isascii() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(ident))
    if user is None or user.session_epoch != int(epoch) or not user.is_active:
        return None
    return user


def start_pending(user: User) -> None:
    session[PENDING_KEY] = user.get_id()


def pending_user() -> User | None:
    value = session.get(PENDING_KEY)
    return load_user(value) if value else None


def clear_pending() -> None:
    session.pop(PENDING_KEY, None)


def mark_second_factor() -> None:
    """Called once the code step succeeds, after the session is renewed for the sign-in."""
    session[SECOND_FACTOR_KEY] = True


def passed_second_factor() -> bool:
    return bool(session.get(SECOND_FACTOR_KEY))
