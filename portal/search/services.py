"""Keeping the index in step with the profiles, and saved searches.

A change to an indexed model (an organisation, a cluster) or to a part of one (a cluster's
member, :data:`portal.search.documents.PARTS`) is noticed when the session flushes,
and ``portal.search.tasks.index_document`` is sent after the commit; the worker calls :func:`reindex`, which
rewrites the object's document and postings (idempotent: a repeated delivery writes the same
rows). ``portal search reindex`` rebuilds everything with :func:`reindex_all`.

Only published profiles have postings and attributes. Each posting carries its impact (BM25's
term-frequency part) computed with the average document length of the moment; the document
count of every term (:class:`SearchTerm`) is updated in the same transaction, in term order,
so that two workers indexing at once wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import delete, event, func, insert, inspect, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import NotFound, PermissionDenied, ValidationError
from portal.core.jobs import enqueue
from portal.extensions import db
from portal.registry.models import Cluster, ClusterMember, Organisation
from portal.search import documents
from portal.search.documents import Document, document_for
from portal.search.engine import SearchQuery, search
from portal.search.indexing import K1, B, attribute_terms, facet_of, impact, postings
from portal.search.models import (
    SavedSearch,
    Schedule,
    SearchAttribute,
    SearchDocument,
    SearchPosting,
    SearchTerm,
)

_QUEUED = "portal_search_queued"
#: Documents re-indexed by one task when a flush changes many.
INDEX_BATCH = 500
#: A rebuild recomputes every impact at the end when the average length it finished with
#: differs by more than this share from one its batches used.
AVERAGE_DRIFT = 0.01


def reindex(kind: str, object_id: int) -> SearchDocument | None:
    """Rewrite the document of one object from its current state; drop it if the object is
    gone. Flushes; the caller commits."""
    document = document_for(kind, object_id)
    row = db.session.scalar(select(SearchDocument).where(
        SearchDocument.kind == kind, SearchDocument.object_id == object_id).with_for_update())
    counts: Counter[str] = Counter()
    if row is not None:
        counts.subtract(_drop_terms(row.id))
    if document is None:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        _count_terms(counts)
        return None
    if row is None:
        row = SearchDocument(kind=kind, object_id=object_id)
        db.session.add(row)
    weights, length = postings(document)
    _fill(row, document, length)
    db.session.flush()
    if document.public:
        attributes = attribute_terms(document)
        _insert_postings([(row.id, weights, length)], _average_length())
        _insert_attributes([(row.id, attributes)])
        counts.update([*weights, *attributes])
    _count_terms(counts)
    return row


def _fill(row: SearchDocument, document: Document, length: float) -> None:
    row.title = document.title[:300]
    row.language = document.language
    row.public = document.public
    row.state_code = document.state_code
    row.region_code = document.region_code
    row.category = document.category
    row.length = length
    row.indexed_at = utcnow()


def _drop_terms(document_id: int) -> list[str]:
    """Delete a document's postings and attributes; the terms it had."""
    found: list[str] = []
    for table in (SearchPosting.__table__, SearchAttribute.__table__):
        found += db.session.scalars(
            delete(table).where(table.c.document_id == document_id).returning(table.c.term))
    return found


def _average_length() -> float:
    """The average length of the published documents (BM25's avgdl), once flushed."""
    found = db.session.scalar(select(func.avg(SearchDocument.length))
                              .where(SearchDocument.public.is_(True)))
    return float(found or 0.0) or 1.0


def _insert_postings(batch: list[tuple[int, dict[str, float], float]], average: float) -> None:
    rows = [(document_id, term, weight, impact(weight, length, average))
            for document_id, weights, length in batch for term, weight in weights.items()]
    _copy(SearchPosting.__table__, ("document_id", "term", "weight", "impact"), rows)


def _insert_attributes(batch: list[tuple[int, set[str]]]) -> None:
    rows = [(document_id, term) for document_id, terms in batch for term in sorted(terms)]
    _copy(SearchAttribute.__table__, ("document_id", "term"), rows)


def _copy(table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Write rows in bulk: COPY on PostgreSQL (an executemany sends one statement per row
    there), an executemany on SQLite (fast in process)."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None  # the session's connection is checked out, so open
        with driver.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    db.session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


_COUNT_TERMS_POSTGRESQL = text(
    "INSERT INTO search_term (term, documents, facet) "
    "SELECT term, documents, facet FROM unnest(CAST(:terms AS VARCHAR[]), "
    "CAST(:documents AS INTEGER[]), CAST(:facets AS VARCHAR[])) AS changed (term, documents, facet) "
    "ORDER BY term "
    "ON CONFLICT (term) DO UPDATE SET documents = search_term.documents + excluded.documents")


def _count_terms(changes: Counter[str]) -> None:
    """Add ``changes`` (term: +n or −n documents) to the term counts, in term order (so that
    two transactions lock the rows they share in the same order); forget the terms no document
    holds any more."""
    changed = sorted((term, count) for term, count in changes.items() if count)
    if not changed:
        return
    table = SearchTerm.__table__
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(_COUNT_TERMS_POSTGRESQL, {
            "terms": [term for term, _count in changed],
            "documents": [count for _term, count in changed],
            "facets": [facet_of(term) for term, _count in changed]})
    else:
        upsert = sqlite.insert(table)
        db.session.execute(upsert.on_conflict_do_update(
            index_elements=[table.c.term],
            set_={"documents": table.c.documents + upsert.excluded.documents}),
            [{"term": term, "documents": count, "facet": facet_of(term)}
             for term, count in changed])
    gone = [term for term, count in changed if count < 0]
    for start in range(0, len(gone), 1000):
        db.session.execute(delete(table).where(table.c.term.in_(gone[start:start + 1000]),
                                               table.c.documents <= 0))


def reindex_all(batch_size: int = 500, progress=None) -> int:
    """Rebuild the whole index from the profiles (``portal search reindex``); commits by batch
    so that a large registry never holds one huge transaction. Returns the documents written.
    Each batch computes its impacts with the average length of what is indexed so far; if the
    final average differs from one of those, every impact is recomputed with it at the end."""
    db.session.execute(delete(SearchPosting))
    db.session.execute(delete(SearchAttribute))
    db.session.execute(delete(SearchTerm))
    db.session.execute(delete(SearchDocument))
    db.session.commit()
    written, averages = 0, []
    for kind, model in documents.MODELS.items():
        ids = list(db.session.scalars(select(model.id).order_by(model.id)))
        for start in range(0, len(ids), batch_size):
            count, average = _index_batch(kind, ids[start:start + batch_size])
            written += count
            if average is not None:
                averages.append(average)
            db.session.commit()
            db.session.expunge_all()
            if progress:
                progress(written)
    final = _average_length()
    if any(abs(average - final) > AVERAGE_DRIFT * final for average in averages):
        refresh_impacts(final)
        db.session.commit()
    return written


def refresh_impacts(average: float) -> None:
    """Recompute every posting's impact with ``average`` as the average length (one
    statement; the same formula as :func:`portal.search.indexing.impact`)."""
    posting = SearchPosting.__table__
    length = (select(SearchDocument.length).where(SearchDocument.id == posting.c.document_id)
              .scalar_subquery())
    norm = K1 * (1 - B) + (K1 * B / average) * length
    db.session.execute(update(posting).values(
        impact=posting.c.weight * (K1 + 1) / (posting.c.weight + norm)))


def _index_batch(kind: str, ids: list[int]) -> tuple[int, float | None]:
    """(documents written, the average length their impacts used, if any was published)."""
    model = documents.MODELS[kind]
    # one query, not one each; held, or the session's weak identity map would forget them
    loaded = db.session.scalars(select(model).where(model.id.in_(ids))).all()  # noqa: F841
    rows = []
    for object_id in ids:
        document = document_for(kind, object_id)
        if document is None:
            continue
        weights, length = postings(document)
        row = SearchDocument(kind=kind, object_id=object_id)
        _fill(row, document, length)
        rows.append((row, weights, length, attribute_terms(document)))
    db.session.add_all([row for row, *_rest in rows])
    db.session.flush()
    published = [(row.id, weights, length, attributes)
                 for row, weights, length, attributes in rows if row.public]
    if not published:
        return len(rows), None
    average = _average_length()
    _insert_postings([(d, weights, length) for d, weights, length, _a in published], average)
    _insert_attributes([(d, attributes) for d, _w, _l, attributes in published])
    _count_terms(Counter(term for _d, weights, _l, attributes in published
                         for term in [*weights, *attributes]))
    return len(rows), average


@event.listens_for(Session, "after_flush")
def _queue_reindexing(session: Session, _context) -> None:
    """Ask the worker to re-index every indexed object this flush created, changed or deleted;
    sent after the commit, once per object and transaction: one task for a single document,
    one per ``INDEX_BATCH`` documents of a kind when a flush changes many (an import)."""
    kinds = {model: kind for kind, model in documents.MODELS.items()}
    queued = session.info.setdefault(_QUEUED, set())
    wanted: dict[str, list[int]] = {}
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if obj in session.dirty and not session.is_modified(obj):
            continue
        kind, object_id = _indexed_by(obj, kinds)
        if kind is None or object_id is None:
            continue
        for document in [(kind, object_id), *_classified_by(session, obj)]:
            key = (id(session.get_transaction()), *document)
            if key not in queued:
                queued.add(key)
                wanted.setdefault(document[0], []).append(document[1])
    for kind, ids in wanted.items():
        if len(ids) == 1:
            enqueue("portal.search.tasks.index_document", kind, ids[0])
            continue
        for start in range(0, len(ids), INDEX_BATCH):
            enqueue("portal.search.tasks.index_documents", kind, ids[start:start + INDEX_BATCH])


def _classified_by(session: Session, obj) -> list[tuple[str, int]]:
    """The clusters whose classification (a search attribute) an organisation that moved to
    another state or region makes: those it belongs to or manages. The registry stores their
    new classification without touching the cluster rows (:mod:`portal.registry.classification`)."""
    if not isinstance(obj, Organisation) or obj in session.new:
        return []
    moved: list[bool] = [inspect(obj).attrs[name].history.has_changes()
                         for name in ("state_code", "region_code")]
    if not any(moved):
        return []
    ids = session.scalars(select(ClusterMember.cluster_id)
                          .where(ClusterMember.organisation_id == obj.id)
                          .union(select(Cluster.id)
                                 .where(Cluster.management_organisation_id == obj.id)))
    return [("cluster", cluster_id) for cluster_id in sorted(set(ids))]


def _indexed_by(obj, kinds: dict) -> tuple[str | None, int | None]:
    """The document a changed row belongs to: its own, or the one it is part of
    (:data:`portal.search.documents.PARTS`)."""
    if type(obj) in kinds:
        return kinds[type(obj)], obj.id
    if type(obj) in documents.PARTS:
        kind, object_id_of = documents.PARTS[type(obj)]
        return kind, object_id_of(obj)
    return None, None


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_queued(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_QUEUED, None)


# Saved searches ---------------------------------------------------------------------------------

#: The results of a search that count as already seen when it is saved.
REMEMBERED = 200


#: The longest name of a saved search, and how many one user keeps (each costs a digest run).
SAVED_NAME_MAX = 200
SAVED_PER_USER = 50


def saved_search_problems(user, name, schedule) -> dict[str, list[str]]:
    """What is wrong with keeping a search of ``user`` under ``name`` on ``schedule``: the one
    place of these rules, for the page, the API and :func:`save_search`."""
    name = name.strip() if isinstance(name, str) else ""
    problems: dict[str, list[str]] = {}
    if not name:
        problems["name"] = [_("This field is required.")]
    elif len(name) > SAVED_NAME_MAX:
        problems["name"] = [_("At most %(max)d characters.", max=SAVED_NAME_MAX)]
    if not isinstance(schedule, str) or schedule not in set(Schedule):
        problems["schedule"] = [_("Choose daily, weekly or off.")]
    kept = db.session.scalar(select(func.count()).select_from(SavedSearch)
                             .where(SavedSearch.user_id == user.id)) or 0
    if kept >= SAVED_PER_USER:
        problems.setdefault("name", []).append(_(
            "You keep %(max)d saved searches, the most there may be: delete one first.",
            max=SAVED_PER_USER))
    return problems


def save_search(user, name: str, params: dict, schedule: str, current_ids: list[str]) -> SavedSearch:
    """Keep a search for its digest; what it finds now is known already and will not be mailed."""
    if problems := saved_search_problems(user, name, schedule):
        raise ValidationError(_("Some values are not valid."), problems)
    name = name.strip()
    saved = SavedSearch(user_id=user.id, name=name, params=dict(params), schedule=schedule,
                        last_sent_at=utcnow(), last_result_ids=sorted(current_ids))
    db.session.add(saved)
    db.session.flush()
    audit.record("saved_search.create", user, f"saved_search:{saved.id}", name=saved.name)
    return saved


def save_current_search(user, name: str, params: dict, schedule: str) -> SavedSearch:
    """Keep the search of ``params`` (the page's and the API's parameters) under ``name``: what
    it finds now (the first :data:`REMEMBERED` results) counts as known, so that the digest
    mails only what is new. The page and the API both save through here."""
    query = SearchQuery.from_params(params, per_page=REMEMBERED)
    current = [hit.key for hit in search(query, with_facets=False).hits]
    return save_search(user, name, query.params(), schedule, current)


def saved_searches_of(user) -> list[SavedSearch]:
    return list(db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)
                                   .order_by(SavedSearch.name, SavedSearch.id)))


def delete_saved_search(saved_id: int, user) -> None:
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None:
        raise NotFound(_("There is nothing here."))
    if saved.user_id != user.id:
        raise PermissionDenied(_("This is not your saved search."))
    db.session.delete(saved)
    db.session.flush()
    audit.record("saved_search.delete", user, f"saved_search:{saved_id}")
