"""Recovery codes: ten single-use codes that stand in for the TOTP code when the device is lost.

A code is 80 random bits written as four groups of four base32 characters (``k7qm-2xfa-…``).
Only its SHA-256 digest is stored: with 80 bits of entropy a slow hash adds nothing (nobody can
try 2^80 codes), and a plain digest lets the sign-in find the code by an index lookup in
constant work rather than trying ten Argon2 hashes. Codes are shown once, when they are made;
making new ones retires the old.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from sqlalchemy import delete, func, select, update

from portal.accounts.models import RecoveryCode, User
from portal.core import audit
from portal.core.db import utcnow
from portal.extensions import db

COUNT = 10
_GROUPS = 4
_GROUP_LENGTH = 4


def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def looks_like_a_code(code: str) -> bool:
    text = normalise(code)
    return len(text) == _GROUPS * _GROUP_LENGTH and text.isalnum()


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def _new_code() -> str:
    text = base64.b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(text[i:i + _GROUP_LENGTH] for i in range(0, len(text), _GROUP_LENGTH))


def replace_codes(user: User, actor) -> list[str]:
    """Ten new codes for ``user`` in place of any earlier ones; the codes, which are never
    stored, for showing once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, digest=digest(code)) for code in codes)
    db.session.flush()
    audit.record("two_factor.recovery_codes", actor, f"user:{user.id}", count=COUNT)
    return codes


def use_code(user: User, code: str) -> bool:
    """Consume ``code`` if it is one of the user's unused codes. The update is conditional, so
    two sign-ins racing with the same code cannot both use it."""
    if not looks_like_a_code(code):
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.digest == digest(code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    audit.record("login.recovery_code_used", user, f"user:{user.id}", left=codes_left(user))
    return True


def codes_left(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
