"""Stored text vectors of organisation profiles, one per need, offer and description; the log of
the profiles whose matching changed, which every host's copy of the index follows; users'
subscriptions to a digest of new partner suggestions, and what each digest has sent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import UTCDateTime, check_in, utcnow
from portal.extensions import db


class VectorKind(StrEnum):
    NEED = "need"
    OFFER = "offer"
    DESCRIPTION = "description"


class OrganisationVector(db.Model):
    """The embedding of one text of a profile. Recomputed by the worker only when the text (or
    the encoder) changes: ``text_hash`` covers both."""

    __tablename__ = "organisation_vector"
    __table_args__ = (
        UniqueConstraint("organisation_id", "kind", "position"),
        CheckConstraint("kind IN ('need', 'offer', 'description')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    #: Index of the text in the profile's ``needs`` or ``offers`` list (0 for the description).
    position: Mapped[int] = mapped_column(Integer)
    #: SHA-256 of the encoder's name and the text: an unchanged text is not embedded again.
    text_hash: Mapped[str] = mapped_column(String(64))
    #: float32 values, L2-normalised, little-endian.
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    #: The encoder that produced the vector, e.g. ``use-multilingual-v3`` or ``lexical-v1``.
    model: Mapped[str] = mapped_column(String(40))


class MatchingChange(db.Model):
    """An organisation whose matching changed: new vectors, another region or technology field,
    or it is no longer published. Appended by the worker in the transaction that stores the
    change; each host overlays the organisations changed after its own copy of the index
    (:mod:`portal.matching.replica`). No foreign key: the change of an organisation that is gone
    is kept, so that every host drops it."""

    __tablename__ = "matching_change"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    organisation_id: Mapped[int] = mapped_column(Integer, index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class DigestSchedule(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class MatchSubscription(db.Model):
    """A member of an organisation wants its new or better partner suggestions by e-mail."""

    __tablename__ = "match_subscription"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        check_in("schedule", DigestSchedule),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    schedule: Mapped[str] = mapped_column(String(10), default=DigestSchedule.WEEKLY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MatchSent(db.Model):
    """A partner a subscription's digest has named, with the score it had then: it is named
    again only when its score has improved."""

    __tablename__ = "match_sent"
    __table_args__ = (UniqueConstraint("subscription_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("match_subscription.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
