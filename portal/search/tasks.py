"""The search's tasks: re-indexing a changed profile, and the daily saved-search digest."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.extensions import db
from portal.search import digest, services


@portal_task(retry_also=(IntegrityError,))
def index_document(kind: str, object_id: int) -> bool:
    """Rewrite the search document of a profile that changed (or drop it if the profile is
    gone). Idempotent; two deliveries racing to create the same document: one retries."""
    written = services.reindex(kind, object_id) is not None
    db.session.commit()
    return written


@portal_task(retry_also=(IntegrityError,))
def index_documents(kind: str, object_ids: list[int]) -> int:
    """:func:`index_document` for the documents of many profiles changed together (an import),
    at most ``INDEX_BATCH``, in one transaction. Returns how many documents were written."""
    written = sum(services.reindex(kind, int(object_id)) is not None
                  for object_id in object_ids[:services.INDEX_BATCH])
    db.session.commit()
    return written


@portal_task
def send_digests() -> int:
    """Mail each saved search that is due its new results (daily, from the beat); one commit per
    saved search, so a repeated run sends nothing twice. Returns the number of mails."""
    now = utcnow()
    sent = 0
    for saved_id in digest.due_ids(now):
        sent += digest.send_digest(saved_id, now)
        db.session.commit()
    return sent
