"""The search index and saved searches.

A :class:`SearchDocument` is one searchable thing (an organisation, a cluster, later an ad) with
the attributes the filters read; its :class:`SearchPosting` rows are the inverted index: one row
per term and document, with the term's weighted frequency. Terms are stems, ``~concept`` terms of
the bilingual lexicon, and filter attributes that hold several values (``tf:energy``,
``nace:21``, ``nace:21.2``, ``nace:21.20``), which carry no weight. Rows are rewritten by
:func:`portal.search.services.reindex` whenever the profile changes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import UTCDateTime, utcnow
from portal.extensions import db


class SearchDocument(db.Model):
    __tablename__ = "search_document"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_document_public_title", "public", "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``organisation``, ``cluster`` (``ad`` later): the table ``object_id`` points into.
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(5))
    #: Shown to everyone: a published profile.
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    state_code: Mapped[str | None] = mapped_column(String(2))
    region_code: Mapped[str | None] = mapped_column(String(6))
    #: The organisation's kind (triple-helix role); none for a cluster.
    category: Mapped[str | None] = mapped_column(String(30))
    #: Sum of the weighted term frequencies: BM25's document length.
    length: Mapped[float] = mapped_column(Float, default=0.0)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchPosting(db.Model):
    __tablename__ = "search_posting"
    #: By document, then term: re-indexing deletes a document's rows, and the facet counts read
    #: the ``tf:`` and ``nace:`` terms of the documents found.
    __table_args__ = (Index("ix_search_posting_document_id_term", "document_id", "term"),)

    term: Mapped[str] = mapped_column(String(80), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("search_document.id", ondelete="CASCADE"), primary_key=True)
    #: Term frequency weighted by field (a word of the name counts more than one of the text).
    weight: Mapped[float] = mapped_column(Float)


class Schedule(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


class SavedSearch(db.Model):
    """A user's search, re-run on their schedule; new results are mailed to them."""

    __tablename__ = "saved_search"
    __table_args__ = (
        CheckConstraint("schedule IN ('daily', 'weekly', 'off')", name="schedule_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The search's parameters as the page and the API take them: ``{"q": ..., "state": ...}``.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    schedule: Mapped[str] = mapped_column(String(10), default=Schedule.WEEKLY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: ``kind:id`` of every result the user has been told about (or saw when saving).
    last_result_ids: Mapped[list] = mapped_column(JSON, default=list)
