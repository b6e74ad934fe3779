"""The states of an outbox message in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.notifications.models import MessageStatus

STATUS_NAMES = {
    MessageStatus.PENDING: _l("Waiting to be sent"),
    MessageStatus.SENT: _l("Sent"),
    MessageStatus.LOGGED: _l("Kept here: no mail server"),
    MessageStatus.FAILED: _l("Not delivered"),
}


def status_name(status: str) -> str:
    return str(STATUS_NAMES.get(status, status))
