"""The grant agreement's pages: the link on the proposal's page, the form prefilled with what
each partner asked, the check page with the schedule, the final confirmation with the signed
PDF; the proposal's buttons no longer sign or complete; the secretariat's waiting task; the
call's reporting period on its pages."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from flask_babel import force_locale, format_date
from sqlalchemy import select

from portal.calls.models import Call
from portal.core.db import utcnow
from portal.core.waiting import TaskKind, tasks_for
from portal.extensions import db
from portal.projects import agreement_waiting, schedule
from portal.projects.agreement import record_agreement
from portal.projects.models import Project
from tests.calls.test_calls import CALL_FORM
from tests.factories import make_approved_proposal, make_call, make_proposal, make_user
from tests.pages import signed_in
from tests.perf.test_statement_counts import statements
from tests.projects.agreement_support import (
    HTML_AS_PDF,
    PDF,
    grants_of,
    signed_last_week,
    stored_agreements,
)


def _secretariat_browser(app):
    secretariat = make_user("secretariat", with_totp=True)
    db.session.commit()
    return secretariat, signed_in(app, secretariat)


def _answers(proposal, **changes) -> dict:
    values = {"signed_on": signed_last_week().isoformat(), "reporting_period_months": "6",
              "conditions_note": "",
              **{f"grant_{p.organisation_id}": "700000.00" for p in proposal.partners}}
    values.update(changes)
    return values


def test_the_proposal_page_links_the_secretariat_to_the_agreement(app, session):
    proposal = make_approved_proposal()
    _secretariat, browser = _secretariat_browser(app)

    page = browser.get(f"/proposals/{proposal.id}").get_data(as_text=True)

    assert f'href="/proposals/{proposal.id}/agreement"' in page
    assert "Record the grant agreement" in page
    assert f"/proposals/{proposal.id}/actions/sign_agreement" not in page
    applicant = signed_in(app, proposal.created_by).get(f"/proposals/{proposal.id}")
    assert "Record the grant agreement" not in applicant.get_data(as_text=True)


def test_no_link_before_the_decision_is_in_force(app, session):
    proposal = make_approved_proposal(in_force=False)
    _secretariat, browser = _secretariat_browser(app)
    page = browser.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Record the grant agreement" not in page
    leave = browser.get(f"/proposals/{proposal.id}/agreement")
    assert leave.status_code == 302 and leave.headers["Location"].endswith(
        f"/proposals/{proposal.id}")


def test_the_form_is_prefilled_with_what_each_partner_asked(app, session):
    proposal = make_approved_proposal(call=make_call(reporting_period_months=3))
    _secretariat, browser = _secretariat_browser(app)

    page = browser.get(f"/proposals/{proposal.id}/agreement").get_data(as_text=True)

    for partner in proposal.partners:
        assert re.search(rf'name="grant_{partner.organisation_id}"[^>]*value="700000.00"', page)
        assert f'<label for="grant_{partner.organisation_id}">' in page
    assert re.search(r'name="reporting_period_months"[^>]*value="3"', page)
    assert 'type="date"' in page and 'name="file"' not in page


def test_the_check_page_shows_the_schedule_then_the_confirmation_records_it(app, session):
    proposal = make_approved_proposal()
    _secretariat, browser = _secretariat_browser(app)

    check = browser.post(f"/proposals/{proposal.id}/agreement", data=_answers(proposal))

    assert check.status_code == 200
    page = check.get_data(as_text=True)
    assert "Check your answers" in page and "cannot be undone" in page
    assert "Final report" in page and "Period 3" in page and 'name="file"' in page
    starts_on, ends_on = schedule.project_dates(signed_last_week(), proposal.duration_months)
    final = schedule.periods(starts_on, ends_on, 6)[-1]
    with force_locale("en"):
        assert format_date(final.due_on, "medium") in page
    assert db.session.scalar(select(Project.id)) is None

    done = browser.post(f"/proposals/{proposal.id}/agreement/confirm",
                        data={**_answers(proposal), "file": (io.BytesIO(PDF), "signed.pdf")},
                        content_type="multipart/form-data")

    assert done.status_code == 302
    project = db.session.scalar(select(Project))
    assert project is not None and project.agreement_filename == "signed.pdf"
    assert len(project.periods) == 4 and project.signed_on == signed_last_week()
    assert db.session.get(type(proposal), proposal.id).status == "in_implementation"
    again = browser.get(f"/proposals/{proposal.id}/agreement")
    assert again.status_code == 302
    download = browser.get(f"/projects/{project.id}/agreement.pdf")
    assert download.status_code == 200 and download.data == PDF


def test_a_non_pdf_on_the_confirmation_is_refused_and_leaves_nothing(app, session):
    proposal = make_approved_proposal()
    _secretariat, browser = _secretariat_browser(app)
    before = stored_agreements(app)

    refused = browser.post(
        f"/proposals/{proposal.id}/agreement/confirm",
        data={**_answers(proposal), "file": (io.BytesIO(HTML_AS_PDF), "signed.pdf")},
        content_type="multipart/form-data")

    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "The file is not a readable PDF document." in page and "Final report" in page
    assert stored_agreements(app) == before
    assert db.session.scalar(select(Project.id)) is None
    assert db.session.get(type(proposal), proposal.id).status == "approved"
    missing = browser.post(f"/proposals/{proposal.id}/agreement/confirm",
                           data=_answers(proposal))
    assert missing.status_code == 422
    assert "Choose the signed agreement" in missing.get_data(as_text=True)


def test_invalid_answers_come_back_on_the_form_with_their_messages(app, session):
    proposal = make_approved_proposal()
    _secretariat, browser = _secretariat_browser(app)
    tomorrow = (utcnow() + timedelta(days=3)).date().isoformat()
    first = proposal.partners[0].organisation_id

    response = browser.post(f"/proposals/{proposal.id}/agreement", data=_answers(
        proposal, signed_on=tomorrow, **{f"grant_{first}": "0"}))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The agreement cannot be signed in the future." in page
    assert "The grant must be more than 0." in page
    assert 'aria-invalid="true"' in page


def test_the_answers_can_be_changed_from_the_check_page(app, session):
    proposal = make_approved_proposal()
    _secretariat, browser = _secretariat_browser(app)
    answers = _answers(proposal, reporting_period_months="4", change="1")

    response = browser.post(f"/proposals/{proposal.id}/agreement", data=answers)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'name="reporting_period_months"[^>]*value="4"', page)
    assert "Check your answers" not in page


def test_only_the_secretariat_reaches_the_agreement_pages(app, client, session):
    proposal = make_approved_proposal()
    db.session.commit()
    anonymous = client.get(f"/proposals/{proposal.id}/agreement")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]
    applicant = signed_in(app, proposal.created_by)
    assert applicant.get(f"/proposals/{proposal.id}/agreement").status_code == 403
    assert applicant.post(f"/proposals/{proposal.id}/agreement/confirm",
                          data=_answers(proposal)).status_code == 403
    assert db.session.scalar(select(Project.id)) is None


def test_the_proposal_page_buttons_no_longer_sign_the_agreement(app, session):
    proposal = make_approved_proposal()
    _secretariat, browser = _secretariat_browser(app)

    response = browser.post(f"/proposals/{proposal.id}/actions/sign_agreement", data={},
                            follow_redirects=True)

    assert "Record the grant agreement" in response.get_data(as_text=True)
    assert db.session.get(type(proposal), proposal.id).status == "approved"


def test_the_secretariat_waits_for_agreements_to_record(app, session):
    waiting = make_approved_proposal(acronym="WAITING")
    make_approved_proposal(in_force=False)
    make_proposal()
    secretariat = make_user("secretariat")

    with app.test_request_context(), force_locale("en"):
        tasks = tasks_for(secretariat, utcnow(), TaskKind.RECORD_AGREEMENT)
        assert [(t.object_id, t.title) for t in tasks] == [
            (waiting.id, "Record the grant agreement of WAITING")]
        assert tasks[0].url() == f"/proposals/{waiting.id}/agreement"
        assert tasks_for(make_user("council_member:KZ"), utcnow(),
                         TaskKind.RECORD_AGREEMENT) == []
        record_agreement(waiting.id, signed_last_week(), grants_of(waiting), secretariat)
        assert tasks_for(secretariat, utcnow(), TaskKind.RECORD_AGREEMENT) == []


def test_the_agreements_waiting_load_in_one_statement_however_many(app, session):
    secretariat = make_user("secretariat")
    counts = []
    for _round in range(2):
        for _proposal in range(3):
            make_approved_proposal()
        with app.test_request_context(), force_locale("en"), statements() as sent:
            tasks = agreement_waiting.agreements_to_record(secretariat, utcnow())
        counts.append((len(tasks), len(sent)))
    assert counts == [(3, 1), (6, 1)]


def test_the_call_pages_take_and_show_the_reporting_period(app, session):
    _secretariat, browser = _secretariat_browser(app)
    form = browser.get("/calls/new").get_data(as_text=True)
    assert 'name="reporting_period_months"' in form

    done = browser.post("/calls/new", data={**CALL_FORM, "reporting_period_months": "3"})

    assert done.status_code == 302
    call = db.session.scalar(select(Call).where(Call.title == "Form call"))
    assert call.reporting_period_months == 3
    page = browser.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Reporting period of funded projects" in page and "3 months" in page
