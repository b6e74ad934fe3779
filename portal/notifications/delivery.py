"""Delivery of one outbox message, and the schedule of its retries, used by the worker's tasks.

A message is delivered at least once, and in practice once: the delivery locks the row and
returns early unless it is still ``pending``, so a repeated task changes nothing. The one gap
left is a worker that dies after the SMTP server accepted the message and before the status was
committed: the message is then sent again, with the same ``Message-ID`` so that mail clients
can recognise the copy.

States: ``pending`` → ``sent`` (the SMTP server accepted it) or ``logged`` (no ``MAIL_SERVER``:
kept for the outbox page); ``pending`` → ``failed`` when the server refuses it for good (a 5xx
reply) or after :data:`MAX_ATTEMPTS` attempts. Each failed attempt is recorded on the row
(``attempts``, ``last_error``) and the task is retried after :func:`retry_delay` seconds.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from enum import StrEnum

from flask import current_app
from sqlalchemy import select

from portal.config import MAX_RETRY_COUNTDOWN
from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.models import MessageStatus, OutboxMessage

MAX_ATTEMPTS = 8


class Outcome(StrEnum):
    DELIVERED = "delivered"
    NOTHING_TO_DO = "nothing_to_do"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    #: Seconds until the next attempt, when the outcome is ``retry``.
    retry_in: float | None = None


def retry_delay(failures: int, base: float) -> float:
    """Seconds between the ``failures``-th failed attempt (1, 2, …) and the next one."""
    return min(MAX_RETRY_COUNTDOWN, base * 2 ** (failures - 1))


def next_attempt_due(created_at: datetime, failures: int, base: float) -> datetime:
    """When the next attempt of a message written at ``created_at`` is due by the retry
    schedule, after ``failures`` failed attempts (the first attempt is due at once)."""
    return created_at + timedelta(seconds=sum(retry_delay(n, base) for n in range(1, failures + 1)))


def is_permanent(error: Exception) -> bool:
    """A 5xx refusal of the sender, every recipient or the content: retrying cannot help.
    Refused credentials are not permanent: the administrator fixes the settings."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _compose(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}@{config['MAIL_FROM'].partition('@')[2] or 'portal'}>"
    email.set_content(message.body)
    email["Content-Language"] = message.language  # after set_content, which clears Content-*
    return email


def _smtp_send(message: OutboxMessage) -> None:
    config = current_app.config
    email = _compose(message)
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
    finally:
        _close_quietly(smtp)


def _close_quietly(smtp: smtplib.SMTP) -> None:
    """Once the server has accepted the message, a failed QUIT must not cause a second copy."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def deliver(message_id: int) -> Attempt:
    """Deliver a pending message; the caller commits whatever the outcome. The row stays
    locked during the SMTP exchange, so a concurrent repeat waits and then finds it done."""
    message = db.session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.status != MessageStatus.PENDING:
        return Attempt(Outcome.NOTHING_TO_DO)
    message.attempts += 1
    if current_app.config["MAIL_SERVER"]:
        try:
            _smtp_send(message)
        except (smtplib.SMTPException, OSError) as error:
            return _record_failure(message, error)
        message.status = MessageStatus.SENT
    else:
        message.status = MessageStatus.LOGGED
    message.last_error = None
    message.delivered_at = utcnow()
    return Attempt(Outcome.DELIVERED)


def _record_failure(message: OutboxMessage, error: Exception) -> Attempt:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or message.attempts >= MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
        return Attempt(Outcome.FAILED)
    return Attempt(Outcome.RETRY, retry_delay(message.attempts, current_app.config["MAIL_RETRY_DELAY"]))


def overdue_message_ids(now: datetime) -> list[int]:
    """Pending messages whose next attempt is overdue by more than ``OUTBOX_SWEEP_GRACE``
    seconds (plus ``MAIL_TIMEOUT`` per attempt made, for the time the attempts took): their
    delivery was never sent (a process died between commit and send) or its retry was lost.
    A message waiting for its retry countdown is left alone, so the sweep keeps the back-off."""
    config = current_app.config
    grace, base = config["OUTBOX_SWEEP_GRACE"], config["MAIL_RETRY_DELAY"]
    rows = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.created_at, OutboxMessage.attempts)
        .where(OutboxMessage.status == MessageStatus.PENDING,
               OutboxMessage.created_at < now - timedelta(seconds=grace))
        .order_by(OutboxMessage.id))
    return [
        row.id for row in rows
        if now - next_attempt_due(row.created_at, row.attempts, base)
        > timedelta(seconds=grace + row.attempts * config["MAIL_TIMEOUT"])
    ]
