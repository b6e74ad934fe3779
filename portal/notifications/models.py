"""The outbox of e-mail messages.

A message is written in the same transaction as the change that causes it, in the recipient's
language, and delivered by the worker afterwards: ``pending`` → ``sent`` (SMTP), ``logged`` (no
SMTP server configured: the embedded default keeps it for the administrator's outbox page) or
``failed`` once the retries are spent.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import UTCDateTime, utcnow
from portal.extensions import db


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    LOGGED = "logged"
    FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'logged', 'failed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    #: The template the message was rendered from, for tests and the outbox page.
    template: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default=MessageStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationKey(db.Model):
    """An event a user has been told of, so that a sweep that finds the event again (the next
    run, or two workers at once) tells nobody twice: ``event`` names the kind and the object
    (``vote_session.opened:12``), and the UNIQUE constraint lets one insert take."""

    __tablename__ = "notification_key"
    __table_args__ = (UniqueConstraint("event", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
