"""The period reports' services: who writes, submits and assesses, what a report may say, the
versions kept across returns, and the project completed by its accepted final report."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.extensions import db
from portal.projects import reports
from portal.projects.models import Report, ReportVersion
from portal.proposals.models import StatusChange
from tests.factories import make_organisation
from tests.projects.reporting import make_reporting


@pytest.fixture
def reporting(session):
    """The project, read in English: the services' messages and the tasks' titles are in the
    reader's language, which outside a request is the portal's default (Russian)."""
    with force_locale("en"):
        yield make_reporting()


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def _submitted(reporting, period_index=0):
    report = reports.create_report(reporting.project.id, reporting.periods[period_index].id,
                                   reporting.values(), reporting.partner_member)
    return reports.submit_report(report.id, reporting.lead_member)


def test_a_partners_member_starts_a_draft_for_a_begun_period(reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id,
                                   reporting.values(), reporting.partner_member)

    assert report.status == "draft" and report.version == 1
    assert [v.value for v in report.values] == [Decimal("1")]
    assert [(s.organisation_id, s.category, s.amount, s.currency) for s in report.spending] == [
        (reporting.lead.id, "staff", Decimal("150000"), "RUB"),
        (reporting.partner.id, "travel", Decimal("2000.50"), "BYN")]
    assert "project.report_created" in _actions()


@pytest.mark.parametrize("who", ["outsider", "secretariat"])
def test_only_the_partners_members_write_reports(reporting, who):
    with pytest.raises(PermissionDenied):
        reports.create_report(reporting.project.id, reporting.periods[0].id, {},
                              getattr(reporting, who))


def test_a_period_that_has_not_begun_has_no_report_yet(reporting):
    with pytest.raises(ConflictError):
        reports.create_report(reporting.project.id, reporting.periods[2].id, {},
                              reporting.lead_member)


def test_a_period_has_one_report(reporting):
    reports.create_report(reporting.project.id, reporting.periods[0].id, {},
                          reporting.lead_member)
    with pytest.raises(ConflictError):
        reports.create_report(reporting.project.id, reporting.periods[0].id, {},
                              reporting.partner_member)
    assert len(db.session.scalars(select(Report)).all()) == 1


def test_a_period_of_another_project_is_refused(reporting):
    other = make_reporting()
    with pytest.raises(ValidationError) as refused:
        reports.create_report(reporting.project.id, other.periods[0].id, {},
                              reporting.lead_member)
    assert "period_id" in refused.value.fields


def test_an_unknown_project_is_not_found(reporting):
    with pytest.raises(NotFound):
        reports.create_report(2**31 - 1, reporting.periods[0].id, {}, reporting.lead_member)


@pytest.mark.parametrize(("change", "field"), [
    ({"summary": "x" * 2001}, "summary"),
    ({"narrative": "x" * 20001}, "narrative"),
    ({"summary": 5}, "summary"),
    ({"indicator_values": [{"indicator_id": 2**31 - 1, "value": 1}]},
     "indicator_values.0.indicator_id"),
    ({"indicator_values": [{"indicator_id": "x", "value": 1}]}, "indicator_values.0.indicator_id"),
    ({"indicator_values": [{"indicator_id": None, "value": "1e13"}]}, "indicator_values.0.value"),
    ({"indicator_values": [{"value": "NaN"}]}, "indicator_values.0.value"),
    ({"indicator_values": "many"}, "indicator_values"),
    ({"indicator_values": [7]}, "indicator_values.0"),
    ({"indicator_values": [{}] * 51}, "indicator_values"),
    ({"milestones": [{"milestone_id": 2**31 - 1, "reached_on": "2026-01-01"}]},
     "milestones.0.milestone_id"),
    ({"milestones": [{"reached_on": "01.01.2026"}]}, "milestones.0.reached_on"),
    ({"milestones": [{"reached_on": "1999-12-31"}]}, "milestones.0.reached_on"),
    ({"milestones": [{"reached_on": (date.today() + timedelta(days=2)).isoformat()}]},
     "milestones.0.reached_on"),
    ({"milestones": [{"reached_on": "2026-01-01", "deliverable": "x" * 5001}]},
     "milestones.0.deliverable"),
    ({"spending": [{"organisation_id": 2**31 - 1, "category": "staff", "amount": 1}]},
     "spending.0.organisation_id"),
    ({"spending": [{"category": "lunch", "amount": 1}]}, "spending.0.category"),
    ({"spending": [{"category": ["staff"], "amount": 1}]}, "spending.0.category"),
    ({"spending": [{"category": "staff", "amount": 1, "currency": {}}]}, "spending.0.currency"),
    ({"spending": [{"category": "staff", "amount": -1}]}, "spending.0.amount"),
    ({"spending": [{"category": "staff", "amount": "1e14"}]}, "spending.0.amount"),
    ({"spending": [{"category": "staff", "amount": 1, "currency": "GBP"}]}, "spending.0.currency"),
])
def test_a_bad_value_is_refused_under_its_field(reporting, change, field):
    for rows in ("indicator_values", "milestones", "spending"):
        for row in change.get(rows, []) if isinstance(change.get(rows), list) else []:
            if isinstance(row, dict) and rows == "indicator_values":
                row.setdefault("indicator_id", reporting.indicator.id)
            if isinstance(row, dict) and rows == "milestones":
                row.setdefault("milestone_id", reporting.milestone.id)
            if isinstance(row, dict) and rows == "spending":
                row.setdefault("organisation_id", reporting.lead.id)
    with pytest.raises(ValidationError) as refused:
        reports.create_report(reporting.project.id, reporting.periods[0].id,
                              reporting.values(**change), reporting.lead_member)
    assert field in refused.value.fields
    assert db.session.scalars(select(Report)).all() == []


def test_the_same_indicator_or_partner_and_category_twice_is_refused(reporting):
    twice = reporting.values(
        indicator_values=[{"indicator_id": reporting.indicator.id, "value": 1}] * 2,
        spending=[{"organisation_id": reporting.lead.id, "category": "staff", "amount": 1}] * 2)
    with pytest.raises(ValidationError) as refused:
        reports.create_report(reporting.project.id, reporting.periods[0].id, twice,
                              reporting.lead_member)
    assert {"indicator_values.1.indicator_id", "spending.1.category"} <= set(refused.value.fields)


def test_an_organisation_that_is_not_a_partner_spends_nothing_in_the_report(reporting):
    stranger = make_organisation("KZ", "KZ-10", status="published")
    values = reporting.values(spending=[{"organisation_id": stranger.id, "category": "staff",
                                         "amount": 1}])
    with pytest.raises(ValidationError) as refused:
        reports.create_report(reporting.project.id, reporting.periods[0].id, values,
                              reporting.lead_member)
    assert "spending.0.organisation_id" in refused.value.fields


def test_a_milestone_reached_in_an_earlier_accepted_report_is_refused(reporting):
    first = _submitted(reporting, 0)
    reports.accept_report(first.id, reporting.secretariat)
    with pytest.raises(ValidationError) as refused:
        reports.create_report(reporting.project.id, reporting.periods[1].id, reporting.values(),
                              reporting.lead_member)
    assert refused.value.fields["milestones.0.milestone_id"] == [
        "This milestone was reached in an earlier accepted report."]


def test_a_change_needs_the_current_version(reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id, {},
                                   reporting.lead_member)
    report = reports.update_report(report.id, {"summary": "First."}, report.version,
                                   reporting.partner_member)
    assert report.summary == "First." and report.version == 2
    with pytest.raises(ConflictError):
        reports.update_report(report.id, {"summary": "Stale."}, 1, reporting.lead_member)
    with pytest.raises(ValidationError) as refused:
        reports.update_report(report.id, {"summary": "No version."}, None, reporting.lead_member)
    assert "version" in refused.value.fields
    assert db.session.get(Report, report.id).summary == "First."


def test_lists_sent_replace_the_reports_and_others_stay(reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id,
                                   reporting.values(), reporting.lead_member)
    report = reports.update_report(report.id, {"spending": []}, report.version,
                                   reporting.lead_member)
    assert report.spending == [] and len(report.values) == 1 and len(report.milestones) == 1


def test_only_the_leads_members_submit(reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id,
                                   reporting.values(), reporting.partner_member)
    with pytest.raises(PermissionDenied):
        reports.submit_report(report.id, reporting.partner_member)
    assert db.session.get(Report, report.id).status == "draft"


def test_an_empty_report_is_not_submitted_and_every_gap_is_listed(reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id, {},
                                   reporting.lead_member)
    with pytest.raises(ValidationError) as refused:
        reports.submit_report(report.id, reporting.lead_member)
    assert set(refused.value.fields) == {"summary", "indicator_values"}
    assert refused.value.fields["indicator_values"] == ["Give the value of Joint patents."]
    assert db.session.scalars(select(ReportVersion)).all() == []


def test_a_submission_freezes_the_report_as_a_version(reporting):
    report = _submitted(reporting)

    assert report.status == "submitted" and report.submitted_at is not None
    version = db.session.scalars(select(ReportVersion)).one()
    assert version.number == 1 and version.submitted_by_id == reporting.lead_member.id
    assert version.content["summary"] == "Two joint patents filed."
    assert version.content["indicator_values"] == [
        {"indicator_id": reporting.indicator.id, "name": "Joint patents", "unit": "patents",
         "value": "1.0000"}]
    assert [row["currency"] for row in version.content["spending"]] == ["RUB", "BYN"]
    assert "project.report_submitted" in _actions()
    with pytest.raises(ConflictError):
        reports.update_report(report.id, {"summary": "Late change."}, report.version,
                              reporting.lead_member)


def test_a_return_needs_a_reason_and_the_secretariat(reporting):
    report = _submitted(reporting)
    with pytest.raises(ValidationError):
        reports.return_report(report.id, "  ", reporting.secretariat)
    with pytest.raises(ValidationError):
        reports.return_report(report.id, "x" * 10_001, reporting.secretariat)
    with pytest.raises(PermissionDenied):
        reports.return_report(report.id, "No.", reporting.lead_member)
    with pytest.raises(PermissionDenied):
        reports.accept_report(report.id, reporting.lead_member)
    assert db.session.get(Report, report.id).status == "submitted"


def test_only_a_submitted_report_is_assessed(reporting):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id,
                                   reporting.values(), reporting.lead_member)
    with pytest.raises(ConflictError):
        reports.accept_report(report.id, reporting.secretariat)
    with pytest.raises(ConflictError):
        reports.return_report(report.id, "Why?", reporting.secretariat)


def test_every_version_is_kept_across_a_return_and_a_resubmission(reporting):
    report = _submitted(reporting)
    report = reports.return_report(report.id, "Give the patent numbers.", reporting.secretariat)
    assert report.status == "returned" and report.return_reason == "Give the patent numbers."

    report = reports.update_report(report.id, {"summary": "Patents RU123 and BY456."},
                                   report.version, reporting.partner_member)
    report = reports.submit_report(report.id, reporting.lead_member)
    reports.accept_report(report.id, reporting.secretariat)

    versions = db.session.scalars(select(ReportVersion).order_by(ReportVersion.number)).all()
    assert [(v.number, v.outcome, v.outcome_reason) for v in versions] == [
        (1, "returned", "Give the patent numbers."), (2, "accepted", "")]
    assert [v.content["summary"] for v in versions] == [
        "Two joint patents filed.", "Patents RU123 and BY456."]
    assert {"project.report_returned", "project.report_accepted"} <= set(_actions())


def test_accepting_a_report_before_the_final_leaves_the_project_running(reporting):
    reports.accept_report(_submitted(reporting).id, reporting.secretariat)
    assert reporting.project.completed_at is None
    assert reporting.project.proposal.status == "in_implementation"


def test_the_accepted_final_report_completes_the_project(session):
    reporting = make_reporting(signed_days_ago=800, period_months=12)
    final = reporting.periods[-1]
    assert final.final
    report = _submitted(reporting, len(reporting.periods) - 1)

    reports.accept_report(report.id, reporting.secretariat)

    assert reporting.project.completed_at is not None
    assert reporting.project.proposal.status == "completed"
    change = db.session.scalars(select(StatusChange).where(
        StatusChange.proposal_id == reporting.project.proposal_id)).one()
    assert (change.from_status, change.to_status, change.action) == (
        "in_implementation", "completed", "complete")
    assert change.actor_id == reporting.secretariat.id
    assert "project.completed" in _actions()
    with pytest.raises(ConflictError):
        reports.create_report(reporting.project.id, reporting.periods[0].id, {},
                              reporting.lead_member)
