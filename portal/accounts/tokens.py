"""Personal access tokens for the API: random, shown once, stored as a SHA-256 digest.

A token has a scope (``read``: GET only; ``read_write``: every method) and ends after the number
of days chosen when it is made: at most :data:`MAX_DAYS_TWO_FACTOR` for a holder of a role that
signs in with two factors (a token skips that factor, so it must not outlive a short window),
at most :data:`MAX_DAYS` for everyone else.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from portal.accounts import two_factor
from portal.accounts.models import ApiToken, TokenScope, User
from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import ValidationError
from portal.extensions import db

PREFIX = "ecp_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_DAYS_TWO_FACTOR = 90


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def max_days(user: User) -> int:
    return MAX_DAYS_TWO_FACTOR if two_factor.requires_two_factor(user) else MAX_DAYS


def _check_terms(user: User, days: int, scope: str) -> None:
    longest = max_days(user)
    if not 1 <= days <= longest:
        message = _("A token lasts from 1 to %(n)d days.", n=longest)
        raise ValidationError(message, {"days": [message]})
    if scope not in set(TokenScope):
        message = _("Choose read, or read and write.")
        raise ValidationError(message, {"scope": [message]})


def create_token(user: User, name: str, actor, days: int = DEFAULT_DAYS,
                 scope: str = TokenScope.READ_WRITE) -> tuple[ApiToken, str]:
    """Create a token for ``user`` valid ``days`` days with ``scope``; returns the row and the
    token, which is never stored. Whether this sign-in may make one is
    :func:`portal.accounts.permissions.can_create_token`'s to say."""
    _check_terms(user, days, scope)
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name.strip() or "token", digest=digest(token),
                   prefix=token[:10], scope=str(scope), expires_at=utcnow() + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    audit.record("token.create", actor, f"user:{user.id}", token_id=row.id, name=row.name,
                 scope=row.scope, days=days)
    return row, token


def revoke_token(token: ApiToken, actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoke", actor, f"user:{token.user_id}", token_id=token.id)
        db.session.flush()


#: How stale ``last_used_at`` may get before a use of the token writes it again.
LAST_USED_PRECISION = timedelta(minutes=5)


def ends_at(row: ApiToken) -> datetime:
    """When the token stops working: its expiry, and never later than
    :data:`MAX_DAYS_TWO_FACTOR` after its creation once its user holds a two-factor role (a
    role granted after the token was made shortens it too)."""
    if two_factor.requires_two_factor(row.user):
        return min(row.expires_at, row.created_at + timedelta(days=MAX_DAYS_TWO_FACTOR))
    return row.expires_at


def valid_token(token: str) -> ApiToken | None:
    """The token's row if it is neither revoked nor expired and its user is active, noting (at
    most every few minutes) when it was used: the note is written by the session's next commit,
    or by :func:`commit_token_use` at the end of a request that does not commit."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.digest == digest(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None or not row.user.is_active or ends_at(row) <= now:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_PRECISION:
        db.session.info[_USE_TO_WRITE] = (row.id, now)
    return row


#: The session's note of a token's use not yet written: ``(token id, when)``.
_USE_TO_WRITE = "accounts.token_use"


@event.listens_for(Session, "before_commit")
def _write_token_use(session: Session) -> None:
    """The note goes into whichever commit comes first, whatever was rolled back before it."""
    if session.in_nested_transaction():
        return
    noted = session.info.pop(_USE_TO_WRITE, None)
    if noted is not None:
        token_id, used_at = noted
        session.execute(update(ApiToken).where(ApiToken.id == token_id)
                        .values(last_used_at=used_at))


def commit_token_use(response):
    """After a request whose token use is still unwritten (it committed nothing: a GET, a
    refused or failed change), commit the note alone: what the request left uncommitted is
    rolled back first, as the end of the request would. Installed by the accounts' ``init_app``."""
    if _USE_TO_WRITE in db.session.info:
        db.session.rollback()
        db.session.commit()
    return response


def api_caller(token: str) -> tuple[User, bool] | None:
    """The API's token check: the token's user and whether it may write, for a valid token."""
    row = valid_token(token)
    return (row.user, may_write(row)) if row else None


def user_for_token(token: str) -> User | None:
    row = valid_token(token)
    return row.user if row else None


def may_write(row: ApiToken) -> bool:
    return row.scope == TokenScope.READ_WRITE


def active_tokens(user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    now = utcnow()
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
                               ApiToken.expires_at > now)
        .order_by(ApiToken.created_at.desc())
    )
    return [row for row in rows if ends_at(row) > now]
