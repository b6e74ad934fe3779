"""Reading the audit log: entries by object, actor, action and date range, newest first; the
head of the chain; and the export of the entries after one, in order, in bounded batches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, select

from portal.core import limits
from portal.core.audit import AuditEntry
from portal.core.errors import ValidationError
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db

#: The most entries one export answers; the next export starts after the last one it gave.
EXPORT_MAX = 10_000
_BATCH = 500
#: The longest text each filter may be: its column's width.
_FILTER_WIDTH = {"object": 80, "actor": 40, "action": 60}


@dataclass(frozen=True)
class AuditFilter:
    object: str = ""
    actor: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def empty(self) -> bool:
        return self == AuditFilter()


def _day(problems: Problems, field: str, raw: str) -> date | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        add_problem(problems, field, _("Give a date as YYYY-MM-DD."))
        return None
    if problem := limits.date_problem(day):
        add_problem(problems, field, problem)
    return day


def parse_filter(args) -> AuditFilter:
    """The filters of a request's arguments (``object``, ``actor``, ``action``, ``from``,
    ``to``: days, both included); 422 with the field for a bad one."""
    problems: Problems = {}
    texts = {}
    for name, width in _FILTER_WIDTH.items():
        texts[name] = (args.get(name) or "").strip()
        if problem := limits.text_problem(texts[name], width):
            add_problem(problems, name, problem)
    since = _day(problems, "from", (args.get("from") or "").strip())
    until = _day(problems, "to", (args.get("to") or "").strip())
    if since and until and since > until:
        add_problem(problems, "to", _("The end of the range must not be before its start."))
    raise_if(problems)
    return AuditFilter(since=since, until=until, **texts)


def entries_query(wanted: AuditFilter) -> Select:
    query = select(AuditEntry)
    if wanted.object:
        query = query.where(AuditEntry.object == wanted.object)
    if wanted.actor:
        query = query.where(AuditEntry.actor == wanted.actor)
    if wanted.action:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.since:
        query = query.where(AuditEntry.at >= datetime.combine(wanted.since, time(), UTC))
    if wanted.until:
        end = datetime.combine(wanted.until + timedelta(days=1), time(), UTC)
        query = query.where(AuditEntry.at < end)
    return query.order_by(AuditEntry.seq.desc())


def head() -> AuditEntry | None:
    return db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))


def parse_after(raw: str | None) -> int:
    """``?after=``: a whole number from 0; 422 otherwise."""
    raw = (raw or "0").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= len(str(limits.INTEGER_MAX)):
        value = int(raw)
        if value <= limits.INTEGER_MAX:
            return value
    message = _("Give the number of an entry: a whole number from 0.")
    raise ValidationError(message, {"after": [message]})


_COLUMNS = [AuditEntry.seq, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.object,
            AuditEntry.data, AuditEntry.ip, AuditEntry.prev_hash, AuditEntry.hash]


def entries_after(after: int, most: int = EXPORT_MAX) -> Iterator:
    """The entries after number ``after``, in order, at most ``most``, read in batches of rows
    (not objects: the export holds at most ``most`` rows, and encodes them as it sends)."""
    given = 0
    while given < most:
        batch = db.session.execute(
            select(*_COLUMNS).where(AuditEntry.seq > after).order_by(AuditEntry.seq)
            .limit(min(_BATCH, most - given))).all()
        if not batch:
            return
        yield from batch
        given += len(batch)
        after = batch[-1].seq


def last_after(after: int, most: int = EXPORT_MAX) -> int | None:
    """The number of the last entry an export after ``after`` gives, when more follow it."""
    last = db.session.scalar(select(AuditEntry.seq).where(AuditEntry.seq > after)
                             .order_by(AuditEntry.seq).offset(most - 1).limit(1))
    more = last is not None and db.session.scalar(
        select(AuditEntry.seq).where(AuditEntry.seq > last).limit(1)) is not None
    return last if more else None
