"""The outbox's tasks: the delivery of one message, and the sweep that re-sends deliveries a
lost message or a lost retry left behind."""

from __future__ import annotations

import logging

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.notifications import delivery
from portal.notifications.delivery import Outcome

log = logging.getLogger(__name__)


@portal_task(bind=True)
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


@portal_task
def sweep_outbox() -> int:
    """Re-send the delivery of pending messages that are overdue by their retry schedule: the
    send was lost (a process died between commit and send) or the worker lost the retry."""
    ids = delivery.overdue_message_ids(utcnow())
    db.session.rollback()
    for message_id in ids:
        send_now(deliver_mail, message_id)
    if ids:
        log.info("outbox sweep re-sent %d deliveries", len(ids))
    return len(ids)
