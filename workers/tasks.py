"""Every task the worker runs. Tasks are thin: load by id, return early when there is nothing
left to do (so a repeated delivery is harmless), call a service, commit once."""

from __future__ import annotations

import logging

from celery import shared_task
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portal.core.db import utcnow
from portal.core.jobs import TaskName, send_now
from portal.extensions import db
from portal.matching import services as matching
from portal.notifications import delivery
from portal.notifications.delivery import Outcome

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


@shared_task(name=str(TaskName.EMBED_ORGANISATION), **RELIABLE)
def embed_organisation(organisation_id: int) -> int:
    """Embed the texts of a changed profile (unchanged texts keep their vectors), then ask for
    the matching index to be rebuilt."""
    embedded = matching.embed_organisation(organisation_id)
    db.session.commit()
    send_now(TaskName.REBUILD_MATCHING_INDEX, utcnow().timestamp())
    return embedded


@shared_task(name=str(TaskName.REBUILD_MATCHING_INDEX), **RELIABLE)
def rebuild_matching_index(requested_at: float) -> bool:
    """Rebuild the shared matching index, unless one was built after this was asked for: a
    burst of profile changes costs one rebuild, and a repeated delivery nothing."""
    index = matching.current_index()
    if index is not None and index.meta["built_at"] >= requested_at:
        return False
    matching.rebuild_index()
    db.session.rollback()
    return True
