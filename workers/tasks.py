"""Every task the worker runs. Tasks are thin: load by id, return early when there is nothing
left to do (so a repeated delivery is harmless), call a service, commit once."""

from __future__ import annotations

import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portal.core.db import utcnow
from portal.core.jobs import TaskName, send_now
from portal.extensions import db
from portal.notifications import delivery
from portal.notifications.models import MessageStatus, OutboxMessage

log = logging.getLogger(__name__)

#: Settings shared by the tasks: retried with backoff on the failures that pass.
RELIABLE = {
    "acks_late": True,
    "autoretry_for": (OperationalError, StaleDataError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name=str(TaskName.DELIVER_MAIL), bind=True, **RELIABLE)
def deliver_mail(self, message_id: int) -> None:
    try:
        delivered = delivery.deliver(message_id)
        db.session.commit()
    except (SMTPException, OSError) as error:
        db.session.rollback()
        delivery.record_failure(message_id, repr(error))
        db.session.commit()
        raise self.retry(exc=error, countdown=min(600, 2 ** self.request.retries * 5)) from error
    if delivered:
        log.info("outbox message %s delivered", message_id)


@shared_task(name=str(TaskName.SWEEP_OUTBOX), **RELIABLE)
def sweep_outbox() -> int:
    """Re-send the delivery of messages left pending (a process died between commit and send)."""
    stale = utcnow() - timedelta(minutes=2)
    ids = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.created_at < stale)))
    db.session.rollback()
    for message_id in ids:
        send_now(TaskName.DELIVER_MAIL, message_id)
    return len(ids)
