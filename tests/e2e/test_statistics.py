"""The public statistics page: readable at 390 px, its charts named images beside tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import main_navigation, visit

pytestmark = pytest.mark.browser


def test_the_statistics_page_fits_a_phone_and_names_its_charts(page):
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, "/")
    main_navigation(page).get_by_role("link", name="Statistics", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics")
    assert_accessible(page)

    expect(page.get_by_role("img", name="Proposals submitted per member state")).to_be_visible()
    expect(page.get_by_role("table", name="Figures per member state")).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
