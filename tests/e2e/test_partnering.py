"""An expression of interest in another state's anonymous ad, accepted: the contact details
appear on both sides, and the owner's organisation only after acceptance; each side then starts
a joint proposal by keyboard (the owner in English, the interested member in Russian) and lands
on its draft with both organisations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from tests.e2e.accessibility import assert_accessible
from tests.e2e.partnering_data import (
    AD_TITLE,
    INTERESTED_ACRONYM,
    INTERESTED_ORGANISATION,
    JOINT_CALL,
    OWNER_ACRONYM,
    OWNER_ORGANISATION,
    add_open_call,
)
from tests.e2e.steps import sign_in, sign_out, switch_language, tab_to, visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def open_call(live_server) -> int:
    with live_server.app.app_context():
        call_id = add_open_call()
        db.session.commit()
    return call_id


def start_joint_proposal_by_keyboard(page, call_id: int) -> None:
    """From the interest's page: Tab to the call, choose it by typing, Tab to the button,
    Enter; lands on the new draft's editor."""
    section = page.locator("section.joint-proposal")
    choice = section.locator("select[name=call_id]")
    tab_to(page, choice, "the choice of a call", presses=80)
    page.keyboard.type(JOINT_CALL[:12])
    expect(choice).to_have_value(str(call_id))
    page.keyboard.press("Tab")
    expect(section.locator("button[type=submit], input[type=submit]")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/proposals/\d+/edit$"))
    assert_accessible(page)


def expect_consortium(page, lead: str, partner: str) -> None:
    """The task list's consortium section: the lead, and its partner rows holding both."""
    page.locator('.task a[href$="/edit/consortium"]').click()
    page.wait_for_url("**/edit/consortium")
    assert_accessible(page)
    expect(page.locator("#lead_organisation_id-q")).to_have_value(lead)
    expect(page.locator("#partners-0-organisation_id-q")).to_have_value(lead)
    expect(page.locator("#partners-1-organisation_id-q")).to_have_value(partner)


def test_a_member_expresses_interest_the_owner_accepts_and_contacts_appear(
        page, live_server, open_call):
    interested, owner = live_server.people["ad_interested"], live_server.people["ad_owner"]

    sign_in(page, interested)
    page.get_by_role("link", name="Cooperation ads").click()
    page.wait_for_url("**/ads")
    assert_accessible(page)
    page.get_by_label("Member state").select_option("BY")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/ads\?.*state=BY"))
    assert_accessible(page)
    page.get_by_role("link", name=AD_TITLE).click()
    page.wait_for_url(re.compile(r"/ads/\d+$"))
    assert_accessible(page)
    expect(page.locator(".ad-owner")).to_contain_text("Anonymous organisation")
    expect(page.locator("main")).not_to_contain_text(OWNER_ORGANISATION)
    page.get_by_label("Message to the ad's author").fill("We need EO sterilisation of 40,000 kits a month.")
    page.get_by_role("button", name="Express interest").click()
    page.wait_for_url(re.compile(r"/interests/\d+$"))
    assert_accessible(page)
    interest_url = page.url
    expect(page.locator(".interest-status")).to_have_text("Waiting for an answer")
    expect(page.locator("main")).not_to_contain_text(OWNER_ORGANISATION)
    sign_out(page)

    sign_in(page, owner)
    waiting = page.get_by_role("region", name="Waiting for me")
    waiting.get_by_role(
        "link", name=f"Answer the interest of {INTERESTED_ORGANISATION} in “{AD_TITLE}”").click()
    page.wait_for_url(interest_url)
    assert_accessible(page)
    page.get_by_role("button", name="Accept and exchange contact details").click()
    page.wait_for_url(interest_url)
    assert_accessible(page)
    contacts = page.get_by_role("region", name="Contact details")
    expect(contacts).to_contain_text(interested.email)
    joint = page.get_by_role("region", name="Joint proposals")
    expect(joint.get_by_label("Call for proposals")).to_contain_text(JOINT_CALL)
    expect(joint.get_by_role("button", name="Start a joint proposal")).to_be_enabled()
    start_joint_proposal_by_keyboard(page, open_call)
    expect(page.get_by_role("status")).to_contain_text("A draft joint proposal is started")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {OWNER_ACRONYM}")
    expect_consortium(page, OWNER_ORGANISATION, INTERESTED_ORGANISATION)
    sign_out(page)

    sign_in(page, interested)
    visit(page, interest_url.removeprefix(live_server.url))
    contacts = page.get_by_role("region", name="Contact details")
    expect(contacts).to_contain_text(OWNER_ORGANISATION)
    expect(contacts).to_contain_text(owner.email)
    expect(page.locator(".interest-status")).to_have_text("Accepted")

    switch_language(page, "ru")
    joint = page.locator("section.joint-proposal")
    expect(joint.get_by_role("link", name=re.compile(OWNER_ACRONYM))).to_be_visible()
    start_joint_proposal_by_keyboard(page, open_call)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(f"{INTERESTED_ACRONYM}$"))
    expect_consortium(page, INTERESTED_ORGANISATION, OWNER_ORGANISATION)
    visit(page, interest_url.removeprefix(live_server.url))
    expect(page.locator("section.joint-proposal li")).to_have_count(2)
