"""What waits for partners and the secretariat: a period's report due within 30 days or late,
and each submitted report to assess; one statement each, however many there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale

from portal.accounts.models import RoleAssignment
from portal.core.db import utcnow
from portal.core.waiting import TaskKind, tasks_for
from portal.projects import reports
from portal.projects.report_waiting import reports_due, reports_to_assess
from portal.projects.schedule import due_moment
from tests.factories import make_user
from tests.perf.test_statement_counts import statements
from tests.projects.reporting import make_reporting


@pytest.fixture
def reporting(session):
    """The project, read in English: the services' messages and the tasks' titles are in the
    reader's language, which outside a request is the portal's default (Russian)."""
    with force_locale("en"):
        yield make_reporting()


def _kinds(user, kind):
    return [task for task in tasks_for(user, utcnow()) if task.kind == kind]


def test_a_report_due_within_30_days_waits_for_every_partners_member(reporting):
    period = reporting.periods[0]
    for member in (reporting.lead_member, reporting.partner_member):
        tasks = _kinds(member, TaskKind.REPORT_DUE)
        assert [(t.object_type, t.object_id) for t in tasks] == [("reporting_period", period.id)]
        assert tasks[0].due_at == due_moment(period.due_on, "Asia/Almaty")
        assert (tasks[0].endpoint, tasks[0].values) == (
            "project_reports.editor", {"project_id": reporting.project.id, "period_id": period.id})
        assert tasks[0].title == "Report for period 1 of TEST"
    assert _kinds(reporting.outsider, TaskKind.REPORT_DUE) == []
    assert _kinds(reporting.secretariat, TaskKind.REPORT_DUE) == []


def test_a_late_report_still_waits_and_a_distant_one_does_not_yet(session):
    reporting = make_reporting(signed_days_ago=400)
    due = [t.object_id for t in _kinds(reporting.lead_member, TaskKind.REPORT_DUE)]
    assert due == [reporting.periods[0].id, reporting.periods[1].id]
    assert utcnow() > due_moment(reporting.periods[0].due_on, "Asia/Almaty")


def test_a_submitted_report_waits_for_the_secretariat_not_the_partners(reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id,
                                   reporting.values(), reporting.partner_member)
    assert len(_kinds(reporting.lead_member, TaskKind.REPORT_DUE)) == 1  # a draft is not done
    reports.submit_report(report.id, reporting.lead_member)

    assert _kinds(reporting.lead_member, TaskKind.REPORT_DUE) == []
    tasks = _kinds(reporting.secretariat, TaskKind.ASSESS_REPORT)
    assert [(t.object_type, t.object_id) for t in tasks] == [("report", report.id)]
    assert (tasks[0].endpoint, tasks[0].values) == ("project_reports.assessment",
                                                    {"report_id": report.id})
    assert tasks[0].due_at == report.submitted_at + timedelta(days=30)
    assert _kinds(reporting.lead_member, TaskKind.ASSESS_REPORT) == []

    reports.return_report(report.id, "Add the numbers.", reporting.secretariat)
    assert len(_kinds(reporting.lead_member, TaskKind.REPORT_DUE)) == 1
    assert _kinds(reporting.secretariat, TaskKind.ASSESS_REPORT) == []


def test_a_completed_project_has_no_report_due(reporting):
    reporting.project.completed_at = utcnow()
    assert _kinds(reporting.lead_member, TaskKind.REPORT_DUE) == []


def _count(provider, user) -> tuple[int, int]:
    with statements() as sent:
        found = provider(user, utcnow())
    return len(sent), len(found)


def test_each_list_takes_one_statement_however_long(session):
    staff = make_user("secretariat")
    first = make_reporting()
    member = first.lead_member
    report = reports.create_report(first.project.id, first.periods[0].id, first.values(),
                                   first.partner_member)
    reports.submit_report(report.id, member)
    session.expire_all()
    due_statements, due_found = _count(reports_due, member)
    assess_statements, assess_found = _count(reports_to_assess, staff)
    assert (due_found, assess_found) == (0, 1)

    for _ in range(3):
        more = make_reporting(signed_days_ago=400)
        member.roles.append(RoleAssignment(role="org_member", scope=str(more.lead.id)))
        submitted = reports.create_report(more.project.id, more.periods[0].id, more.values(),
                                          more.partner_member)
        reports.submit_report(submitted.id, more.lead_member)
    session.flush()
    session.expire_all()
    assert _count(reports_due, member) == (due_statements, 3)
    assert _count(reports_to_assess, staff) == (assess_statements, 4)


def test_the_tasks_link_to_the_pages_where_the_work_is_done(app, reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id,
                                   reporting.values(), reporting.partner_member)
    period = reporting.periods[0]
    with app.test_request_context():
        assert _kinds(reporting.lead_member, TaskKind.REPORT_DUE)[0].url() == (
            f"/projects/{reporting.project.id}/periods/{period.id}/report")
        reports.submit_report(report.id, reporting.lead_member)
        assert _kinds(reporting.secretariat, TaskKind.ASSESS_REPORT)[0].url() == (
            f"/reports/{report.id}")
