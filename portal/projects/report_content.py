"""A period report's content from the values of the API or the editor: checked all at once (every
problem under its field, in the reader's language), written onto the report's rows, and frozen
as the plain dictionary a :class:`~portal.projects.models.ReportVersion` keeps.

What a report may say is bounded by the project: values only for the proposal's indicators
(cumulative, so a value is the total at the period's end, not what the period added), milestones
only of the proposal's work plan and not already reached in an accepted report, spending only by
the partner organisations, in a budget category and one of the calls' currencies (the partner's
state currency when none is given).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from portal.calls.models import CALL_CURRENCIES
from portal.calls.validation import decimal, in_range, integer, text
from portal.core import limits
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.money.services import check_day
from portal.projects.models import (
    IndicatorValue,
    MilestoneReached,
    Project,
    Report,
    ReportingPeriod,
    ReportStatus,
    Spending,
)
from portal.proposals.models import BudgetCategory, Indicator, Milestone
from portal.reference.models import MemberState
from portal.registry.models import Organisation

#: The public summary and the narrative for the secretariat and the council.
SUMMARY_MAX = 2_000
NARRATIVE_MAX = limits.LONG_TEXT_MAX
#: A deliverable's description, as in the proposal's work plan.
DELIVERABLE_MAX = 5_000
#: Rows of each list a report may send at once (a partner and a category make a spending row).
REPORT_ROWS_MAX = limits.ROWS_MAX
#: An indicator's cumulative value: the column of the indicator's baseline and target.
VALUE_RANGE = limits.INDICATOR_VALUE
#: The joint R&D's IP indicators (DESIGN 4.10), cumulative whole numbers: patent applications
#: filed and licences granted on the project's results so far.
IP_COUNTS = ("patents_filed", "licences_granted")
IP_COUNT_MAX = 100_000


@dataclass
class ReportValues:
    """The checked values; ``None`` where the caller did not send the field."""

    scalars: dict = field(default_factory=dict)
    indicator_values: list[tuple[int, Decimal]] | None = None
    milestones: list[tuple[int, date, str]] | None = None
    spending: list[tuple[int, str, Decimal, str]] | None = None


def _rows(problems: Problems, name: str, value) -> list[tuple[int, dict]]:
    if value is None:
        return []
    if not isinstance(value, list):
        add_problem(problems, name, _("Must be a list."))
        return []
    if len(value) > REPORT_ROWS_MAX:
        add_problem(problems, name, _("At most %(n)d rows.", n=REPORT_ROWS_MAX))
        return []
    rows = []
    for index, row in enumerate(value):
        if isinstance(row, dict):
            rows.append((index, row))
        else:
            add_problem(problems, f"{name}.{index}", _("Must be an object."))
    return rows


def _choice(problems: Problems, where: str, value, known: dict, seen: set, unknown: str,
            again: str):
    """The id ``value`` if it is one of ``known`` and not in ``seen`` (which it joins)."""
    if not limits.is_id(value) or value not in known:
        add_problem(problems, where, unknown)
        return None
    if value in seen:
        add_problem(problems, where, again)
        return None
    seen.add(value)
    return value


def _indicator_values(problems: Problems, rows, indicators: dict) -> list[tuple[int, Decimal]]:
    checked, seen = [], set()
    for index, row in _rows(problems, "indicator_values", rows):
        where = f"indicator_values.{index}"
        indicator_id = _choice(problems, f"{where}.indicator_id", row.get("indicator_id"),
                               indicators, seen, _("Not an indicator of this project."),
                               _("This indicator has a value already."))
        value = decimal(problems, f"{where}.value", row.get("value"), bounds=VALUE_RANGE)
        if indicator_id is not None and value is not None:
            checked.append((indicator_id, value))
    return checked


def _milestones(problems: Problems, rows, milestones: dict, reached: set[int],
                today: date) -> list[tuple[int, date, str]]:
    checked, seen = [], set()
    for index, row in _rows(problems, "milestones", rows):
        where = f"milestones.{index}"
        milestone_id = _choice(problems, f"{where}.milestone_id", row.get("milestone_id"),
                               milestones, seen, _("Not a milestone of this project."),
                               _("This milestone is listed already."))
        if milestone_id in reached:
            add_problem(problems, f"{where}.milestone_id",
                        _("This milestone was reached in an earlier accepted report."))
            milestone_id = None
        reached_on = _reached_on(problems, f"{where}.reached_on", row.get("reached_on"), today)
        deliverable = text(problems, f"{where}.deliverable", row.get("deliverable"),
                           DELIVERABLE_MAX, required=False)
        if milestone_id is not None and reached_on is not None:
            checked.append((milestone_id, reached_on, deliverable))
    return checked


def _reached_on(problems: Problems, where: str, value, today: date) -> date | None:
    """A day from the limits' range (:func:`portal.money.services.check_day`), not after
    ``today``."""
    inner: Problems = {}
    day = check_day(inner, value)
    for messages in inner.values():
        for message in messages:
            add_problem(problems, where, message)
    if day is not None and day > today:
        add_problem(problems, where, _("A milestone is reported once it is reached: not a "
                                       "day in the future."))
        return None
    return day


def _spending(problems: Problems, rows, currencies: dict[int, str]
              ) -> list[tuple[int, str, Decimal, str]]:
    checked, seen = [], set()
    for index, row in _rows(problems, "spending", rows):
        where = f"spending.{index}"
        organisation_id = row.get("organisation_id")
        if not limits.is_id(organisation_id) or organisation_id not in currencies:
            add_problem(problems, f"{where}.organisation_id",
                        _("Not a partner organisation of this project."))
            organisation_id = None
        category = row.get("category")
        if not isinstance(category, str) or category not in set(BudgetCategory):
            add_problem(problems, f"{where}.category", _("Unknown budget category."))
            category = None
        amount = decimal(problems, f"{where}.amount", row.get("amount"), bounds=limits.AMOUNT)
        currency = row.get("currency")
        if currency is None or currency == "":
            currency = currencies.get(organisation_id)
        if not isinstance(currency, str) or currency not in CALL_CURRENCIES:
            add_problem(problems, f"{where}.currency", _("Unknown currency; one of %(codes)s.",
                                                         codes=", ".join(CALL_CURRENCIES)))
            currency = None
        if organisation_id is None or category is None or amount is None or currency is None:
            continue
        if (organisation_id, category) in seen:
            add_problem(problems, f"{where}.category",
                        _("This partner's spending in this category is listed already."))
            continue
        seen.add((organisation_id, category))
        checked.append((organisation_id, category, amount, currency))
    return checked


def partner_currencies(project: Project) -> dict[int, str]:
    """Each partner organisation's id and its state's currency, in one statement."""
    ids = [partner.organisation_id for partner in project.proposal.partners]
    rows = db.session.execute(
        select(Organisation.id, MemberState.currency)
        .join(MemberState, MemberState.code == Organisation.state_code)
        .where(Organisation.id.in_(ids)))
    return {organisation_id: currency for organisation_id, currency in rows}


def reached_milestones(project_id: int, other_than: int | None = None) -> set[int]:
    """The milestones reached in the project's accepted reports (other than one report)."""
    query = (select(MilestoneReached.milestone_id)
             .join(Report, Report.id == MilestoneReached.report_id)
             .where(Report.project_id == project_id, Report.status == ReportStatus.ACCEPTED))
    if other_than is not None:
        query = query.where(Report.id != other_than)
    return set(db.session.scalars(query))


def _ip_count(problems: Problems, name: str, value) -> int | None:
    """A cumulative count from 0 to :data:`IP_COUNT_MAX`; ``None`` (or empty) is not stated."""
    if value is None or value == "":
        return None
    count = integer(problems, name, value)
    in_range(problems, name, count, 0, IP_COUNT_MAX)
    return count


def check_report_values(values: dict, project: Project, report_id: int | None,
                        today: date) -> ReportValues:
    """The checked values of a new report (``report_id`` is ``None``) or of a change to one;
    422 with every problem otherwise."""
    problems: Problems = {}
    checked = ReportValues()
    for name, most in (("summary", SUMMARY_MAX), ("narrative", NARRATIVE_MAX)):
        if name in values:
            checked.scalars[name] = text(problems, name, values.get(name), most, required=False)
    for name in IP_COUNTS:
        if name in values:
            checked.scalars[name] = _ip_count(problems, name, values[name])
    proposal = project.proposal
    if "indicator_values" in values:
        checked.indicator_values = _indicator_values(
            problems, values["indicator_values"], {i.id: i for i in proposal.indicators})
    if "milestones" in values:
        checked.milestones = _milestones(
            problems, values["milestones"], {m.id: m for m in proposal.milestones},
            reached_milestones(project.id, report_id), today)
    if "spending" in values:
        checked.spending = _spending(problems, values["spending"], partner_currencies(project))
    raise_if(problems)
    return checked


def write_values(report: Report, checked: ReportValues) -> None:
    """Write the checked values onto ``report``; each list sent replaces the report's."""
    for name, value in checked.scalars.items():
        setattr(report, name, value)
    if checked.indicator_values is not None:
        report.values = [IndicatorValue(indicator_id=indicator_id, value=value)
                         for indicator_id, value in checked.indicator_values]
    if checked.milestones is not None:
        report.milestones = [MilestoneReached(milestone_id=milestone_id, reached_on=reached_on,
                                              deliverable=deliverable)
                             for milestone_id, reached_on, deliverable in checked.milestones]
    if checked.spending is not None:
        report.spending = [Spending(organisation_id=organisation_id, category=category,
                                    amount=amount, currency=currency)
                           for organisation_id, category, amount, currency in checked.spending]


def missing_for_submission(report: Report, project: Project) -> Problems:
    """What a report needs before it can be submitted: a summary, and a value for every one of
    the proposal's indicators."""
    problems: Problems = {}
    if not report.summary.strip():
        add_problem(problems, "summary", _("Write a summary for the public."))
    given = {value.indicator_id for value in report.values}
    for indicator in project.proposal.indicators:
        if indicator.id not in given:
            add_problem(problems, "indicator_values",
                        _("Give the value of %(name)s.", name=indicator.name))
    return problems


def report_content(report: Report) -> dict:
    """The report's content as plain values: what a version freezes and the API shows."""
    indicators = {i.id: i for i in report.period.project.proposal.indicators}
    milestones = {m.id: m for m in report.period.project.proposal.milestones}
    return {
        "summary": report.summary,
        "narrative": report.narrative,
        "patents_filed": report.patents_filed,
        "licences_granted": report.licences_granted,
        "indicator_values": [_indicator_json(row, indicators.get(row.indicator_id))
                             for row in report.values],
        "milestones": [_milestone_json(row, milestones.get(row.milestone_id))
                       for row in report.milestones],
        "spending": [{"organisation_id": row.organisation_id,
                      "organisation": row.organisation.name, "category": row.category,
                      "amount": str(row.amount), "currency": row.currency}
                     for row in report.spending],
    }


def _indicator_json(row: IndicatorValue, indicator: Indicator | None) -> dict:
    return {"indicator_id": row.indicator_id, "name": indicator.name if indicator else "",
            "unit": indicator.unit if indicator else "", "value": str(row.value)}


def _milestone_json(row: MilestoneReached, milestone: Milestone | None) -> dict:
    return {"milestone_id": row.milestone_id, "title": milestone.title if milestone else "",
            "reached_on": row.reached_on.isoformat(), "deliverable": row.deliverable}


def accepted_values(project_id: int, before_number: int) -> dict[int, Decimal]:
    """Each indicator's value in the latest accepted report of a period before
    ``before_number``: what the editor shows as the previous value (one statement)."""
    rows = db.session.execute(
        select(IndicatorValue.indicator_id, IndicatorValue.value)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
        .where(Report.project_id == project_id, Report.status == ReportStatus.ACCEPTED,
               ReportingPeriod.number < before_number)
        .order_by(ReportingPeriod.number))
    return {indicator_id: value for indicator_id, value in rows}
