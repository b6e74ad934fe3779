"""A representative set of pages in each of the six languages (issue 16, item 8): the public
pages, and the pages of a cluster manager, the secretariat, an expert and a national co-funder.

Each role signs in once for the whole module (a second-factor code is accepted once): its
browser state is kept and given to the context of each language's test, which switches the
language with the header's switch (a signed-in user's choice is saved). On each page: axe finds
nothing serious (at the phone's width), ``<html lang>`` is the language, no key of the code
shows, the page is no wider than a phone's 390 px, and it is saved at both widths. On a page in
another language than English, the main navigation's labels, the ``h1`` (unless it is a name)
and the labels of the content (headings, terms, column headings, field labels, buttons) all
differ from the English page's for the same address, except the texts listed in
:data:`SAME_IN_EVERY_LANGUAGE`; text marked as written in another language (``lang``) is
content, not interface, and is left out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from portal.extensions import db
from tests.e2e import accessibility
from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.six_data import SixData, add_six_data
from tests.e2e.steps import sign_in, switch_language, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                       reason="the six languages read the same pages on either database: "
                              "this pass runs on the embedded one, to keep CI short"),
]

LANGUAGES = ["en", "ru", "hy", "be", "kk", "ky"]
ROLES = ["public", "manager", "secretariat", "expert", "co_funder"]
#: Interface texts that a page may show alike in every language: names (the API's, and the
#: HTTP methods its page lists).
SAME_IN_EVERY_LANGUAGE = frozenset({"API", "GET", "POST", "PUT", "PATCH", "DELETE"})
#: Words joined by underscores (a key of the code, never a word of a page) and field paths.
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z_]+\.\d+\.")
EMAIL = re.compile(r"\S+@\S+")

#: What a page shows of the interface: the navigation's labels, its h1 and its content's labels.
_READ = """() => {
  const interface_ = (element) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll("[lang], code, pre").forEach((part) => part.remove());
    return copy.textContent;
  };
  const texts = (selector) => [...document.querySelectorAll(selector)]
    .filter((element) => !element.closest("[lang]:not(html), code, pre"))
    .map((element) => interface_(element).replace(/\\s+/g, " ").trim())
    .filter((text) => text && /\\p{L}{2}/u.test(text));
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll("code, pre").forEach((element) => element.remove());
  return {
    navigation: texts("nav.main-nav a, nav.main-nav button, nav.main-nav summary"),
    heading: texts("main h1").join(" "),
    labels: texts("main h2, main h3, main dt, main th[scope=col], main label, main button, main caption"),
    text: main.innerText,
  };
}"""


@dataclass(frozen=True)
class Shown:
    path: str
    #: The h1 is a name (an organisation's, a call's), the same in every language.
    named: bool = False
    #: The page names the API's fields, which are words joined by underscores.
    fields: bool = False


@dataclass(frozen=True)
class Reading:
    navigation: list[str]
    heading: str
    labels: list[str]
    text: str


@dataclass(frozen=True)
class SignedIn:
    #: The browser's cookies once signed in, for the context of each language's test.
    state: dict
    #: Each page's reading in English, by the page's name.
    english: dict[str, Reading]


def pages_of(role: str, data: SixData) -> dict[str, Shown]:
    return {
        "public": {
            "home": Shown("/"), "organisations": Shown("/search?type=organisation"),
            "organisation": Shown(f"/organisations/{data.organisation_id}", named=True),
            "clusters": Shown("/clusters"),
            "cluster": Shown(f"/clusters/{data.cluster_id}", named=True),
            "calls": Shown("/calls"), "call": Shown(f"/calls/{data.call_id}", named=True),
            "statistics": Shown("/statistics"), "decisions": Shown("/decisions"),
            "decision": Shown(f"/decisions/{data.decision_id}", named=True),
            "projects": Shown("/projects"),
            "project": Shown(f"/projects/{data.project_id}", named=True),
            "search": Shown("/search?q=castings"), "api-docs": Shown("/api/docs", named=True, fields=True)},
        "manager": {
            "dashboard": Shown("/dashboard"),
            "proposal": Shown(f"/proposals/{data.proposal_id}", named=True),
            "ads": Shown("/ads")},
        "secretariat": {"dashboard": Shown("/dashboard"), "proposals": Shown("/proposals")},
        "expert": {
            "dashboard": Shown("/dashboard"), "assignments": Shown("/review/assignments"),
            "assignment": Shown(f"/review/assignments/{data.assignment_id}", named=True)},
        "co_funder": {"dashboard": Shown("/dashboard"), "co-funding": Shown("/co-funding")},
    }[role]


def read(page) -> Reading:
    return Reading(**page.evaluate(_READ))


@pytest.fixture(scope="module")
def six(live_server) -> SixData:
    with live_server.app.app_context():
        data = add_six_data()
        db.session.commit()
    return data


@pytest.fixture(scope="module")
def signed_in(browser, browser_context_args, six) -> Callable[[str], SignedIn]:
    """Each role signed in once (in English, every user's language at first), with its pages
    read in English; made when a test first asks for the role."""
    made: dict[str, SignedIn] = {}

    def of(role: str) -> SignedIn:
        if role not in made:
            context = browser.new_context(**browser_context_args)
            page = context.new_page()
            try:
                if role != "public":
                    sign_in(page, six.people[role])
                english = {}
                for name, shown in pages_of(role, six).items():
                    page.goto(shown.path)
                    english[name] = read(page)
                made[role] = SignedIn(context.storage_state(), english)
            finally:
                accessibility.forget(page)
                context.close()
        return made[role]
    return of


@pytest.fixture
def context(new_context, signed_in, role):
    """Playwright's context, signed in as ``role`` (a test parameter)."""
    return new_context(storage_state=signed_in(role).state)


def differing(english: list[str], translated: list[str]) -> list[str]:
    """The English texts the translated page still shows."""
    return sorted(set(english) & set(translated) - SAME_IN_EVERY_LANGUAGE)


def untranslated(reading: Reading, shown: Shown, english: Reading) -> list[str]:
    problems = []
    if same := differing(english.navigation, reading.navigation):
        problems.append(f"the navigation shows English {same}")
    if not shown.named and reading.heading == english.heading:
        problems.append(f"the heading is English: {reading.heading!r}")
    if same := differing(english.labels, reading.labels):
        problems.append(f"English labels {same}")
    return problems


def raw_keys(reading: Reading, shown: Shown) -> list[str]:
    keys = [] if shown.fields else RAW_KEY.findall(EMAIL.sub("", reading.text))
    return [f"keys of the code {sorted(set(keys))}"] if keys else []


#: The page's width, and the innermost elements that reach past the screen's right edge.
_OVERFLOW = """() => {
  const edge = document.documentElement.clientWidth;
  const beyond = [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > edge + 0.5)
    .filter((element, _i, all) => !all.some((other) => other !== element && element.contains(other)))
    .slice(0, 3)
    .map((element) => element.tagName.toLowerCase() + (element.className ? "." + element.className : "")
         + ": " + element.textContent.trim().slice(0, 40));
  return {width: document.documentElement.scrollWidth, beyond};
}"""


def overflow_on_a_phone(page) -> list[str]:
    found = page.evaluate(_OVERFLOW)
    if found["width"] <= PHONE_WIDTH:
        return []
    return [f"{found['width']} px wide at {PHONE_WIDTH} px, beyond the edge: {found['beyond']}"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_read_in_the_language_at_both_widths(page, at_both_widths, signed_in, six, role,
                                                    language):
    english = signed_in(role).english
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 900})  # the desktop's is saved too
    problems = []
    for name, shown in pages_of(role, six).items():
        visit(page, shown.path)  # runs axe
        if page.locator("html").get_attribute("lang") != language:
            switch_language(page, language)  # runs axe on the page in the language
        reading = read(page)
        found = raw_keys(reading, shown)
        if language != "en":
            found += untranslated(reading, shown, english[name])
        found += overflow_on_a_phone(page)
        problems += [f"{name} ({shown.path}): {problem}" for problem in found]
        at_both_widths(name)  # the phone's width, then the desktop's
    assert not problems, f"{role}'s pages in {language}:\n" + "\n".join(problems)
