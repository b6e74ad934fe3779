"""Steps the browser tests share: signing in, switching the language, reading the Russian
catalogue. Each step checks the accessibility of every page it lands on."""

from __future__ import annotations

import re
import time
from functools import cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from portal.accounts.two_factor import STEP, current_code
from portal.config import PROJECT_ROOT
from tests.e2e.accessibility import assert_accessible

#: The dashboard's address; a fragment (the skip link's) survives the redirect after signing in.
DASHBOARD = re.compile(r"/dashboard(#.*)?$")
RUSSIAN_CATALOGUE = PROJECT_ROOT / "portal" / "translations" / "ru" / "LC_MESSAGES" / "messages.po"


def visit(page, path: str, status: int = 200):
    response = page.goto(path)
    assert response is not None and response.status == status, (
        f"GET {path}: {response.status if response else 'no response'}, expected {status}")
    assert_accessible(page)
    return response


def submit_credentials(page, person) -> None:
    visit(page, "/sign-in")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()


#: The last time step whose code each secret gave, across the whole test session.
_LAST_STEP: dict[str, int] = {}


def fresh_code(secret: str) -> str:
    """A code the portal has not accepted yet. It takes each code once, and the tests sign the
    same people in several times within a half-minute, so the next step's code (accepted for
    clock drift) is given when this step's is spent, and beyond that the step is waited for."""
    while True:
        step = int(time.time() // STEP)
        spent = _LAST_STEP.get(secret, step - 1)
        if spent < step + 1:
            chosen = max(step, spent + 1)
            _LAST_STEP[secret] = chosen
            return current_code(secret, chosen * STEP)
        time.sleep((step + 1) * STEP - time.time() + 0.05)


def enter_code(page, code: str) -> None:
    page.get_by_label("Six-digit code from your authenticator app").fill(code)
    page.get_by_role("button", name="Confirm").click()


def sign_in(page, person) -> None:
    """Sign in through the pages, with the second factor when the person has one; ends on the
    dashboard."""
    submit_credentials(page, person)
    if person.totp_secret:
        page.wait_for_url("**/sign-in/code")
        assert_accessible(page)
        enter_code(page, fresh_code(person.totp_secret))
    page.wait_for_url(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My dashboard")
    assert_accessible(page)


def main_navigation(page):
    """The main navigation, opened first where a narrow screen folds it behind "Menu"."""
    navigation = page.get_by_role("navigation", name="Main")
    toggle = navigation.locator("summary")
    if toggle.is_visible() and navigation.locator("details[open]").count() == 0:
        toggle.click()
    return navigation


def sign_out(page) -> None:
    """Sign out with the button in the header; ends on the home page, which says so."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".flashes")).to_contain_text("You have signed out.")
    assert_accessible(page)


def switch_language(page, code: str) -> None:
    """Use the form in the header; the same page comes back in the other language."""
    page.locator("#language-select").select_option(code)
    page.locator(".language-switch button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert_accessible(page)


#: Strings a test expected in Russian that the catalogue does not translate yet, for the summary.
untranslated: set[str] = set()


@cache
def russian_catalogue():
    with RUSSIAN_CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="ru")


def russian(msgid: str) -> str:
    """The Russian translation of ``msgid`` as the catalogue has it; fails when missing."""
    message = russian_catalogue().get(msgid)
    if message is None:
        pytest.fail(f"{msgid!r} is not in {RUSSIAN_CATALOGUE.name}: run `make catalogues`")
    if not message.string or message.fuzzy:
        pytest.fail(f"the Russian translation of {msgid!r} is missing (or fuzzy) in "
                    f"portal/translations/ru/LC_MESSAGES/messages.po")
    return message.string


def exactly(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def tab_to(page, target, what: str, presses: int = 120) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would; fail naming ``what``
    if it never does."""
    for _press in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{what} is not reachable with Tab")
