"""Signing in through the browser, with the second factor and its set-up."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from portal.accounts.two_factor import STEP, current_code
from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import DASHBOARD, enter_code, fresh_code, submit_credentials, visit

pytestmark = pytest.mark.browser

CODE_LABEL = "Six-digit code from your authenticator app"


def a_wrong_code(secret: str) -> str:
    """Six digits that the server will not accept now (nor a step before or after)."""
    now = time.time()
    accepted = {current_code(secret, now + delta * STEP) for delta in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def test_secretariat_signs_in_with_password_and_code_and_sees_the_role(page, live_server):
    person = live_server.people["secretariat"]
    submit_credentials(page, person)

    page.wait_for_url("**/sign-in/code")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    assert_accessible(page)
    enter_code(page, fresh_code(person.totp_secret))

    page.wait_for_url(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My dashboard")
    expect(page.get_by_role("region", name="My roles")).to_contain_text("Secretariat")
    assert_accessible(page)


def test_a_wrong_code_shows_an_error_linked_to_the_field(page, live_server):
    person = live_server.people["wrong_code"]
    submit_credentials(page, person)
    page.wait_for_url("**/sign-in/code")
    assert_accessible(page)

    enter_code(page, a_wrong_code(person.totp_secret))
    field = page.get_by_label(CODE_LABEL)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("This code is not valid"))
    expect(page).to_have_url(re.compile(r"/sign-in/code$"))
    assert_accessible(page)

    enter_code(page, fresh_code(person.totp_secret))
    page.wait_for_url(DASHBOARD)
    assert_accessible(page)


def test_admin_without_a_second_factor_sets_it_up_from_the_key_shown(page, live_server):
    person = live_server.people["new_admin"]
    assert person.totp_secret is None
    submit_credentials(page, person)

    page.wait_for_url("**/sign-in/set-up-two-factor")
    qr_code = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0"), "the QR code did not render"
    key = page.locator("code.secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", key), f"not a base32 key: {key!r}"
    assert_accessible(page)

    enter_code(page, fresh_code(key))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have kept my recovery codes: continue").click()
    page.wait_for_url(DASHBOARD)
    expect(page.get_by_role("region", name="My roles")).to_contain_text("Administrator")
    assert_accessible(page)


def test_sign_in_errors_are_announced_and_linked_to_their_fields(page):
    visit(page, "/sign-in")
    page.get_by_role("button", name="Sign in").click()
    email = page.get_by_label("E-mail address")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile(r"\S"))
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    email.fill("nobody@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("The e-mail address or the password is not correct.")
    assert_accessible(page)
