"""Reading a form page's problems as a person would: the summary at the top with its links,
and each field marked with its own message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: A service's path to a value (``partners.0.cofinancing_rate``), which no person should read.
RAW_PATH = re.compile(r"\b[a-z_]+\.\d+\.[a-z_]+\b")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class FormPage(HTMLParser):
    summaries: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    elements: dict[str, dict] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    error_banners: int = 0
    text: str = ""

    def __post_init__(self):
        HTMLParser.__init__(self)
        self._summary_depth = 0
        self._link: str | None = None
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "id" in attrs:
            self.elements[attrs["id"]] = {"tag": tag, **attrs}
            self.texts.setdefault(attrs["id"], "")
        if tag not in VOID:
            self._open.append(attrs.get("id", ""))
        if "error-summary" in classes:
            self.summaries += 1
            self._summary_depth = 1
        elif self._summary_depth and tag == "div":
            self._summary_depth += 1
        if "flash-error" in classes:
            self.error_banners += 1
        if self._summary_depth and tag == "a":
            self._link = attrs["href"].removeprefix("#")
            self.links.append((self._link, ""))

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        if tag == "div" and self._summary_depth:
            self._summary_depth -= 1
        if tag not in VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        self.text += data
        if self._link is not None:
            target, text = self.links[-1]
            self.links[-1] = (target, text + data)
        for open_id in self._open:
            if open_id:
                self.texts[open_id] += data


def read(html: str) -> FormPage:
    page = FormPage()
    page.feed(html)
    return page


def assert_problems_told_once(html: str, fields: dict[str, str]) -> FormPage:
    """One summary, no error banner besides it, no raw path; each of ``fields`` (id → a part
    of its link in the summary, the field's name in words) linked from the summary, marked
    invalid and described by its own message, which the link repeats."""
    page = read(html)
    assert page.summaries == 1, html
    assert page.error_banners == 0
    assert not RAW_PATH.search(page.text), RAW_PATH.search(page.text)
    targets = [target for target, _text in page.links]
    for target in targets:
        assert target in page.elements, f"the summary links to #{target}, not in the page"
    for field_id, message in fields.items():
        assert field_id in targets, (field_id, page.links)
        link_text = dict(page.links)[field_id]
        assert message in link_text, (message, link_text)
        element = page.elements[field_id]
        assert element.get("aria-invalid") == "true", element
        assert f"{field_id}-error" in (element.get("aria-describedby") or "").split(), element
        own = page.texts[f"{field_id}-error"].split(None, 1)[1].strip()
        assert own and link_text.endswith(own), (own, link_text)
    return page
