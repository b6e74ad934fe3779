"""The at-risk rule: an indicator behind the straight line by more than the margin at the end
of its last accepted period, or a report overdue (none, a draft or returned past its due
moment); a report submitted in time, or a completed project, is not at risk."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from portal.core.db import utcnow
from portal.projects.models import Project
from portal.projects.queries import at_risk_ids, project_view, risks_of
from portal.projects.risk import (
    AcceptedValue,
    IndicatorFacts,
    PeriodFacts,
    ProjectFacts,
    RiskCode,
    risk_reasons,
)
from tests.factories import make_project
from tests.projects.public_builders import add_report, signed_days_ago

START, END = date(2026, 1, 1), date(2026, 12, 31)
#: The project's first half ends on 1 July: half of the way is expected by then.
HALF = date(2026, 7, 1)
LATER = datetime(2026, 7, 2, tzinfo=UTC)


def facts(value=None, periods=(), completed=False, timezone="Asia/Almaty") -> ProjectFacts:
    values = (AcceptedValue(1, HALF, Decimal(value)),) if value is not None else ()
    indicator = IndicatorFacts(7, "Joint patents", Decimal(0), Decimal(10), values)
    return ProjectFacts(START, END, completed, timezone, [indicator], list(periods))


def test_an_indicator_more_than_a_quarter_behind_the_line_puts_the_project_at_risk():
    [reason] = risk_reasons(facts("2"), LATER)

    assert reason.code == RiskCode.INDICATOR_BEHIND
    assert reason.indicator_id == 7 and reason.period_number == 1
    assert reason.progress == Decimal("0.2")
    assert Decimal("0.49") < reason.expected < Decimal("0.51")


def test_an_indicator_within_the_margin_of_the_line_is_on_track():
    assert risk_reasons(facts("3"), LATER) == []
    assert risk_reasons(facts("6"), LATER) == []


def test_an_indicator_without_an_accepted_value_is_not_behind():
    assert risk_reasons(facts(), LATER) == []


def test_a_report_not_handed_in_by_the_end_of_its_due_day_in_the_calls_zone_is_overdue():
    period = PeriodFacts(1, HALF, date(2026, 7, 31), None)
    # The end of 31 July in Almaty (UTC+5) is 19:00 UTC that day.
    assert risk_reasons(facts(periods=[period]), datetime(2026, 7, 31, 18, 59, tzinfo=UTC)) == []
    [reason] = risk_reasons(facts(periods=[period]), datetime(2026, 7, 31, 19, 0, tzinfo=UTC))
    assert reason.code == RiskCode.REPORT_OVERDUE and reason.period_number == 1
    assert reason.due_at == datetime(2026, 7, 31, 19, 0, tzinfo=UTC)


def test_a_draft_or_a_returned_report_past_its_due_moment_is_overdue():
    late = datetime(2026, 9, 1, tzinfo=UTC)
    for status in ("draft", "returned"):
        [reason] = risk_reasons(facts(periods=[PeriodFacts(1, HALF, date(2026, 7, 31), status)]),
                                late)
        assert reason.report_status == status


def test_a_report_submitted_or_accepted_is_never_overdue():
    late = datetime(2026, 9, 1, tzinfo=UTC)
    for status in ("submitted", "accepted"):
        assert risk_reasons(
            facts(periods=[PeriodFacts(1, HALF, date(2026, 7, 31), status)]), late) == []


def test_a_completed_project_is_not_at_risk():
    behind_and_late = facts("0", periods=[PeriodFacts(1, HALF, date(2026, 7, 31), None)],
                            completed=True)
    assert risk_reasons(behind_and_late, datetime(2027, 1, 1, tzinfo=UTC)) == []


# --- the rule applied to stored projects ------------------------------------------------------

def test_a_new_project_is_on_track(session):
    project = make_project()

    assert risks_of(select(Project).where(Project.id == project.id), utcnow()) == {project.id: []}


def test_a_project_whose_first_report_is_missing_after_its_due_day_is_at_risk(session):
    project = make_project(signed_on=signed_days_ago(250))

    view = project_view(project.id, utcnow())

    assert view.at_risk
    assert [(r.code, r.period_number) for r in view.risk] == [(RiskCode.REPORT_OVERDUE, 1)]
    assert at_risk_ids(select(Project), utcnow()) == [project.id]


def test_a_report_submitted_in_time_keeps_the_project_off_the_list(session):
    project = make_project(signed_on=signed_days_ago(250))
    add_report(project, 1, "submitted")

    assert not project_view(project.id, utcnow()).at_risk


def test_a_returned_report_not_submitted_again_in_time_is_overdue(session):
    project = make_project(signed_on=signed_days_ago(250))
    add_report(project, 1, "returned")

    [reason] = project_view(project.id, utcnow()).risk
    assert reason.report_status == "returned"


def test_an_accepted_value_far_below_the_line_puts_the_stored_project_at_risk(session):
    project = make_project(signed_on=signed_days_ago(600))
    indicator = project.proposal.indicators[0]  # baseline 0, target 2
    add_report(project, 1, values={indicator.id: "0.5"})
    add_report(project, 2, values={indicator.id: "0.5"})
    add_report(project, 3, values={indicator.id: "0.5"})

    [reason] = project_view(project.id, utcnow()).risk

    assert reason.code == RiskCode.INDICATOR_BEHIND and reason.period_number == 3
    assert reason.progress == Decimal("0.25")


def test_an_accepted_value_on_the_line_keeps_the_stored_project_on_track(session):
    project = make_project(signed_on=signed_days_ago(600))
    indicator = project.proposal.indicators[0]
    for number in (1, 2, 3):
        add_report(project, number, values={indicator.id: "1.5"})

    view = project_view(project.id, utcnow())
    assert not view.at_risk
    assert view.indicators[0].progress == Decimal("0.7500")
    assert view.indicators[0].latest_value == Decimal("1.5")

