"""A funded project from its grant agreement to an accepted final report (issue 13), in English
and in Russian, by keyboard, axe on every page, no key of the code shown:

- the secretariat follows its dashboard's task to the agreement's form, keeps the grants each
  partner asked, checks the schedule on the "check your answers" page, attaches the signed PDF
  and records the agreement, which opens the project's public page;
- a member of the lead organisation follows the report due on their dashboard to the editor,
  writes the final report (summary, narrative, the indicator's value, the milestone reached),
  checks it and submits it;
- the secretariat follows the assessment task to the report and accepts it: the project is
  completed, and its public page shows the accepted summary and the indicator at its target.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from portal.extensions import db
from tests.e2e.accessibility import assert_accessible
from tests.e2e.project_data import INDICATOR_TARGET, ProjectJourney, add_project_journey
from tests.e2e.steps import (
    DASHBOARD,
    enter_code,
    fresh_code,
    submit_credentials,
    switch_language,
)
from tests.e2e.test_role_journeys import main_nav, no_raw_keys, press, say, task
from tests.projects.agreement_support import make_pdf

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "ru"]
SUMMARY = "The lens line is certified and the first batch shipped."


@pytest.fixture(scope="module")
def journeys(live_server):
    made: dict[str, ProjectJourney] = {}

    def of(language: str) -> ProjectJourney:
        if language not in made:
            with live_server.app.app_context():
                made[language] = add_project_journey(language)
                db.session.commit()
        return made[language]
    return of


def start(page, person, language: str) -> None:
    """Sign in and read the dashboard in ``language``: the header's switch the first time, the
    language the person chose before afterwards (the portal remembers it)."""
    submit_credentials(page, person)
    if person.totp_secret:
        page.wait_for_url("**/sign-in/code")
        assert_accessible(page)
        enter_code(page, fresh_code(person.totp_secret))
    page.wait_for_url(DASHBOARD)
    assert_accessible(page)
    if page.locator("html").get_attribute("lang") != language:
        switch_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, "My dashboard"))


def sign_out(page, language: str) -> None:
    page.get_by_role("button", name=say(language, "Sign out")).click()
    page.wait_for_url(re.compile(r"/$"))
    assert_accessible(page)


def record_the_agreement(page, language: str, j: ProjectJourney, tmp_path) -> None:
    start(page, j.secretariat, language)
    press(page, task(page, language, say(language, "Record the grant agreement of %(acronym)s",
                                         acronym=j.acronym)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(language, "Record the grant agreement"))
    page.get_by_label(say(language, "Signing date")).fill(j.signed_on.isoformat())
    press(page, page.get_by_role("button", name=say(language, "Continue")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(language, "Check your answers before you record the agreement"))
    schedule = page.get_by_role("region", name=say(language, "Table of the reporting periods"))
    expect(schedule.locator("tbody tr")).to_have_count(1)
    expect(schedule.locator("tbody tr th")).to_have_text(say(language, "Final report"))
    signed = format_date(j.signed_on, "medium", locale=language)
    expect(page.locator("main dl")).to_contain_text(signed)
    no_raw_keys(page)
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(make_pdf())
    page.get_by_label(say(language, "The signed agreement (PDF)")).set_input_files(str(pdf))
    press(page, page.get_by_role("button", name=say(language, "Record the agreement")))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{j.acronym}: {j.title}")
    expect(page.locator(".flashes")).to_contain_text(
        say(language, "The grant agreement is recorded: the project has started."))
    sign_out(page, language)


def write_and_submit_the_final_report(page, language: str, j: ProjectJourney) -> None:
    start(page, j.lead_member, language)
    press(page, task(page, language, say(language, "Report for period %(number)d of %(acronym)s",
                                         number=1, acronym=j.acronym)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(language, "Final report of %(acronym)s", acronym=j.acronym))
    page.get_by_label(say(language, "Summary for the public")).fill(SUMMARY)
    page.get_by_label(say(language, "Narrative for the secretariat and the council")).fill(
        "Both partners finished the certification; the line runs in Smolensk and Vitebsk.")
    page.get_by_label(say(language, "Cumulative value at the end of the period")).fill(
        str(INDICATOR_TARGET))
    page.get_by_label(say(language, "Reached on")).fill(
        (j.signed_on + timedelta(days=60)).isoformat())
    page.get_by_label(say(language, "Deliverable")).fill("Prototype test report")
    press(page, page.get_by_role("button", name=say(language, "Save and check before submitting")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        say(language, "Check your answers before you submit"))
    expect(page.locator("main")).to_contain_text(SUMMARY)
    press(page, page.get_by_role("button", name=say(language, "Submit the report")))
    expect(page.locator(".flashes")).to_contain_text(
        say(language, "The report is submitted to the secretariat."))
    sign_out(page, language)


def accept_the_final_report(page, language: str, j: ProjectJourney) -> None:
    start(page, j.secretariat, language)
    press(page, task(page, language, say(
        language, "Assess the report for period %(number)d of %(acronym)s", number=1,
        acronym=j.acronym)))
    expect(page.locator("main")).to_contain_text(SUMMARY)
    press(page, page.get_by_role("button", name=say(language, "Accept the report")))
    expect(page.locator(".flashes")).to_contain_text(say(language, "The report is accepted."))
    main_nav(page, language, "Projects")
    press(page, page.get_by_role("link", name=re.compile(re.escape(j.acronym))).first)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{j.acronym}: {j.title}")
    expect(page.locator("main dl").first).to_contain_text(say(language, "Completed"))
    reports = page.get_by_role("region", name=say(language, "Accepted reports"))
    expect(reports).to_contain_text(SUMMARY)
    indicators = page.get_by_role("region", name=say(language, "Table of the indicators"))
    expect(indicators).to_contain_text("100")
    no_raw_keys(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_project_goes_from_its_agreement_to_an_accepted_final_report(
        page, live_server, journeys, language, tmp_path):
    j = journeys(language)
    record_the_agreement(page, language, j, tmp_path)
    write_and_submit_the_final_report(page, language, j)
    accept_the_final_report(page, language, j)
