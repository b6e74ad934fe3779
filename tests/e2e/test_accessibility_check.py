"""The accessibility check itself: it must fail on a page that breaks the rules."""

from __future__ import annotations

import pytest

from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.browser

#: A page with a main landmark and a heading, but no language, an image without a text
#: alternative and a field without a label.
BROKEN_PAGE = """<!doctype html><html><head><title>Broken</title></head><body><main><h1>Broken</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text"></main></body></html>"""


def test_the_check_reports_serious_and_critical_violations(page):
    page.set_content(BROKEN_PAGE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "image-alt" in message and "label" in message and "html-has-lang" in message
