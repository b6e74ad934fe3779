"""Every task the worker runs. Tasks are thin: load by id, return early when there is nothing
left to do (so a repeated delivery is harmless), call a service, commit once."""

from __future__ import annotations

import logging

from celery import shared_task
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portal.core.db import utcnow
from portal.core.jobs import TaskName, send_now
from portal.extensions import db
from portal.notifications import delivery
from portal.notifications.delivery import Outcome
from portal.search import digest
from portal.search import services as search

log = logging.getLogger(__name__)

#: Settings shared by the tasks: retried with backoff on the database failures that pass.
RELIABLE = {
    "acks_late": True,
    "autoretry_for": (OperationalError, StaleDataError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name=str(TaskName.DELIVER_MAIL), bind=True, **RELIABLE)
def deliver_mail(self, message_id: int) -> str:
    """Send one outbox message. A failed SMTP attempt is recorded on the row, committed, and
    retried on the row's back-off schedule until the message is sent or marked failed."""
    attempt = delivery.deliver(message_id)
    db.session.commit()
    if attempt.outcome is Outcome.RETRY:
        log.warning("outbox message %s not delivered; retrying in %ss", message_id, attempt.retry_in)
        raise self.retry(countdown=attempt.retry_in)
    if attempt.outcome is Outcome.FAILED:
        log.error("outbox message %s failed for good", message_id)
    return str(attempt.outcome)


@shared_task(name=str(TaskName.SWEEP_OUTBOX), **RELIABLE)
def sweep_outbox() -> int:
    """Re-send the delivery of pending messages that are overdue by their retry schedule: the
    send was lost (a process died between commit and send) or the worker lost the retry."""
    ids = delivery.overdue_message_ids(utcnow())
    db.session.rollback()
    for message_id in ids:
        send_now(TaskName.DELIVER_MAIL, message_id)
    if ids:
        log.info("outbox sweep re-sent %d deliveries", len(ids))
    return len(ids)


@shared_task(name=str(TaskName.INDEX_DOCUMENT),
             **{**RELIABLE, "autoretry_for": (*RELIABLE["autoretry_for"], IntegrityError)})
def index_document(kind: str, object_id: int) -> bool:
    """Rewrite the search document of a profile that changed (or drop it if the profile is
    gone). Idempotent; two deliveries racing to create the same document: one retries."""
    written = search.reindex(kind, object_id) is not None
    db.session.commit()
    return written


@shared_task(name=str(TaskName.SEND_SEARCH_DIGESTS), **RELIABLE)
def send_search_digests() -> int:
    """Mail each saved search that is due its new results (daily, from the beat); one commit per
    saved search, so a repeated run sends nothing twice."""
    return digest.send_due_digests()
