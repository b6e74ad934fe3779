"""The language switch in the header, and the error page in both languages.

The Russian texts come from the catalogue (portal/translations/ru/LC_MESSAGES/messages.po), so
that these tests follow the translation rather than repeat it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import exactly, russian, sign_in, switch_language, visit

pytestmark = pytest.mark.browser


def nav_links(page):
    return page.locator("nav.main-nav")


def expect_navigation_labels(page, labels: list[str]) -> None:
    nav = nav_links(page)
    for label in labels:
        expect(nav.get_by_role("link", name=exactly(label))
               .or_(nav.get_by_role("button", name=exactly(label)))).to_be_visible()


def test_language_switch_changes_the_page_language_and_navigation(page):
    visit(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english = ["Home", "Sign in", "API"]
    expect_navigation_labels(page, english)

    switch_language(page, "ru")
    expect_navigation_labels(page, [russian(label) for label in english])

    switch_language(page, "en")
    expect_navigation_labels(page, english)


def test_signed_in_user_switches_language_and_the_navigation_follows(page, live_server):
    sign_in(page, live_server.people["language"])
    english = ["Home", "My dashboard", "Profile", "Sign out"]
    expect_navigation_labels(page, english)

    switch_language(page, "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(russian("My dashboard"))
    expect_navigation_labels(page, [russian(label) for label in english])

    switch_language(page, "en")
    expect_navigation_labels(page, english)


def test_not_found_page_is_accessible_in_both_languages(page):
    visit(page, "/no-such-page", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Error 404")
    expect(page.get_by_role("main")).to_contain_text("There is nothing here.")

    switch_language(page, "ru")
    expect(page).to_have_url(exactly(page.url.split("/no-such-page")[0] + "/no-such-page"))
    expect(page.get_by_role("heading", level=1)).to_have_text(russian("Error %(status)s") % {"status": 404})
    expect(page.get_by_role("main")).to_contain_text(russian("There is nothing here."))


@pytest.mark.parametrize("code", ["hy", "be", "kk", "ky"])
@pytest.mark.parametrize("width", [1280, 390])
def test_each_states_language_reads_the_home_and_sign_in_pages_at_both_widths(page, code, width):
    page.set_viewport_size({"width": width, "height": 900})
    visit(page, "/")
    switch_language(page, code)  # checks the page's accessibility too
    for path in ("/", "/sign-in"):
        visit(page, path)
        expect(page.locator("html")).to_have_attribute("lang", code)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{path} in {code} is wider than {width} px")
        assert "Sign in" not in page.locator("main").inner_text()
