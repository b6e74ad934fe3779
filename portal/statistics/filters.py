"""The one filter of the statistics, ``call``: checked where it enters, the same for the page and
the API, before any figure is counted."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.calls.models import Call
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db

#: Longest call id accepted (a bigger one is not an id, and is refused before any query).
MAX_ID_DIGITS = 12


def call_filter(raw: str | None) -> int | None:
    """The id of the call the statistics are limited to, or ``None`` for every call; 422 when
    it is not the id of a call."""
    raw = (raw or "").strip()
    if not raw:
        return None
    problems: Problems = {}
    if not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        add_problem(problems, "call", _("Choose a call from the list."))
    elif db.session.get(Call, int(raw)) is None:
        add_problem(problems, "call", _("There is no such call."))
    raise_if(problems)
    return int(raw)


def call_choices() -> list[tuple[int, str]]:
    """``(id, title)`` of every call, newest first, for the page's filter."""
    return [(row.id, row.title) for row in db.session.execute(
        select(Call.id, Call.title).order_by(Call.opens_at.desc(), Call.id.desc()))]
