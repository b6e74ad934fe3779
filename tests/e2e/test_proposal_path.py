"""The main path of a proposal through the pages (issue 4): from the call to the council's
decision, each person signing in through the pages (with the second factor where the role asks
for one), axe run on every page visited in English, and on the proposal page, the vote session
and the register once in Russian.

No worker runs beside the browser tests' server: where the worker acts (the eligibility check,
the assignment of experts, the move to consolidation, the tally), the test calls the same
service functions the tasks call (portal/proposals/tasks.py, portal/review/tasks.py,
portal/council/tasks.py), in the served app's context, and commits once as the task does. The two
experts who do not use the browser review through the review services, as their pages would.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect
from sqlalchemy import select

from portal.calls.models import Call
from portal.core.db import utcnow
from portal.core.timezones import format_moment
from portal.council import decisions
from portal.council.models import Decision, VoteSession
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.screening import screen_proposal
from portal.review import panels
from portal.review import services as review
from portal.review.models import Assignment
from tests.e2e.accessibility import assert_accessible
from tests.e2e.proposal_data import (
    ACRONYM,
    CALL_TITLE,
    CALL_ZONE,
    LEAD,
    PARTNER,
    READER_ZONE,
    SUMMARY,
    TITLE,
    WORK_PLAN,
    add_proposal_cast,
)
from tests.e2e.steps import (
    russian,
    sign_in,
    sign_out,
    switch_language,
    tab_to,
    visit,
)

pytestmark = pytest.mark.browser

SCORES = {"excellence": "4", "impact": "4", "implementation": "3.5"}
SESSION_TITLE = "Council meeting on joint lines"


@pytest.fixture(scope="module")
def cast(live_server):
    with live_server.app.app_context():
        people = add_proposal_cast()
        db.session.commit()
    return people


def worker(live_server, step):
    """Play the worker's part: ``step()`` in the app's context, committed once."""
    with live_server.app.app_context():
        result = step()
        db.session.commit()
        return result


def main_nav(page, name: str, address: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name,
                                                            exact=True).click()
    page.wait_for_url(address)
    assert_accessible(page)


def press_and_land(page, control) -> None:
    """Press a button or follow a link that loads a new document, then check it."""
    with page.expect_navigation():
        control.click()
    assert_accessible(page)


def choose(group, label: str, value: str) -> None:
    group.get_by_label(label, exact=True).select_option(value)


def pick_by_keyboard(page, name: str, organisation: str, organisation_id: int,
                     label: str = "Lead organisation", scope=None) -> None:
    """An organisation picker as a combobox: part of the name typed, the listbox checked by axe
    while open, Escape closes it, the arrow key and Enter choose; the hidden field has the id."""
    scope = scope or page
    combobox = scope.get_by_role("combobox", name=label)
    expect(page.locator(f".picker button[value={name}]")).to_have_count(0)
    combobox.focus()
    page.keyboard.type(organisation.lower())  # the whole name: other tests add similar ones
    listbox = scope.get_by_role("listbox", name=label)
    expect(listbox.get_by_role("option").first).to_contain_text(organisation)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option", selected=True)).to_contain_text(organisation)
    page.keyboard.press("Enter")
    expect(combobox).to_have_value(organisation)
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(page.locator(f"input[type=hidden][name={name}]")).to_have_value(str(organisation_id))
    expect(combobox).to_be_focused()


def fill_project(page, cast) -> None:
    page.locator("#title").fill(TITLE)
    page.get_by_label("Acronym").fill(ACRONYM)
    page.get_by_label("Summary").fill(SUMMARY)
    page.get_by_label("Work plan", exact=True).fill(WORK_PLAN)
    page.get_by_label("Technology fields").select_option("pharmaceuticals_biotech_medical")
    page.get_by_label("Duration in months").fill("24")
    pick_by_keyboard(page, "lead_organisation_id", LEAD, cast.lead_id)


def open_section(page, name: str, state: str) -> None:
    """From the task list: the section's state in words, then its page."""
    task = page.locator(".task").filter(has=page.get_by_role("link", name=name, exact=True))
    expect(task.locator(".task-state")).to_have_text(state)
    press_and_land(page, task.get_by_role("link", name=name, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def save_section(page) -> None:
    press_and_land(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {ACRONYM}")


def edit_the_consortium_by_keyboard_at_phone_width(page, cast, at_both_widths) -> None:
    """The lead's editor at 390 px: the partner chosen with the picker's keyboard, the rates
    typed, Save pressed from the keyboard."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": 390, "height": viewport["height"]})
    open_section(page, "Consortium", "In progress")
    assert_accessible(page)
    second = page.get_by_role("group", name="Partner 2", exact=True)
    pick_by_keyboard(page, "partners-1-organisation_id", PARTNER, cast.partner_id,
                     label="Organisation", scope=second)
    page.keyboard.press("Tab")
    expect(second.get_by_label("Co-financing rate")).to_be_focused()
    page.keyboard.type("30")
    page.get_by_role("group", name="Partner 1", exact=True).get_by_label(
        "Co-financing rate").fill("30")
    at_both_widths("consortium-section")
    save = page.get_by_role("button", name="Save", exact=True)
    save.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {ACRONYM}")
    page.set_viewport_size(viewport)


def fill_the_sections(page, cast) -> None:
    open_section(page, "Budget", "Not started")
    for number, (organisation, category, amount) in enumerate(
            ((cast.lead_id, "staff", "6000000"), (cast.partner_id, "equipment", "4000000")), 1):
        if number > 1:
            press_and_land(page, page.get_by_role("button", name="Add another budget line"))
        line = page.get_by_role("group", name=f"Budget line {number}", exact=True)
        choose(line, "Partner", str(organisation))
        choose(line, "Category", category)
        line.get_by_label("Amount").fill(amount)
        choose(line, "Currency", "RUB")
    save_section(page)
    open_section(page, "Indicators", "Not started")
    indicator = page.get_by_role("group", name="Indicator 1", exact=True)
    indicator.get_by_label("Indicator", exact=True).fill("Devices certified")
    indicator.get_by_label("Unit").fill("devices")
    indicator.get_by_label("Baseline").fill("0")
    indicator.get_by_label("Target").fill("3")
    save_section(page)
    open_section(page, "Work plan milestones", "Not started")
    milestone = page.get_by_role("group", name="Milestone 1", exact=True)
    milestone.get_by_label("Milestone", exact=True).fill("Pilot line running")
    milestone.get_by_label("Month").fill("12")
    milestone.get_by_label("Deliverable").fill("Pilot batch of 1,000 devices")
    save_section(page)


def deadline_texts(live_server, call_id: int) -> list[str]:
    with live_server.app.app_context():
        closes_at = db.session.get(Call, call_id).closes_at
    with live_server.app.test_request_context(), force_locale("en"):
        return [format_moment(closes_at, CALL_ZONE),
                f"{format_moment(closes_at, READER_ZONE)} · your time"]


def prepare_the_proposal(page, live_server, cast, at_both_widths) -> str:
    """The cluster manager: the call page, the editor, the lead's confirmation."""
    sign_in(page, cast.manager)
    main_nav(page, "Calls", "**/calls")
    press_and_land(page, page.get_by_role("link", name=CALL_TITLE))
    expect(page.get_by_role("heading", level=1)).to_have_text(CALL_TITLE)
    expect(page.locator(".deadline li")).to_have_text(deadline_texts(live_server, cast.call_id))

    press_and_land(page, page.get_by_role("link", name="Prepare a proposal"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New proposal")
    fill_project(page, cast)
    press_and_land(page, page.get_by_role("button", name="Save", exact=True))
    expect(page).to_have_url(re.compile(r"/proposals/\d+/edit$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {ACRONYM}")
    edit_the_consortium_by_keyboard_at_phone_width(page, cast, at_both_widths)
    classification = page.get_by_role("region", name="Classification")
    expect(classification).to_contain_text("Cross-border")
    expect(classification.get_by_role("listitem")).to_have_text(
        ["Vitebsk Region — Smolensk Oblast"])
    consortium = page.locator(".task").filter(
        has=page.get_by_role("link", name="Consortium", exact=True))
    expect(consortium.locator(".task-state")).to_have_text("In progress")
    expect(consortium).to_contain_text(f"{PARTNER} has not confirmed its participation")
    fill_the_sections(page, cast)
    expect(page.locator(".task").filter(has=page.get_by_role(
        "link", name="Budget", exact=True)).locator(".task-state")).to_have_text("Completed")

    press_and_land(page, page.get_by_role("link", name="Back"))
    proposal_url = page.url
    expect(page.locator(".proposal-status")).to_have_text("Draft")
    press_and_land(page, page.get_by_role("row", name=re.compile(LEAD)).get_by_role(
        "button", name="Confirm our participation"))
    expect(page.get_by_role("row", name=re.compile(LEAD))).to_contain_text("Yes")
    sign_out(page)
    return proposal_url.removeprefix(live_server.url)


def confirm_and_endorse(page, cast, proposal_path: str) -> None:
    """The partner's member confirms; each partner's contact point endorses it."""
    sign_in(page, cast.partner_member)
    main_nav(page, "My proposals", "**/proposals")
    press_and_land(page, page.get_by_role("link", name=ACRONYM))
    assert page.url.endswith(proposal_path)
    partner_row = page.get_by_role("row", name=re.compile(PARTNER))
    press_and_land(page, partner_row.get_by_role("button", name="Confirm our participation"))
    expect(page.get_by_role("status")).to_have_text("The participation is confirmed.")
    sign_out(page)

    for contact, organisation in ((cast.ru_contact, LEAD), (cast.by_contact, PARTNER)):
        sign_in(page, contact)
        main_nav(page, "My proposals", "**/proposals")
        press_and_land(page, page.get_by_role("link", name=ACRONYM))
        endorse = page.get_by_role("button", name="Endorse this partner")
        expect(endorse).to_have_count(1)
        row = page.get_by_role("row", name=re.compile(organisation))
        press_and_land(page, row.get_by_role("button", name="Endorse this partner"))
        expect(page.get_by_role("button", name="Endorse this partner")).to_have_count(0)
        sign_out(page)


def submit_the_proposal(page, cast, proposal_path: str) -> None:
    sign_in(page, cast.manager)
    visit(page, proposal_path)
    press_and_land(page, page.get_by_role("link", name="Edit the proposal"))
    expect(page.locator(".task-state")).to_have_text(
        ["Completed"] * 5 + ["Not started"] * 3)
    press_and_land(page, page.get_by_role("link", name="Check and submit"))
    expect(page.get_by_role("region", name="Eligibility preview")).to_contain_text(
        "would be eligible if submitted now")
    press_and_land(page, page.get_by_role("button", name="Submit the proposal"))
    expect(page.locator(".proposal-status")).to_have_text("Submitted")
    sign_out(page)


def review_as_expert(page, cast) -> None:
    """The expert: title and abstract only, the declaration, the scores."""
    sign_in(page, cast.expert)
    main_nav(page, "My assignments", "**/review/assignments")
    press_and_land(page, page.get_by_role("link", name=TITLE))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".proposal-summary")).to_have_text(SUMMARY)
    main = page.locator("main")
    for hidden in (WORK_PLAN, ACRONYM, LEAD, PARTNER):
        expect(main).not_to_contain_text(hidden)
    page.get_by_label("I declare that I have no conflict of interest").check()
    press_and_land(page, page.get_by_role("button", name="Accept the assignment"))
    expect(main).to_contain_text(WORK_PLAN)
    expect(page.locator(".assignment-status")).to_have_text("Accepted: review in progress")
    form = page.get_by_role("region", name="Your review")
    for name, key in (("Excellence", "excellence"), ("Impact", "impact"),
                      ("Implementation", "implementation")):
        form.get_by_label(f"Score for “{name}” (0 to 5)").select_option(SCORES[key])
        form.get_by_label(f"Comment on “{name}”").fill(f"{name}: convincing.")
    form.get_by_label("Recommendation").select_option("fund")
    press_and_land(page, form.get_by_role("button", name="Submit the review"))
    expect(page.get_by_role("region", name="Your submitted review")).to_contain_text("Fund")
    sign_out(page)


def the_other_reviews(live_server, proposal_id: int, expert_email: str):
    def step():
        panel = db.session.scalars(select(Assignment).where(
            Assignment.proposal_id == proposal_id).order_by(Assignment.id)).all()
        for assignment in panel:
            if assignment.expert.email == expert_email:
                continue
            review.accept_assignment(assignment.id, assignment.expert, True)
            review.submit_review(assignment.id, assignment.expert, SCORES,
                                 {key: "Sound." for key in SCORES}, "fund")
        return panels.consolidate_reviews(proposal_id)
    assert worker(live_server, step) is True


def report_and_session(page, cast, proposal_id: int) -> str:
    """The secretariat locks the consensus report and puts the proposal on a meeting's agenda."""
    sign_in(page, cast.secretariat)
    visit(page, f"/review/proposals/{proposal_id}/report")
    for name, key in (("Excellence", "excellence"), ("Impact", "impact"),
                      ("Implementation", "implementation")):
        page.get_by_label(f"Score for “{name}” (0 to 5)").select_option(SCORES[key])
    page.get_by_label("Recommendation", exact=True).select_option("fund")
    page.get_by_label("The panel's consensus").fill("The panel agrees to fund the line.")
    press_and_land(page, page.get_by_role("button", name="Submit and lock the report"))
    expect(page.get_by_role("region", name="Consensus report")).to_contain_text("Locked on")

    main_nav(page, "Vote sessions", "**/council/sessions")
    press_and_land(page, page.get_by_role("link", name="Create a vote session"))
    now = utcnow()
    page.get_by_label("Title").fill(SESSION_TITLE)
    page.get_by_label("Kind of session").select_option("meeting")
    page.get_by_label("Opens at, your time").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes at, your time").fill((now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Seats per state").select_option("1")
    page.get_by_role("group", name="Proposals ready for the council").get_by_label(
        f"{ACRONYM}: {TITLE}").check()
    press_and_land(page, page.get_by_role("button", name="Create the session"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SESSION_TITLE)
    session_path = "/council/" + page.url.split("/council/", 1)[1]
    sign_out(page)
    return session_path


def vote(page, person, state_name: str, keyboard: bool) -> None:
    sign_in(page, person)
    main_nav(page, "Vote sessions", "**/council/sessions")
    press_and_land(page, page.get_by_role("link", name=SESSION_TITLE))
    ballot = page.get_by_role("group", name=f"Ballot of {state_name}, seat 1")
    if keyboard:
        first = ballot.get_by_role("radio").first
        expect(first).to_have_accessible_name("for")
        tab_to(page, first, "the ballot", presses=80)
        page.keyboard.press("Space")
        expect(first).to_be_checked()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Cast the ballot")).to_be_focused()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert_accessible(page)
    else:
        ballot.get_by_label("for", exact=True).check()
        press_and_land(page, page.get_by_role("button", name="Cast the ballot"))
    expect(page.get_by_role("status")).to_contain_text("Your ballot is cast.")
    expect(page.get_by_role("table", name="Ballots")).to_contain_text(state_name)
    sign_out(page)


def test_a_proposal_goes_from_the_call_to_an_approved_decision(page, live_server, cast,
                                                              at_both_widths):
    proposal_path = prepare_the_proposal(page, live_server, cast, at_both_widths)
    proposal_id = int(proposal_path.rsplit("/", 1)[1])
    confirm_and_endorse(page, cast, proposal_path)
    submit_the_proposal(page, cast, proposal_path)

    with live_server.app.app_context():  # the worker: eligibility (check_eligibility)
        assert screen_proposal(db.session.get(Proposal, proposal_id)) is True
        db.session.commit()
    filled = worker(live_server, lambda: len(panels.assign_experts(proposal_id).new))
    assert filled == 3  # the worker: the panel (assign_experts)

    review_as_expert(page, cast)
    the_other_reviews(live_server, proposal_id, cast.expert.email)
    session_path = report_and_session(page, cast, proposal_id)

    names = {"AM": "Armenia", "BY": "Belarus", "KG": "Kyrgyzstan", "KZ": "Kazakhstan",
             "RU": "Russia"}
    for state, person in cast.council.items():
        vote(page, person, names[state], keyboard=state == "KZ")

    sign_in(page, cast.secretariat)
    visit(page, session_path)
    expect(page.locator(".who-voted")).to_contain_text(
        "Armenia, Belarus, Kyrgyzstan, Kazakhstan, Russia")
    press_and_land(page, page.get_by_role("link",
                                          name="Close the meeting and count the votes"))
    expect(page.locator(".who-voted")).to_contain_text("Armenia")
    press_and_land(page, page.get_by_role("button",
                                          name="Close the meeting and count the votes"))
    expect(page.locator(".session-status")).to_have_text("closing: the votes are being counted")
    with live_server.app.app_context():  # the worker: the tally (tally_session)
        vote_session = db.session.scalar(select(VoteSession).where(
            VoteSession.title == SESSION_TITLE))
        [decision] = decisions.tally_session(vote_session.id)
        number = decision.number
        db.session.commit()
    visit(page, session_path)
    expect(page.locator(".item-outcome")).to_have_text("adopted")
    switch_language(page, "ru")
    expect(page.locator(".item-outcome")).to_have_text(russian("adopted"))
    expect(page.get_by_role("heading", level=2, name=russian("Agenda"))).to_be_visible()
    switch_language(page, "en")
    sign_out(page)

    main_nav(page, "Decisions", "**/decisions")
    row = page.get_by_role("row", name=number)
    expect(row).to_contain_text("adopted")
    expect(row).to_contain_text(f"{ACRONYM}: {TITLE}")
    switch_language(page, "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(russian("Register of decisions"))
    expect(page.get_by_role("row", name=number)).to_contain_text(
        russian("adopted"))
    switch_language(page, "en")

    sign_in(page, cast.manager)
    visit(page, proposal_path)
    expect(page.locator(".proposal-status")).to_have_text("Approved")
    next_section = page.get_by_role("region", name="Where it is and what happens next")
    expect(next_section).to_contain_text(f"Decision {number}: adopted")
    switch_language(page, "ru")
    expect(page.locator(".proposal-status")).to_have_text(russian("Approved"))
    next_section = page.get_by_role("region", name=russian("Where it is and what happens next"))
    expect(next_section).to_contain_text(
        russian("Decision %(number)s").replace("%(number)s", number) + ": " + russian("adopted"))
    with live_server.app.app_context():
        assert db.session.scalar(select(Decision.outcome).where(
            Decision.number == number)) == "adopted"
