"""Queueing e-mail: rendered now in the recipient's language, delivered by the worker."""

from __future__ import annotations

from flask import render_template

from portal.core.i18n import in_language
from portal.core.jobs import enqueue
from portal.core.timezones import in_zone_of
from portal.extensions import db
from portal.notifications.models import OutboxMessage


def queue_mail(recipient: str, template: str, language: str, user_id: int | None = None,
               **context) -> OutboxMessage:
    """Render ``templates/mail/<template>.txt`` (first line ``Subject: …``) in ``language`` and
    write it to the outbox; its delivery is sent to the worker once the transaction commits."""
    with in_language(language):
        rendered = render_template(f"mail/{template}.txt", **context)
    first, _newline, body = rendered.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"mail template {template} must start with a Subject: line")
    message = OutboxMessage(recipient=recipient, user_id=user_id, language=language,
                            subject=first.removeprefix("Subject:").strip(),
                            body=body.strip() + "\n", template=template)
    db.session.add(message)
    db.session.flush()
    enqueue("portal.notifications.tasks.deliver_mail", message.id)
    return message


def mail_user(user, template: str, **context) -> OutboxMessage:
    """A mail to a user, in their language, its times and dates in their time zone."""
    with in_zone_of(user.timezone):
        return queue_mail(user.email, template, user.language, user_id=user.id, user=user,
                          **context)
