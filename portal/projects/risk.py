"""When a funded project is "at risk" (DESIGN 4.8): the one rule the project pages, the API
and the dashboards apply, as a pure function of a project's facts and the moment.

A project being implemented is at risk for each of these reasons:

* ``indicator_behind``: at the end of the last period for which an indicator has an accepted
  value, its progress (:func:`portal.projects.progress.progress`) falls short of the straight
  line from baseline to target (:func:`~portal.projects.progress.expected_progress` at that
  period's end) by more than :data:`~portal.projects.progress.AT_RISK_MARGIN`;
* ``report_overdue``: a period's report is due (the end of ``due_on`` in the call's time zone,
  :func:`portal.projects.schedule.due_moment`) and there is none, or it is a draft, or it was
  returned and not submitted again. A report submitted in time and waiting for the
  secretariat is not overdue.

A completed project (its final report accepted) is never at risk: there is nothing left to
catch up with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from portal.projects.models import WITH_PARTNERS
from portal.projects.progress import expected_progress, is_behind, progress
from portal.projects.schedule import due_moment

#: The report states that leave a period's report still to come from the partners.
NOT_HANDED_IN = WITH_PARTNERS | {None}


class RiskCode:
    INDICATOR_BEHIND = "indicator_behind"
    REPORT_OVERDUE = "report_overdue"


@dataclass(frozen=True)
class AcceptedValue:
    """An indicator's cumulative value in an accepted report, at the end of its period."""

    period_number: int
    period_ends_on: date
    value: Decimal


@dataclass(frozen=True)
class IndicatorFacts:
    id: int
    name: str
    baseline: Decimal | None
    target: Decimal | None
    #: Ordered by the period's end.
    values: Sequence[AcceptedValue] = ()


@dataclass(frozen=True)
class PeriodFacts:
    number: int
    ends_on: date
    due_on: date
    #: The status of the period's report, ``None`` when the partners have started none.
    report_status: str | None


@dataclass(frozen=True)
class ProjectFacts:
    starts_on: date
    ends_on: date
    completed: bool
    #: The call's IANA time zone, in which due dates end.
    timezone: str
    indicators: Sequence[IndicatorFacts] = ()
    periods: Sequence[PeriodFacts] = ()


@dataclass(frozen=True)
class RiskReason:
    code: str
    period_number: int
    indicator_id: int | None = None
    indicator_name: str = ""
    progress: Decimal | None = None
    expected: Decimal | None = None
    due_at: datetime | None = None
    report_status: str | None = None


def indicator_behind(indicator: IndicatorFacts, starts_on: date,
                     ends_on: date) -> RiskReason | None:
    """The reason ``indicator`` puts its project at risk, or ``None`` when it is on track or
    has no accepted value yet."""
    if not indicator.values:
        return None
    last = indicator.values[-1]
    actual = progress(last.value, indicator.baseline, indicator.target)
    expected = expected_progress(starts_on, ends_on, last.period_ends_on)
    if not is_behind(actual, expected):
        return None
    return RiskReason(RiskCode.INDICATOR_BEHIND, last.period_number, indicator.id,
                      indicator.name, actual, expected)


def report_overdue(period: PeriodFacts, timezone: str, now: datetime) -> RiskReason | None:
    """The reason ``period``'s report puts its project at risk at ``now``, or ``None``."""
    if period.report_status not in NOT_HANDED_IN:
        return None
    due_at = due_moment(period.due_on, timezone)
    if now < due_at:
        return None
    return RiskReason(RiskCode.REPORT_OVERDUE, period.number, due_at=due_at,
                      report_status=period.report_status)


def risk_reasons(facts: ProjectFacts, now: datetime) -> list[RiskReason]:
    """Why the project is at risk at ``now``: behind indicators first (in their order), then
    overdue reports (by period); empty when it is not at risk."""
    if facts.completed:
        return []
    behind: Iterable[RiskReason | None] = (
        indicator_behind(indicator, facts.starts_on, facts.ends_on)
        for indicator in facts.indicators)
    overdue = (report_overdue(period, facts.timezone, now)
               for period in sorted(facts.periods, key=lambda p: p.number))
    return [reason for reason in (*behind, *overdue) if reason is not None]
