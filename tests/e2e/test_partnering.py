"""An expression of interest in another state's anonymous ad, accepted: the contact details
appear on both sides, and the owner's organisation only after acceptance."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.partnering_data import AD_TITLE, INTERESTED_ORGANISATION, OWNER_ORGANISATION
from tests.e2e.steps import sign_in, visit

pytestmark = pytest.mark.browser


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in**")
    assert_accessible(page)


def test_a_member_expresses_interest_the_owner_accepts_and_contacts_appear(page, live_server):
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
    waiting.get_by_role("link", name=re.compile("Expressions of interest waiting")).click()
    page.wait_for_url("**/interests")
    assert_accessible(page)
    page.get_by_role("button", name=f"Accept the interest of {INTERESTED_ORGANISATION}").click()
    page.wait_for_url(interest_url)
    assert_accessible(page)
    contacts = page.get_by_role("region", name="Contact details")
    expect(contacts).to_contain_text(interested.email)
    expect(contacts.get_by_role("button", name="Start a joint proposal")).to_be_disabled()
    sign_out(page)

    sign_in(page, interested)
    visit(page, interest_url.removeprefix(live_server.url))
    contacts = page.get_by_role("region", name="Contact details")
    expect(contacts).to_contain_text(OWNER_ORGANISATION)
    expect(contacts).to_contain_text(owner.email)
    expect(page.locator(".interest-status")).to_have_text("Accepted")
