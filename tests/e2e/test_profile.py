"""The profile page of a user who signs in with two factors: a token with a chosen scope and
expiry, and new recovery codes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import sign_in

pytestmark = pytest.mark.browser


def test_admin_makes_a_read_token_for_a_month_and_new_recovery_codes(page, live_server):
    sign_in(page, live_server.people["admin"])
    page.get_by_role("link", name="Profile").click()
    page.wait_for_url("**/profile")
    expect(page.get_by_role("region", name="Two-factor sign-in")).to_contain_text(
        "Two-factor sign-in is on.")
    assert_accessible(page)

    page.get_by_label("Token name").fill("monthly report")
    page.get_by_label("It may").select_option(label="only read")
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_contain_text("ecp_")
    row = page.get_by_role("table", name="Active tokens").get_by_role("row", name="monthly report")
    expect(row).to_contain_text("only read")
    assert_accessible(page)

    page.get_by_role("button", name="Make new recovery codes (the old ones stop working)").click()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert_accessible(page)
