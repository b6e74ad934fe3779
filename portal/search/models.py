"""The search index and saved searches.

A :class:`SearchDocument` is one searchable thing (an organisation, a cluster, later an ad) with
the attributes the listing reads. A published one also has :class:`SearchPosting` rows, the
inverted index of its words: one row per term (a stem or a ``~concept`` of the bilingual
lexicon) with the term's weighted frequency and its *impact*, the document's BM25
term-frequency part, so that a term's strongest postings are read first from the index on
(term, impact); and :class:`SearchAttribute` rows, the terms that filters and facets read
(``type:organisation``, ``state:KZ``, ``region:KZ-35``, ``kind:enterprise``, ``tf:energy``,
``nace:21``, ``nace:21.2``, ``nace:21.20``). :class:`SearchTerm` counts the documents of every
term of either kind (BM25's document frequency, the size of a filter), updated in the same
transaction. Rows are rewritten by :func:`portal.search.services.reindex` whenever the profile
changes.
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
    PrimaryKeyConstraint,
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
    #: The primary key (document, term) serves re-indexing and scoring a few documents
    #: exactly; (term, impact, document) is the index a query reads, strongest postings first.
    __table_args__ = (
        PrimaryKeyConstraint("document_id", "term"),
        Index("ix_search_posting_term_impact_document_id", "term", "impact", "document_id"),
    )

    document_id: Mapped[int] = mapped_column(
        ForeignKey("search_document.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(80))
    #: Term frequency weighted by field (a word of the name counts more than one of the text).
    weight: Mapped[float] = mapped_column(Float)
    #: ``weight·(k1 + 1) / (weight + k1·(1 − b + b·length/average length))``, with the average
    #: length of the published documents when this one was indexed: a query's score of the
    #: document is the sum over its terms of idf × impact.
    impact: Mapped[float] = mapped_column(Float)


class SearchAttribute(db.Model):
    """A published document's filter and facet values, one row each (``state:KZ``…)."""

    __tablename__ = "search_attribute"
    #: By document (the facets of a set of documents), and by term (a filter's documents).
    __table_args__ = (
        PrimaryKeyConstraint("document_id", "term"),
        Index("ix_search_attribute_term_document_id", "term", "document_id"),
    )

    document_id: Mapped[int] = mapped_column(
        ForeignKey("search_document.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(80))


class SearchTerm(db.Model):
    """How many published documents hold each term: idf, and the size of a filter."""

    __tablename__ = "search_term"

    term: Mapped[str] = mapped_column(String(80), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)
    #: The facet an attribute term counts for (``state``, ``technology_field``, ``nace`` for a
    #: division…), so that the facets of the whole index are read from here; none otherwise.
    facet: Mapped[str | None] = mapped_column(String(20), index=True)


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
