"""Delivery of one outbox message, used by the worker's task."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.models import MessageStatus, OutboxMessage

MAX_ATTEMPTS = 8


def _smtp_send(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Content-Language"] = message.language
    email["Message-ID"] = f"<outbox-{message.id}@{config['MAIL_FROM'].partition('@')[2] or 'portal'}>"
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def deliver(message_id: int) -> bool:
    """Deliver a pending message; ``False`` when there was nothing to do (already delivered,
    so a repeated task changes nothing). SMTP errors propagate for the task to retry."""
    message = db.session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.status != MessageStatus.PENDING:
        return False
    message.attempts += 1
    if current_app.config["MAIL_SERVER"]:
        _smtp_send(message)
        message.status = MessageStatus.SENT
    else:
        message.status = MessageStatus.LOGGED
    message.delivered_at = utcnow()
    return True


def record_failure(message_id: int, error: str) -> None:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != MessageStatus.PENDING:
        return
    message.attempts += 1
    message.last_error = error[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
