"""The demo's funded projects (DESIGN 4.8) as a newcomer finds them on first start: one in
implementation with an accepted, a returned-then-resubmitted and a not-yet-due report, one
completed, one at risk. The demo is loaded once for the module, in a transaction rolled back
after it; each test runs in a savepoint."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.calls.models import Call
from portal.core.db import utcnow
from portal.demo.loader import load_demo
from portal.projects import progress, schedule
from portal.projects.models import (
    IndicatorValue,
    MilestoneReached,
    Project,
    ProjectGrant,
    Report,
    ReportingPeriod,
    ReportVersion,
    Spending,
)
from portal.proposals.models import Proposal
from portal.reference.models import MemberState
from tests.demo.support import demo_in_a_transaction

PROJECT_MODELS = (Project, ProjectGrant, ReportingPeriod, Report, ReportVersion, IndicatorValue,
                  MilestoneReached, Spending)


@pytest.fixture(scope="module")
def loaded(app):
    with demo_in_a_transaction(app) as session:
        yield session


@pytest.fixture
def demo(loaded):
    savepoint = loaded.begin_nested()
    try:
        yield loaded
    finally:
        if savepoint.is_active:
            savepoint.rollback()


def _project(session, acronym: str) -> Project:
    return session.scalar(select(Project).join(Proposal).where(Proposal.acronym == acronym))


def _due_moment(project: Project, period: ReportingPeriod):
    return schedule.due_moment(period.due_on, project.proposal.call.timezone)


def _overdue(project: Project, now) -> list[ReportingPeriod]:
    """Periods whose report was not submitted (or returned and not resubmitted) by the due
    moment."""
    return [period for period in project.periods
            if _due_moment(project, period) < now
            and (period.report is None or period.report.status in ("draft", "returned"))]


def _behind(project: Project) -> list[str]:
    """The indicators behind the straight line at the end of the last accepted period."""
    accepted = [p for p in project.periods if p.report is not None
                and p.report.status == "accepted"]
    if not accepted:
        return []
    last = accepted[-1]
    expected = progress.expected_progress(project.starts_on, project.ends_on, last.ends_on)
    values = {v.indicator_id: v.value for v in last.report.values}
    return [indicator.name for indicator in project.proposal.indicators
            if progress.is_behind(progress.progress(values.get(indicator.id),
                                                    indicator.baseline, indicator.target),
                                  expected)]


def _months_ago(months: int) -> date:
    return schedule.add_months(utcnow().date(), -months)


def test_demo_projects_follow_their_agreements_schedule_with_the_calls_period(demo):
    assert set(demo.scalars(select(Call.reporting_period_months))) == {6}
    projects = list(demo.scalars(select(Project)))
    assert len(projects) == 3
    for project in projects:
        call = project.proposal.call
        starts_on, ends_on = schedule.project_dates(project.signed_on,
                                                    project.proposal.duration_months)
        expected = schedule.periods(starts_on, ends_on, call.reporting_period_months)
        assert (project.starts_on, project.ends_on) == (starts_on, ends_on)
        assert project.reporting_period_months == call.reporting_period_months
        assert [(p.number, p.starts_on, p.ends_on, p.due_on, p.final)
                for p in project.periods] == [
            (p.number, p.starts_on, p.ends_on, p.due_on, p.final) for p in expected]
        assert project.decision_id is not None and project.grants
        assert all(grant.amount > 0 for grant in project.grants)
        for indicator in project.proposal.indicators:
            assert indicator.baseline is not None and indicator.target is not None
        assert project.proposal.milestones
        for period in project.periods:
            report = period.report
            if report is not None and report.status != "draft":
                assert report.submitted_at <= utcnow() and report.versions


def test_the_project_in_implementation_has_accepted_resubmitted_and_not_yet_due_reports(demo):
    project = _project(demo, "STERIL-BORDER")
    now = utcnow()
    assert project.proposal.status == "in_implementation" and project.completed_at is None
    assert _months_ago(14) < project.signed_on < _months_ago(12)
    first, second, third = project.periods[:3]

    accepted = first.report
    assert accepted.status == "accepted" and accepted.assessed_at <= _due_moment(project, first)
    assert len(accepted.values) == len(project.proposal.indicators)
    reached = accepted.milestones
    assert len(reached) == 1 and reached[0].deliverable
    assert first.starts_on <= reached[0].reached_on <= first.ends_on
    currencies = {s.organisation.state_code: s.currency for s in accepted.spending}
    own = {code: demo.get(MemberState, code).currency for code in currencies}
    assert currencies == own and set(currencies.values()) == {"RUB", "BYN"}
    assert [v.outcome for v in accepted.versions] == ["accepted"]

    resubmitted = second.report
    assert resubmitted.status == "submitted" and resubmitted.return_reason
    returned, waiting = resubmitted.versions
    assert (returned.outcome, waiting.outcome) == ("returned", None)
    assert returned.outcome_reason == resubmitted.return_reason
    assert returned.submitted_at < waiting.submitted_at <= now
    assert len(returned.content["spending"]) < len(waiting.content["spending"])
    assert waiting.content["spending"] == [
        {"organisation_id": s.organisation_id, "category": s.category, "amount": str(s.amount),
         "currency": s.currency} for s in resubmitted.spending]

    assert third.report is None and _due_moment(project, third) > now
    assert _overdue(project, now) == [] and _behind(project) == []


def test_the_completed_project_has_every_report_accepted_and_its_targets_reached(demo):
    project = _project(demo, "VOLGA-INJECT")
    assert project.proposal.status == "completed"
    final = project.periods[-1]
    assert final.final and final.report.status == "accepted"
    assert project.completed_at == final.report.assessed_at
    assert project.completed_at <= _due_moment(project, final) <= utcnow()
    assert all(p.report is not None and p.report.status == "accepted" for p in project.periods)
    assert all(v.outcome == "accepted" for p in project.periods for v in p.report.versions)
    values = {v.indicator_id: v.value for v in final.report.values}
    for indicator in project.proposal.indicators:
        assert progress.progress(values[indicator.id], indicator.baseline,
                                 indicator.target) >= 1, indicator.name
    reached = {m.milestone_id for p in project.periods for m in p.report.milestones}
    assert reached == {m.id for m in project.proposal.milestones}


def test_the_project_at_risk_is_late_with_a_report_and_behind_on_its_indicators(demo):
    project = _project(demo, "ERTIS-CHUY")
    now = utcnow()
    assert project.proposal.status == "in_implementation"
    overdue = _overdue(project, now)
    assert [p.number for p in overdue] == [3]
    assert overdue[0].report is not None and overdue[0].report.status == "draft"
    assert sorted(_behind(project)) == sorted(i.name for i in project.proposal.indicators)
    last_accepted = project.periods[1]
    expected = progress.expected_progress(project.starts_on, project.ends_on,
                                          last_accepted.ends_on)
    assert expected > Decimal("0.45")
    for value in last_accepted.report.values:
        indicator = value.indicator
        assert progress.progress(value.value, indicator.baseline, indicator.target) < Decimal(
            "0.1")


def test_loading_the_demo_again_changes_no_project_or_report(demo):
    def state():
        counts = [demo.scalar(select(func.count()).select_from(m)) for m in PROJECT_MODELS]
        rows = list(demo.execute(select(Report.id, Report.status, Report.submitted_at,
                                        Report.assessed_at).order_by(Report.id)))
        return counts, rows

    before = state()
    summary = load_demo()
    assert summary["projects started"] == 0 and summary["reports written"] == 0
    assert state() == before


def test_the_funded_projects_count_patents_and_licences_in_their_reports(demo):
    project = _project(demo, "STERIL-BORDER")
    first, second = project.periods[:2]
    assert (first.report.patents_filed, first.report.licences_granted) == (1, 0)
    assert first.report.versions[0].content["patents_filed"] == 1
    assert second.report.versions[-1].content["licences_granted"] == 1
    completed = _project(demo, "VOLGA-INJECT").periods[-1].report
    assert (completed.patents_filed, completed.licences_granted) == (1, 3)


def test_the_funded_and_reviewed_proposals_state_their_intellectual_property(demo):
    for acronym in ("STERIL-BORDER", "VOLGA-INJECT", "ERTIS-CHUY", "NEVA-SOUTH"):
        proposal = demo.scalar(select(Proposal).where(Proposal.acronym == acronym))
        owners = {row.organisation_id for row in proposal.background_ip}
        assert len(owners) >= 2 and owners <= {p.organisation_id for p in proposal.partners}
        assert proposal.ip_results_ownership in ("creator", "joint", "lead")
        assert proposal.ip_access_rights
    reviewed = demo.scalar(select(Proposal).where(Proposal.acronym == "NEVA-SOUTH"))
    assert reviewed.status == "in_review"
