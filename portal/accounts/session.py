"""Flask-Login wiring: the user loader and the half-finished sign-in kept between two steps."""

from __future__ import annotations

from flask import session
from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.extensions import db, login_manager

PENDING_KEY = "pending_sign_in"

login_manager.login_view = "accounts.sign_in"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Sessions are ``id:epoch``; a password change raises the epoch and ends old sessions."""
    ident, _sep, epoch = user_id.partition(":")
    if not ident.isdigit() or not epoch.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or user.session_epoch != int(epoch):
        return None
    return user


def start_pending(user: User) -> None:
    session[PENDING_KEY] = user.get_id()


def pending_user() -> User | None:
    value = session.get(PENDING_KEY)
    return load_user(value) if value else None


def clear_pending() -> None:
    session.pop(PENDING_KEY, None)
