"""When a report's reminders go (DESIGN 4.8), as pure functions of a period's due date, the
call's time zone and the moment of the sweep.

A report is due by the end of ``due_on`` in the call's time zone
(:func:`portal.projects.schedule.due_moment`). Its partners are reminded on the call's local
day 14 and 3 days before that date and on the day after it; 30 days after it the secretariat
and the lead state's contact points are told. Each reminder goes on its own local day only (the
hourly sweep has 24 chances at it), never on another: a project whose agreement is recorded
late is not sent a stale "due in 14 days". Only a period whose report is missing, a draft or
returned needs reminding; a submitted report waits on the secretariat, an accepted one is done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from portal.projects.models import WITH_PARTNERS
from portal.projects.schedule import due_moment


class ReminderKind(StrEnum):
    BEFORE_14 = "before_14"
    BEFORE_3 = "before_3"
    AFTER_1 = "after_1"
    OVERDUE_30 = "overdue_30"


#: The local day of each reminder, in days from the due date.
OFFSETS: dict[ReminderKind, int] = {
    ReminderKind.BEFORE_14: -14,
    ReminderKind.BEFORE_3: -3,
    ReminderKind.AFTER_1: 1,
    ReminderKind.OVERDUE_30: 30,
}
#: The reminders that go to the partners; the last one goes to those who can act on a lead
#: organisation that does not report.
TO_PARTNERS = (ReminderKind.BEFORE_14, ReminderKind.BEFORE_3, ReminderKind.AFTER_1)
ESCALATION = ReminderKind.OVERDUE_30
#: The statuses of a report that still needs reminding (a missing report needs it too); the
#: sweep's query filters by them.
PENDING = WITH_PARTNERS
#: How far a call's local date can be from the UTC date (the portal's zones are all within a
#: day of UTC): the sweep's window of due dates is widened by this on each side.
ZONE_MARGIN = timedelta(days=1)


def on_local_day(due_on: date, offset: int, timezone: str, now: datetime) -> bool:
    """Whether ``now`` falls on the call's local day ``due_on + offset``: from the end of the
    day before it to the end of that day, both by :func:`due_moment` (which follows the zone's
    offset on that date)."""
    day = due_on + timedelta(days=offset)
    return due_moment(day - timedelta(days=1), timezone) <= now < due_moment(day, timezone)


def reminder_due(due_on: date, timezone: str, now: datetime) -> ReminderKind | None:
    """The reminder whose local day ``now`` is, for a period due on ``due_on`` in
    ``timezone``; ``None`` on every other day."""
    for kind, offset in OFFSETS.items():
        if on_local_day(due_on, offset, timezone, now):
            return kind
    return None


def days_before(kind: ReminderKind) -> int:
    """How many days before the due date a reminder goes (negative: after it)."""
    return -OFFSETS[kind]


def sweep_window(now: datetime) -> tuple[date, date]:
    """The due dates a sweep at ``now`` can have a reminder for: from 30 days ago to 14 days
    ahead in some call's zone, i.e. the UTC date's [−31, +15] days."""
    today = now.astimezone(UTC).date()
    return (today - timedelta(days=OFFSETS[ESCALATION]) - ZONE_MARGIN,
            today - timedelta(days=OFFSETS[ReminderKind.BEFORE_14]) + ZONE_MARGIN)
