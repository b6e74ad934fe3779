"""Keeping the index in step with the profiles, and saved searches.

A change to an indexed model (an organisation, a cluster) is noticed when the session flushes,
and an ``INDEX_DOCUMENT`` task is sent after the commit; the worker calls :func:`reindex`, which
rewrites the object's document and postings (idempotent: a repeated delivery writes the same
rows). ``portal search reindex`` rebuilds everything with :func:`reindex_all`.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import NotFound, PermissionDenied, ValidationError
from portal.core.jobs import TaskName, enqueue
from portal.extensions import db
from portal.search import documents
from portal.search.documents import Document, document_for
from portal.search.indexing import postings
from portal.search.models import SavedSearch, Schedule, SearchDocument, SearchPosting

_QUEUED = "portal_search_queued"


def reindex(kind: str, object_id: int) -> SearchDocument | None:
    """Rewrite the document of one object from its current state; drop it if the object is
    gone. Flushes; the caller commits."""
    document = document_for(kind, object_id)
    row = db.session.scalar(select(SearchDocument).where(
        SearchDocument.kind == kind, SearchDocument.object_id == object_id))
    if document is None:
        if row is not None:
            db.session.execute(delete(SearchPosting).where(SearchPosting.document_id == row.id))
            db.session.delete(row)
            db.session.flush()
        return None
    if row is None:
        row = SearchDocument(kind=kind, object_id=object_id)
        db.session.add(row)
    weights, length = postings(document)
    _fill(row, document, length)
    db.session.flush()
    db.session.execute(delete(SearchPosting).where(SearchPosting.document_id == row.id))
    _insert_postings([(row.id, weights)])
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


def _insert_postings(batch: list[tuple[int, dict[str, float]]]) -> None:
    """Write postings in bulk: COPY on PostgreSQL (an executemany sends one statement per row
    there), an executemany on SQLite (fast in process)."""
    rows = [(term, document_id, weight)
            for document_id, weights in batch for term, weight in weights.items()]
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(
                "COPY search_posting (term, document_id, weight) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    db.session.execute(insert(SearchPosting.__table__),
                       [{"term": t, "document_id": d, "weight": w} for t, d, w in rows])


def reindex_all(batch_size: int = 500, progress=None) -> int:
    """Rebuild the whole index from the profiles (``portal search reindex``); commits by batch
    so that a large registry never holds one huge transaction. Returns the documents written."""
    db.session.execute(delete(SearchPosting))
    db.session.execute(delete(SearchDocument))
    db.session.commit()
    written = 0
    for kind, model in documents.MODELS.items():
        ids = list(db.session.scalars(select(model.id).order_by(model.id)))
        for start in range(0, len(ids), batch_size):
            written += index_new(kind, ids[start:start + batch_size])
            db.session.commit()
            db.session.expunge_all()
            if progress:
                progress(written)
    return written


def index_new(kind: str, ids: list[int]) -> int:
    """Write the documents of objects that have none yet, in one batch (a rebuild, a bulk
    import); flushes. Returns the documents written."""
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
        rows.append((row, weights))
    db.session.add_all([row for row, _weights in rows])
    db.session.flush()
    _insert_postings([(row.id, weights) for row, weights in rows])
    return len(rows)


@event.listens_for(Session, "after_flush")
def _queue_reindexing(session: Session, _context) -> None:
    """Ask the worker to re-index every indexed object this flush created, changed or deleted;
    sent after the commit, once per object and transaction."""
    kinds = {model: kind for kind, model in documents.MODELS.items()}
    queued = session.info.setdefault(_QUEUED, set())
    for obj in [*session.new, *session.dirty, *session.deleted]:
        kind = kinds.get(type(obj))
        if kind is None or obj.id is None:
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        key = (id(session.get_transaction()), kind, obj.id)
        if key not in queued:
            queued.add(key)
            enqueue(TaskName.INDEX_DOCUMENT, kind, obj.id)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_queued(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_QUEUED, None)


# Saved searches ---------------------------------------------------------------------------------

def save_search(user, name: str, params: dict, schedule: str, current_ids: list[str]) -> SavedSearch:
    """Keep a search for its digest; what it finds now is known already and will not be mailed."""
    name = (name or "").strip()
    problems = {}
    if not name:
        problems["name"] = [_("This field is required.")]
    if schedule not in set(Schedule):
        problems["schedule"] = [_("Choose daily, weekly or off.")]
    if problems:
        raise ValidationError(_("Some values are not valid."), problems)
    saved = SavedSearch(user_id=user.id, name=name[:200], params=dict(params), schedule=schedule,
                        last_sent_at=utcnow(), last_result_ids=sorted(current_ids))
    db.session.add(saved)
    db.session.flush()
    audit.record("saved_search.create", user, f"saved_search:{saved.id}", name=saved.name)
    return saved


def delete_saved_search(saved_id: int, user) -> None:
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None:
        raise NotFound(_("There is nothing here."))
    if saved.user_id != user.id:
        raise PermissionDenied(_("This is not your saved search."))
    db.session.delete(saved)
    db.session.flush()
    audit.record("saved_search.delete", user, f"saved_search:{saved_id}")
