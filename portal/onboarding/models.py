"""Invitations to join with given roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.db import UTCDateTime, utcnow
from portal.extensions import db


class Invitation(db.Model):
    """An invitation to join with given roles; only the digest of its link token is stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: Role specs as written on the command line, e.g. ``["org_member:12"]``.
    roles: Mapped[list] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(5), default="ru")
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invited_by: Mapped[User | None] = relationship()
