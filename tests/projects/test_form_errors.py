"""The partners' report editor and the grant agreement form tell each problem once: in the
summary at the top, linked to its field, named by its row, and under the field; never flashed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.core.db import utcnow
from portal.extensions import db
from tests.factories import make_approved_proposal, make_user
from tests.form_pages import assert_problems_told_once
from tests.pages import signed_in
from tests.projects.test_agreement_pages import _answers, _secretariat_browser
from tests.projects.test_reports_pages import _editor, _form, reporting  # noqa: F401


def test_the_report_editor_links_each_problem_to_its_row(app, reporting):  # noqa: F811
    client = signed_in(app, reporting.partner_member)
    response = client.post(_editor(reporting), data=_form(
        reporting, **{"indicators-0-value": "a lot", "spending-0-amount": "-5"}))

    assert response.status_code == 422
    indicator = reporting.indicator.name
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "indicators-0-value": f"{indicator}: Cumulative value at the end of the period — ",
        "spending-0-amount": "Spending row 1: Amount — "})
    assert [target for target, _text in page.links] == ["indicators-0-value",
                                                         "spending-0-amount"]


def test_the_report_editor_tells_a_field_the_form_refuses(app, reporting):  # noqa: F811
    client = signed_in(app, reporting.partner_member)
    response = client.post(_editor(reporting), data=_form(
        reporting, **{"milestones-0-reached_on": "yesterday"}))

    assert response.status_code == 422
    milestone = reporting.project.proposal.milestones[0].title
    assert_problems_told_once(response.get_data(as_text=True), {
        "milestones-0-reached_on": f"{milestone}: Reached on — Give a date as YYYY-MM-DD."})


def test_the_agreement_form_links_the_services_problems_to_their_fields(app, session):
    proposal = make_approved_proposal()
    _secretariat, browser = _secretariat_browser(app)
    tomorrow = (utcnow() + timedelta(days=3)).date().isoformat()
    second = proposal.partners[1]

    response = browser.post(f"/proposals/{proposal.id}/agreement", data=_answers(
        proposal, signed_on=tomorrow, **{f"grant_{second.organisation_id}": "0"}))

    assert response.status_code == 422
    page = assert_problems_told_once(response.get_data(as_text=True), {
        "signed_on": "Signing date — The agreement cannot be signed in the future.",
        f"grant_{second.organisation_id}":
            f"Grant to {second.organisation.name}, in RUB — The grant must be more than 0."})
    assert [target for target, _text in page.links] == [
        "signed_on", f"grant_{second.organisation_id}"]


@pytest.mark.parametrize(("language", "months", "grant"), [
    ("en", "Reporting period, in months — Must be between 1 and 24.",
     "— Must be a number."),
    ("ru", " — Должно быть от 1 до 24.", "— Требуется число.")])
def test_the_agreement_form_tells_its_own_refusals_in_the_readers_words(
        app, session, language, months, grant):
    proposal = make_approved_proposal()
    secretariat = make_user("secretariat", with_totp=True)
    secretariat.language = language
    db.session.commit()
    browser = signed_in(app, secretariat, language)
    first = proposal.partners[0].organisation_id

    response = browser.post(f"/proposals/{proposal.id}/agreement", data=_answers(
        proposal, reporting_period_months="36", **{f"grant_{first}": "much"}))

    assert response.status_code == 422
    assert_problems_told_once(response.get_data(as_text=True), {
        "reporting_period_months": months, f"grant_{first}": grant})
