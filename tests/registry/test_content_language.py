"""An organisation's page marks what the organisation wrote with the language it wrote it in,
when the page speaks another one; the page's own words are left in the page's language."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.registry.models import Cluster, ClusterMember
from tests.factories import make_organisation


def element_of(html: str, text: str) -> str:
    """The opening tag of the element of the page's main part whose text starts with ``text``."""
    html = html[html.index("<main"):]
    found = re.search(r"<([a-z0-9]+)([^<>]*)>\s*" + re.escape(text), html)
    assert found, f"{text!r} is not on the page"
    return found.group(0)


@pytest.fixture
def kazakh_profile(session):
    organisation = make_organisation(
        "KZ", "KZ-55", name="Павлодар машина жасау зауыты", language="kk", status="published",
        description="Ауыл шаруашылығы техникасы.", offers=["Металл өңдеу"],
        needs=["Серіктес іздейміз"])
    cluster = Cluster(name="Ertis Agro Cluster", state_code="KZ", region_code="KZ-55",
                      language="en", status="published", classification="national",
                      management_organisation_id=organisation.id,
                      members=[ClusterMember(organisation_id=organisation.id,
                                             helix_role="business")])
    db.session.add(cluster)
    session.commit()
    return organisation


@pytest.mark.parametrize("page_language", ["en", "ru"])
def test_the_organisations_texts_carry_their_language(client, kazakh_profile, page_language):
    html = client.get(f"/organisations/{kazakh_profile.id}",
                      headers={"Accept-Language": page_language}).text
    assert f'<html lang="{page_language}">' in html
    for text in ("Павлодар машина жасау зауыты", "Ауыл шаруашылығы техникасы."):
        assert 'lang="kk"' in element_of(html, text)
    assert 'lang="kk"' in element_of(html, "<li>Металл өңдеу")
    assert 'lang="kk"' in element_of(html, "<li>Серіктес іздейміз")


def test_a_cluster_named_in_another_language_is_marked_with_it(client, kazakh_profile):
    html = client.get(f"/organisations/{kazakh_profile.id}", headers={"Accept-Language": "ru"}).text
    assert 'lang="en"' in element_of(html, "Ertis Agro Cluster")


def test_texts_in_the_page_language_are_not_marked_again(client, kazakh_profile):
    html = client.get(f"/organisations/{kazakh_profile.id}", headers={"Accept-Language": "kk"}).text
    assert '<html lang="kk">' in html
    assert "lang=" not in element_of(html, "Павлодар машина жасау зауыты")
    assert "lang=" not in element_of(html, "Ауыл шаруашылығы техникасы.")
    assert 'lang="en"' in element_of(html, "Ertis Agro Cluster")  # not the page's language
