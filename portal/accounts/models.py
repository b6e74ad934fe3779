"""Users, their scoped roles, personal access tokens and recovery codes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts import encryption
from portal.accounts.roles import Role, RoleSpec
from portal.core.db import UTCDateTime, check_in, utcnow
from portal.extensions import db

LANGUAGES = ("ru", "en", "hy", "be", "kk", "ky")
ROLE_NAMES = ", ".join(f"'{role}'" for role in Role)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="ru")
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/Moscow")
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The base32 TOTP secret once two-factor sign-in is set up, encrypted (see ``totp_secret``).
    totp_secret_encrypted: Mapped[str | None] = mapped_column(String(255))
    #: The last TOTP time step accepted, so that a code is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Raised on sign-out, a password change and a deactivation: every session signed in
    #: before then ends.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret_encrypted is not None

    @property
    def totp_secret(self) -> str | None:
        """The base32 TOTP secret, decrypted with ``PORTAL_ENCRYPTION_KEY``."""
        if self.totp_secret_encrypted is None:
            return None
        return encryption.decrypt(self.totp_secret_encrypted)

    @totp_secret.setter
    def totp_secret(self, secret: str | None) -> None:
        self.totp_secret_encrypted = None if secret is None else encryption.encrypt(secret)

    def role_specs(self) -> set[RoleSpec]:
        return {RoleSpec(Role(r.role), r.scope) for r in self.roles}

    def has_role(self, role: Role, scope: str | int | None = None) -> bool:
        scope = None if scope is None else str(scope)
        return any(r.role == role and (scope is None or r.scope == scope) for r in self.roles)

    def scopes(self, role: Role) -> set[str]:
        return {r.scope for r in self.roles if r.role == role and r.scope}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RoleAssignment(db.Model):
    __tablename__ = "role_assignment"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "scope"),
        CheckConstraint(f"role IN ({ROLE_NAMES})", name="known_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(30))
    #: A state code, an organisation id or a cluster id, by role; empty for unscoped roles.
    scope: Mapped[str | None] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


class TokenScope(StrEnum):
    READ = "read"
    READ_WRITE = "read_write"


class ApiToken(db.Model):
    """A personal access token; only its SHA-256 digest is stored. It ends at ``expires_at``."""

    __tablename__ = "api_token"
    __table_args__ = (check_in("scope", TokenScope),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters of the token, shown so that a user can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: ``read``: GET only; ``read_write``: every method.
    scope: Mapped[str] = mapped_column(String(10), default=TokenScope.READ_WRITE.value)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A single-use code that stands in for the TOTP code; only its SHA-256 digest is stored."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

