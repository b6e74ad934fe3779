"""Queueing e-mail: rendered now in the recipient's language, delivered by the worker."""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from sqlalchemy.dialects import postgresql, sqlite

from portal.core.db import utcnow
from portal.core.i18n import in_language
from portal.core.jobs import enqueue
from portal.core.timezones import in_zone_of
from portal.extensions import db
from portal.notifications.models import NotificationKey, OutboxMessage


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


def _record_key(event: str, user_id: int, now: datetime) -> bool:
    """Whether this insert took: ``False`` when the user was already told of ``event``."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = NotificationKey.__table__
    inserted = db.session.execute(
        insert(table).values(event=event, user_id=user_id, sent_at=now)
        .on_conflict_do_nothing(index_elements=["event", "user_id"]).returning(table.c.id))
    return inserted.first() is not None


def mail_once(user, event: str, template: str, now: datetime | None = None, **context) -> bool:
    """Mail ``user`` about ``event`` (a kind and its object, e.g. ``decision.in_force:4``) unless
    they were told of it before; a deactivated account is told nothing. Safe in a sweep that
    runs twice, or in two workers at once: only the run whose key insert took writes the mail.
    Returns whether a message was written."""
    if not user.is_active:
        return False
    if not _record_key(event[:100], user.id, now or utcnow()):
        return False
    mail_user(user, template, **context)
    return True
