"""The pages anyone can read."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import visit

pytestmark = pytest.mark.browser


def test_home_page_shows_the_member_states(page):
    visit(page, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("EAEU Cluster Cooperation Portal")
    expect(page.get_by_role("region", name="Member states").get_by_role("listitem")).to_have_count(5)


@pytest.mark.parametrize("width", [1280, 390])
def test_home_page_pictures_the_states_with_their_figures_in_tables(page, width):
    page.set_viewport_size({"width": width, "height": 844})
    visit(page, "/")
    section = page.get_by_role("region", name="Clusters across the member states")
    picture = section.get_by_role("img", name="Member states, their clusters and the links between them")
    expect(picture).to_be_visible()
    assert picture.bounding_box()["width"] <= width
    section.get_by_text("The figures as a table").click()
    expect(section.get_by_role("table", name="Published clusters per member state")
           .get_by_role("row")).to_have_count(6)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
def test_api_contents_lead_to_the_reference_endpoints(page, width):
    page.set_viewport_size({"width": width, "height": 844})
    visit(page, "/api/docs")
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Reference data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reference data")
    assert_accessible(page)
    for path in ("/api/v1/states", "/api/v1/regions", "/api/v1/classify"):
        expect(page.get_by_role("heading", name=path, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("path", "heading"), [
    ("/register", "Register your organisation"),
    ("/password/forgot", "Forgotten password"),
])
def test_onboarding_page_shows_its_form(page, path, heading):
    visit(page, path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main form")).to_be_visible()
