"""Links mailed to people coming in: signed, expiring tokens bound to a user's state, and the
error of a link that can no longer be used.

A signed token carries the user's id, e-mail address and ``session_epoch``. Confirming the address
and setting a password both raise the epoch, so a token stops working once it has been used, and
also when the password changes for another reason or the address is changed.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.accounts.models import User
from portal.core.errors import PortalError
from portal.extensions import db

#: The salts keep the names they had under ``portal.accounts``, so links already mailed still work.
CONFIRM_EMAIL = "portal.accounts.confirm-email"
RESET_PASSWORD = "portal.accounts.reset-password"  # noqa: S105  (a salt name, not a secret)
#: How long each kind of link stays valid, in seconds.
MAX_AGE = {CONFIRM_EMAIL: 3 * 24 * 3600, RESET_PASSWORD: 3600}


class LinkNotValid(PortalError):
    """An e-mailed link that is unknown, expired, withdrawn or already used."""

    status = 410
    code = "link_not_valid"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"id": user.id, "email": user.email,
                                       "epoch": user.session_epoch})


def user_for_token(token: str, purpose: str) -> User | None:
    """The user a token was made for, if its signature holds, it is younger than the purpose's
    maximum age and the user's address and epoch are still the ones it was made with."""
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    user = db.session.get(User, data["id"])
    if user is None or user.email != data.get("email") or user.session_epoch != data.get("epoch"):
        return None
    return user
