"""A project's reporting schedule (DESIGN 4.8), as a pure function of its dates.

The work starts the day after the agreement is signed and lasts the proposal's
``duration_months``. It is cut into periods of ``period_months`` from the start; the last may be
shorter and its report is the final report. A period's report is due :data:`DUE_DAYS` days
after the period ends, the final report :data:`FINAL_DUE_DAYS` days after the project ends: by
the end of that day in the call's time zone (:func:`due_moment`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Days after a period's end by which its report is due.
DUE_DAYS = 30
#: Days after the project's end by which the final report is due.
FINAL_DUE_DAYS = 60


@dataclass(frozen=True)
class Period:
    number: int
    starts_on: date
    ends_on: date
    due_on: date
    final: bool


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day where it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def project_dates(signed_on: date, duration_months: int) -> tuple[date, date]:
    """The first and the last day of the work."""
    starts_on = signed_on + timedelta(days=1)
    return starts_on, add_months(starts_on, duration_months) - timedelta(days=1)


def periods(starts_on: date, ends_on: date, period_months: int) -> list[Period]:
    """The reporting periods from ``starts_on`` to ``ends_on`` (both included)."""
    if period_months < 1:
        raise ValueError("a reporting period lasts at least one month")
    result: list[Period] = []
    number, start = 1, starts_on
    while start <= ends_on:
        end = min(add_months(starts_on, number * period_months) - timedelta(days=1), ends_on)
        final = end == ends_on
        due = end + timedelta(days=FINAL_DUE_DAYS if final else DUE_DAYS)
        result.append(Period(number, start, end, due, final))
        number, start = number + 1, end + timedelta(days=1)
    return result


def due_moment(due_on: date, timezone: str) -> datetime:
    """The end of ``due_on`` in the call's time zone, in UTC: a report is late from then."""
    local = datetime.combine(due_on + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)
