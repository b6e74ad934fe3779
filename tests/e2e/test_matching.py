"""The matches page in the browser: from an organisation's profile to its partner suggestions
across the border, each with its reasons, in English and in Russian, with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import Person
from tests.e2e.matching_data import (
    ACROSS_THE_BORDER,
    FAR_AWAY,
    PARTNER_OFFER,
    SEEKER,
    SEEKER_NEED,
    add_matching_profiles,
)
from tests.e2e.steps import russian, sign_in, switch_language, tab_to, visit

pytestmark = pytest.mark.browser

LINK = "See suggested partners in other member states"


@pytest.fixture(scope="module")
def seeker(live_server):
    with live_server.app.app_context():
        return add_matching_profiles()


def suggestions(page):
    return page.locator("ol.matches > li")


def test_a_member_follows_the_profile_link_to_suggestions_across_the_border(page, seeker):
    seeker_id, email = seeker
    sign_in(page, Person(email))
    visit(page, f"/organisations/{seeker_id}")
    page.get_by_role("link", name=LINK).click()
    page.wait_for_url(f"**/organisations/{seeker_id}/matches")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Partner suggestions for {SEEKER}")
    first = suggestions(page).first
    expect(first.get_by_role("heading", level=2)).to_have_text(ACROSS_THE_BORDER)
    expect(first).to_contain_text("cross-border")
    expect(first.get_by_role("listitem").first).to_have_text(
        f"offers “{PARTNER_OFFER}”, which meets your need for “{SEEKER_NEED}”")
    expect(first).to_contain_text("borders your region (Bryansk Oblast – Gomel Region)")
    expect(page.get_by_role("heading", level=2, name=FAR_AWAY)).to_be_visible()

    switch_language(page, "ru")
    heading = russian("Partner suggestions for %(name)s").replace("%(name)s", SEEKER)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(first).to_contain_text(russian("cross-border"))
    reason = russian("offers “%(offer)s”, which meets your need for “%(need)s”")
    expect(first.get_by_role("listitem").first).to_have_text(
        reason.replace("%(offer)s", PARTNER_OFFER).replace("%(need)s", SEEKER_NEED))
    switch_language(page, "en")


def test_the_link_and_the_scope_filter_work_with_the_keyboard_alone(page, seeker):
    seeker_id, email = seeker
    sign_in(page, Person(email))
    visit(page, f"/organisations/{seeker_id}")
    link = page.get_by_role("link", name=LINK)
    tab_to(page, link, "the suggestions link", presses=60)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/organisations/{seeker_id}/matches")
    assert_accessible(page)
    page.get_by_label("Where").focus()
    page.keyboard.press("ArrowDown")  # other member states → bordering regions only
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**scope=cross_border*")
    assert_accessible(page)
    expect(suggestions(page).first.get_by_role("heading", level=2)).to_have_text(ACROSS_THE_BORDER)
    expect(page.get_by_role("heading", level=2, name=FAR_AWAY)).to_have_count(0)
    for suggestion in suggestions(page).all():
        expect(suggestion).to_contain_text("cross-border")
