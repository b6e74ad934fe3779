"""Texts people wrote carry their language where the page speaks another one, so that a screen
reader reads them in the right voice and a browser hyphenates them right."""

from __future__ import annotations

import re

from portal.extensions import db
from tests.pages import signed_in
from tests.partnering.conftest import post


def element_of(html: str, text: str) -> str:
    """The opening tag of the element of the page's main part whose text starts with ``text``."""
    html = html[html.index("<main"):]
    found = re.search(r"<([a-z0-9]+)([^<>]*)>" + re.escape(text), html)
    assert found, f"{text!r} is not on the page"
    return found.group(0)


def test_the_ads_list_marks_a_russian_ad_on_an_english_page(app, parties):
    post(parties, title="Стерилизация по договору", body="Валидировано по ISO 11135.",
         language="ru")
    db.session.commit()
    html = signed_in(app, parties.outsider).get("/ads").get_data(as_text=True)
    assert 'lang="ru"' in element_of(html, "Стерилизация по договору")
    assert 'lang="ru"' in element_of(html, "Валидировано по ISO 11135.")


def test_the_ads_list_leaves_an_ad_in_the_page_language_unmarked(app, parties):
    post(parties, title="Стерилизация по договору", body="Валидировано по ISO 11135.",
         language="ru")
    db.session.commit()
    browser = signed_in(app, parties.sender)  # who reads Russian
    html = browser.get("/ads").get_data(as_text=True)
    assert "lang=" not in element_of(html, "Стерилизация по договору")
    assert "lang=" not in element_of(html, "Валидировано по ISO 11135.")


def test_the_ads_list_marks_the_owner_name_with_its_organisations_language(app, parties):
    parties.owner_org.language = "be"
    post(parties, language="en")
    db.session.commit()
    html = signed_in(app, parties.outsider).get("/ads").get_data(as_text=True)
    assert element_of(html, parties.owner_org.name) == f'<span lang="be">{parties.owner_org.name}'
