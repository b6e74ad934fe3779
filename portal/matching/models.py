"""Stored text vectors of organisation profiles, one per need, offer and description."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
