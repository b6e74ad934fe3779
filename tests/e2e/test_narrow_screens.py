"""Pages at a phone's width (390 px) and a desktop's (1,280 px): no page is wider than the
screen, the navigation folds behind a "Menu" button on the phone (a <details> disclosure, no
script) and shows in full on the desktop, axe finds nothing serious, and each page is saved as
a screenshot (see tests/e2e/conftest.py for the folder)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.partnering.services import post_ad
from portal.registry.models import ProfileStatus
from portal.search.models import SavedSearch
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import DESKTOP_WIDTH, PHONE_WIDTH, Person
from tests.e2e.narrow_data import NarrowData, add_narrow_data
from tests.e2e.steps import sign_in, visit
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.browser

WIDTHS = [PHONE_WIDTH, DESKTOP_WIDTH]


@pytest.fixture(scope="module")
def narrow(live_server) -> NarrowData:
    with live_server.app.app_context():
        data = add_narrow_data()
        db.session.commit()
    return data


def public_pages(data: NarrowData) -> dict[str, str]:
    return {"home": "/", "clusters": "/clusters", "organisation": f"/organisations/{data.organisation_id}",
            "calls": "/calls", "call": f"/calls/{data.call_id}", "statistics": "/statistics",
            "decisions": "/decisions", "decision": f"/decisions/{data.decision_id}",
            "projects": "/projects"}


def manager_pages(data: NarrowData) -> dict[str, str]:
    return {"dashboard": "/dashboard", "proposals": "/proposals",
            "proposal": f"/proposals/{data.proposal_id}"}


def secretariat_pages(data: NarrowData) -> dict[str, str]:
    return {"dashboard": "/dashboard", "proposals": "/proposals",
            "proposal": f"/proposals/{data.proposal_id}"}


def menu_button(page):
    return page.get_by_role("navigation", name="Main").locator("summary")


def disclosure(page):
    return page.get_by_role("navigation", name="Main").locator("details")


def nav_link(page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def fits_the_screen(page, width: int, name: str) -> None:
    wider = page.evaluate("document.documentElement.scrollWidth")
    assert wider <= width, f"{name} ({page.url}) is {wider} px wide at {width} px"


def see_each_page(page, screenshot, pages: dict[str, str], width: int) -> None:
    for name, path in pages.items():
        visit(page, path)  # runs axe
        fits_the_screen(page, width, name)
        if width == PHONE_WIDTH:
            expect(menu_button(page)).to_be_visible()
            expect(nav_link(page, "Calls")).to_be_hidden()
        else:
            expect(menu_button(page)).to_be_hidden()
            expect(nav_link(page, "Calls")).to_be_visible()
        screenshot(name)


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_the_screen(page, screenshot, narrow, width):
    page.set_viewport_size({"width": width, "height": 900})
    see_each_page(page, screenshot, public_pages(narrow), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_cluster_managers_pages_fit_the_screen(page, screenshot, narrow, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, narrow.managers[width])
    see_each_page(page, screenshot, manager_pages(narrow), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_secretariats_pages_fit_the_screen(page, screenshot, narrow, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, narrow.secretariat[width])
    see_each_page(page, screenshot, secretariat_pages(narrow), width)


def test_menu_button_opens_the_navigation_with_the_keyboard_on_a_phone(page, screenshot):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 900})
    visit(page, "/")
    button = menu_button(page)
    expect(button).to_have_accessible_name("Menu")
    expect(disclosure(page)).not_to_have_attribute("open", "")
    screenshot("closed")

    button.focus()
    page.keyboard.press("Enter")
    expect(nav_link(page, "Calls")).to_be_visible()
    expect(disclosure(page)).to_have_attribute("open", "")
    assert_accessible(page)
    fits_the_screen(page, PHONE_WIDTH, "the open menu")
    screenshot("open")

    page.keyboard.press("Space")
    expect(nav_link(page, "Calls")).to_be_hidden()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(nav_link(page, "Home")).to_be_focused()

    calls = nav_link(page, "Calls")
    calls.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/calls$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    expect(nav_link(page, "Calls")).to_be_hidden()


def test_language_switch_stays_reachable_on_a_phone(page):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 900})
    visit(page, "/")
    expect(page.locator("#language-select")).to_be_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the portal's name
    page.keyboard.press("Tab")
    expect(page.locator("#language-select")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(menu_button(page)).to_be_focused()


def test_desktop_shows_the_whole_navigation_without_a_menu_button(page):
    visit(page, "/")
    expect(menu_button(page)).to_be_hidden()
    expect(nav_link(page, "Calls")).to_be_visible()
    with page.expect_navigation():
        nav_link(page, "Calls").click()
    assert_accessible(page)
    expect(page).to_have_url(re.compile(r"/calls$"))


def test_both_widths_are_saved_by_the_screenshot_helper(page, at_both_widths):
    visit(page, "/")
    paths = at_both_widths("home")
    assert [path.name.rsplit("-", 1)[1] for path in paths] == ["390.png", "1280.png"]
    assert all(path.stat().st_size > 0 for path in paths)
    assert page.viewport_size["width"] == DESKTOP_WIDTH


@pytest.fixture(scope="module")
def lister(live_server) -> Person:
    """A member of an organisation with an ad of its own and a saved search."""
    with live_server.app.app_context():
        organisation = make_organisation("BY", "BY-MI", name="Minsk Lens Works",
                                         status=ProfileStatus.PUBLISHED)
        user = make_user(f"org_member:{organisation.id}", email="narrow.lister@example.org")
        post_ad(organisation_id=organisation.id, kind="technology_offer",
                title="Precision lens grinding for sensor makers",
                body="Aspheric lenses to order, in small series.",
                technology_fields=["it_electronics"], actor=user)
        db.session.add(SavedSearch(user_id=user.id, name="Optics partners",
                                   params={"q": "optics"}, schedule="weekly"))
        db.session.commit()
        return Person(user.email)


@pytest.mark.parametrize("path", ["/my-ads", "/search/saved"])
def test_a_list_becomes_cards_with_their_headings_on_a_phone(page, screenshot, lister, path):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 900})
    sign_in(page, lister)
    visit(page, path)
    fits_the_screen(page, PHONE_WIDTH, path)
    table = page.locator("main table.reflow")
    expect(table).to_have_count(1)
    expect(table.locator("thead")).to_have_css("position", "absolute")
    first = table.locator("tbody td").first
    label = first.get_attribute("data-label")
    assert label and first.evaluate(
        "cell => getComputedStyle(cell, '::before').content").startswith(f'"{label}"')
    # no scrolling wrapper to tab through before the table's own links and buttons
    expect(page.locator("main [role=region][tabindex]")).to_have_count(0)
    screenshot(path.strip("/").replace("/", "-"))
