"""The reports' pages: the reporting workspace, the editor with its error summary, the "check
your answers" page and the secretariat's assessment, each with the API's permissions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.accounts import two_factor
from portal.accounts.models import User
from portal.extensions import db
from portal.projects import reports
from portal.projects.models import Report, ReportVersion
from tests.pages import signed_in
from tests.projects.reporting import make_reporting


@pytest.fixture
def reporting(session):
    reporting = make_reporting()
    reporting.secretariat.totp_secret = two_factor.new_secret()
    db.session.commit()
    return reporting


def _editor(reporting, index=0) -> str:
    return f"/projects/{reporting.project.id}/periods/{reporting.periods[index].id}/report"


def _form(reporting, **changes) -> dict:
    data = {"summary": "Two joint patents filed.", "narrative": "The prototype works.",
            "indicators-0-value": "1,5".replace(",", "."),
            "milestones-0-reached_on": (date.today() - timedelta(days=2)).isoformat(),
            "milestones-0-deliverable": "A prototype",
            "spending-0-organisation_id": str(reporting.lead.id),
            "spending-0-category": "staff", "spending-0-amount": "150000",
            "spending-0-currency": "", "spending-1-organisation_id": "0",
            "spending-1-category": "", "spending-1-amount": "", "spending-1-currency": ""}
    data.update(changes)
    return data


def _draft(reporting, values=None):
    report = reports.create_report(reporting.project.id, reporting.periods[0].id,
                                   values if values is not None else reporting.values(),
                                   reporting.partner_member)
    db.session.commit()
    return report


def test_the_workspace_lists_the_periods_with_their_due_dates_and_actions(app, reporting):
    page = signed_in(app, reporting.lead_member).get(
        f"/projects/{reporting.project.id}/reporting")
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert html.count("Write the report") == 2  # the two periods that have begun
    assert "Opens when the period begins" in html
    assert "Final report (period 4)" in html
    assert "(UTC+05:00" in html  # due dates in the call's zone (Asia/Almaty)


def test_the_workspace_shows_the_secretariat_what_to_assess(app, reporting):
    report = _draft(reporting)
    reports.submit_report(report.id, reporting.lead_member)
    db.session.commit()
    html = signed_in(app, reporting.secretariat).get(
        f"/projects/{reporting.project.id}/reporting").get_data(as_text=True)
    assert "Assess the report" in html and "Submitted, awaiting assessment" in html
    assert "Write the report" not in html


def test_the_workspace_and_editor_refuse_who_is_not_a_reader(app, client, reporting):
    outsider = signed_in(app, reporting.outsider)
    assert outsider.get(f"/projects/{reporting.project.id}/reporting").status_code == 403
    assert outsider.get(_editor(reporting)).status_code == 403
    anonymous = client.get(f"/projects/{reporting.project.id}/reporting")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.location


def test_the_editor_shows_each_indicator_with_its_baseline_and_target(app, reporting):
    html = signed_in(app, reporting.partner_member).get(_editor(reporting)).get_data(
        as_text=True)
    assert "Joint patents (patents)" in html and "Baseline" in html and "Target" in html
    assert "Prototype" in html and "Spending row 12" in html
    assert 'value="staff"' in html and ">Staff<" in html


def test_saving_the_editor_creates_the_draft_and_keeps_the_values(app, reporting):
    client = signed_in(app, reporting.partner_member)
    response = client.post(_editor(reporting), data=_form(reporting, save="Save the draft"))

    assert response.status_code == 302
    report = db.session.scalars(select(Report)).one()
    assert report.status == "draft" and report.summary == "Two joint patents filed."
    assert [(s.category, s.currency) for s in report.spending] == [("staff", "RUB")]
    html = client.get(_editor(reporting)).get_data(as_text=True)
    assert "1.5000" in html and 'name="version" type="hidden" value="1"' in html


def test_bad_values_come_back_with_an_error_summary_linking_to_the_fields(app, reporting):
    client = signed_in(app, reporting.partner_member)
    response = client.post(_editor(reporting), data=_form(
        reporting, **{"indicators-0-value": "a lot", "spending-0-amount": "-5"}))
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "There is a problem" in html
    assert 'href="#indicators-0-value"' in html and 'href="#spending-0-amount"' in html
    assert db.session.scalars(select(Report)).all() == []


def test_a_stale_editor_is_a_conflict(app, reporting):
    report = _draft(reporting)
    reports.update_report(report.id, {"summary": "Meanwhile."}, report.version,
                          reporting.lead_member)
    db.session.commit()
    response = signed_in(app, reporting.partner_member).post(
        _editor(reporting), data=_form(reporting, version="1"))
    assert response.status_code == 409


def test_save_and_check_leads_to_the_check_page_where_the_lead_submits(app, reporting):
    partner = signed_in(app, reporting.partner_member)
    response = partner.post(_editor(reporting),
                            data=_form(reporting, check="Save and check before submitting"))
    report = db.session.scalars(select(Report)).one()
    assert response.location.endswith(f"/reports/{report.id}/check")

    html = partner.get(response.location).get_data(as_text=True)
    assert "Check your answers before you submit" in html
    assert "A member of the lead organisation submits the report." in html
    assert partner.post(f"/reports/{report.id}/submit").status_code == 403

    lead = signed_in(app, reporting.lead_member)
    assert "Submit the report" in lead.get(f"/reports/{report.id}/check").get_data(as_text=True)
    assert lead.post(f"/reports/{report.id}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == "submitted"
    assert len(db.session.scalars(select(ReportVersion)).all()) == 1


def test_the_check_page_lists_what_is_missing_and_refuses_the_submission(app, reporting):
    report = _draft(reporting, values={})
    lead = signed_in(app, reporting.lead_member)
    html = lead.get(f"/reports/{report.id}/check").get_data(as_text=True)
    assert "Write a summary for the public." in html and "Give the value of Joint patents." in html
    assert lead.post(f"/reports/{report.id}/submit").status_code == 422
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == "draft"


def test_the_secretariat_returns_with_a_reason_then_accepts_the_resubmission(app, reporting):
    report = _draft(reporting)
    reports.submit_report(report.id, reporting.lead_member)
    db.session.commit()
    staff = signed_in(app, reporting.secretariat)
    html = staff.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Accept the report" in html and "Return the report" in html

    no_reason = staff.post(f"/reports/{report.id}/return", data={"reason": ""})
    assert no_reason.status_code == 422 and 'href="#reason"' in no_reason.get_data(as_text=True)
    assert staff.post(f"/reports/{report.id}/return",
                      data={"reason": "Add the numbers."}).status_code == 302

    lead = signed_in(app, reporting.lead_member)
    assert "Add the numbers." in lead.get(_editor(reporting)).get_data(as_text=True)
    db.session.expire_all()
    returned = db.session.get(Report, report.id)
    reports.update_report(returned.id, {"summary": "With numbers."}, returned.version,
                          reporting.lead_member)
    reports.submit_report(returned.id, reporting.lead_member)
    db.session.commit()

    html = staff.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Version 1" in html and "Version 2" in html and "Returned" in html
    assert staff.post(f"/reports/{report.id}/accept").status_code == 302
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == "accepted"


def test_partners_may_not_assess_and_see_no_assessment_buttons(app, reporting):
    report = _draft(reporting)
    reports.submit_report(report.id, reporting.lead_member)
    db.session.commit()
    lead = signed_in(app, reporting.lead_member)
    html = lead.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Accept the report" not in html and "Two joint patents filed." in html
    assert lead.post(f"/reports/{report.id}/accept").status_code == 403
    assert lead.post(f"/reports/{report.id}/return", data={"reason": "x"}).status_code == 403
    # a submitted report is read, not edited
    assert lead.get(_editor(reporting)).location.endswith(f"/reports/{report.id}")


def test_the_report_page_takes_as_many_statements_with_three_versions_as_with_one(app, reporting,
                                                                                  session):
    from tests.perf.test_statement_counts import statements

    report = _draft(reporting)
    reports.submit_report(report.id, reporting.lead_member)
    db.session.commit()
    staff = signed_in(app, reporting.secretariat)
    path = f"/reports/{report.id}"

    def count() -> int:
        staff.get(path)  # warms what a process loads once
        session.expunge_all()
        with statements() as sent:
            assert staff.get(path).status_code == 200
        return len(sent)

    report_id, staff_id, lead_id = report.id, reporting.secretariat.id, reporting.lead_member.id
    one = count()
    for _ in range(2):
        reports.return_report(report_id, "Again.", db.session.get(User, staff_id))
        reports.submit_report(report_id, db.session.get(User, lead_id))
        db.session.commit()
    assert "Version 3" in staff.get(path).get_data(as_text=True)
    assert count() == one
