"""Keyboard use: the skip link comes first, and signing in needs no pointer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import DASHBOARD, visit

pytestmark = pytest.mark.browser


def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_the_main_content(page):
    visit(page, "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def test_sign_in_form_is_completed_with_the_keyboard_only(page, live_server):
    person = live_server.people["keyboard"]
    visit(page, "/sign-in")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(person.password)
    page.keyboard.press("Enter")
    page.wait_for_url(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My dashboard")
    assert_accessible(page)
