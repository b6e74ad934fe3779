"""The search page in the browser: a Russian profile found by an English query, filters with
their counts, and the whole page used with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.search_data import BELARUS_STEEL, RUSSIAN_FILLER
from tests.e2e.steps import visit

pytestmark = pytest.mark.browser


def test_an_english_query_finds_a_russian_profile_and_a_filter_narrows_it(page):
    visit(page, "/search")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search organisations and clusters")
    page.get_by_label("Search for").fill("aseptic fill-finish")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?*")
    assert_accessible(page)
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("status")).to_have_text("2 results found")
    expect(results.get_by_role("heading", name=RUSSIAN_FILLER)).to_be_visible()
    expect(results.locator("mark", has_text="розлив")).to_be_visible()
    state = page.get_by_label("Member state")
    expect(state.locator("option[value=BY]")).to_have_text("Belarus (1)")
    expect(state.locator("option[value=RU]")).to_have_text("Russia (1)")
    state.select_option("BY")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**state=BY*")
    assert_accessible(page)
    expect(results.get_by_role("status")).to_have_text("1 result found")
    expect(results.get_by_role("heading", name=BELARUS_STEEL)).to_be_visible()


def test_the_search_is_made_with_the_keyboard_alone(page):
    visit(page, "/search")
    page.get_by_label("Search for").focus()
    page.keyboard.type("фармацевтика")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?*")
    assert_accessible(page)
    expect(page.get_by_role("region", name="Results").get_by_role("heading", name=RUSSIAN_FILLER)
           ).to_be_visible()
