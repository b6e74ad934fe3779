"""Personal access tokens for the API: random, shown once, stored as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import ApiToken, User
from portal.core import audit
from portal.core.db import utcnow
from portal.extensions import db

PREFIX = "ecp_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, actor) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the token, which is never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name.strip() or "token", digest=digest(token),
                   prefix=token[:10])
    db.session.add(row)
    db.session.flush()
    audit.record("token.create", actor, f"user:{user.id}", token_id=row.id, name=row.name)
    return row, token


def revoke_token(token: ApiToken, actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoke", actor, f"user:{token.user_id}", token_id=token.id)
        db.session.flush()


#: How stale ``last_used_at`` may get before a use of the token writes it again.
LAST_USED_PRECISION = timedelta(minutes=5)


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to, noting (at most every few minutes) when it was used."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.digest == digest(token)))
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_PRECISION:
        row.last_used_at = now
        db.session.commit()
    return row.user


def active_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc())
    ))
