"""The search page: results with highlights, filters with counts, pages, saving a search."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.search import engine, services
from portal.search.models import SavedSearch
from tests.accounts.helpers import sign_in
from tests.factories import make_user
from tests.search.helpers import indexed_organisation
from tests.tables import assert_reflows


@pytest.fixture
def profiles(session):
    indexed_organisation(name="Калужский фармзавод", language="ru",
                         offers=["Асептический розлив <во флаконы>"])
    indexed_organisation(name="Minsk Fill", state="BY", region="BY-MI",
                         offers=["Aseptic fill-finish"], nace_codes=["21.20"])
    session.commit()


def test_the_page_marks_matched_words_and_escapes_profile_text(client, profiles):
    page = client.get("/search?q=fill-finish").get_data(as_text=True)
    assert "<mark>розлив</mark> &lt;во флаконы&gt;" in page
    assert "<mark>fill</mark>-<mark>finish</mark>" in page
    assert re.search(r'role="status"[^>]*>2 results found', page)


def test_filters_show_the_count_of_each_option(client, profiles):
    page = client.get("/search?q=aseptic").get_data(as_text=True)
    assert re.search(r'<option value="BY"\s*>Belarus \(1\)</option>', page)
    assert re.search(r'<option value="AM"\s*>Armenia \(0\)</option>', page)
    filtered = client.get("/search?q=aseptic&state=BY").get_data(as_text=True)
    assert "1 result found" in filtered and "Minsk Fill" in filtered
    assert "Калужский" not in filtered


def test_long_results_have_pages(client, session):
    for n in range(25):
        indexed_organisation(name=f"Titan {n:02d}", description="Titanium alloys")
    session.commit()
    first = client.get("/search?q=titanium").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Titan 19" in first and "Titan 20" not in first
    second = client.get("/search?q=titanium&page=2").get_data(as_text=True)
    assert "Titan 24" in second and 'rel="prev"' in second


def test_partial_counts_are_said_to_be_partial(client, session, monkeypatch):
    for n in range(6):
        indexed_organisation(name=f"Titan {n}", description="Titanium alloys " + "and parts " * n)
    session.commit()
    monkeypatch.setattr(engine, "TOP_POSTINGS", 2)
    monkeypatch.setattr(engine, "EXACT_BUDGET", 0.0)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 2)
    page = client.get("/search?q=titanium").get_data(as_text=True)
    assert re.search(r'role="status"[^>]*>At least \d results found', page)
    assert "Filters (number among 2 of the results in brackets)" in page
    body = client.get("/api/v1/search?q=titanium").get_json()
    assert body["total_exact"] is False and body["facets_counted"] == 2


def test_a_signed_in_user_saves_a_search_and_sees_it(client, session, profiles):
    user = make_user(email="saver@example.org")
    session.commit()
    assert "Save this search" not in client.get("/search?q=aseptic").get_data(as_text=True)
    sign_in(client, "saver@example.org")
    assert "Save this search" in client.get("/search?q=aseptic").get_data(as_text=True)
    response = client.post("/search/saved", data={"name": "Fill-finish partners", "schedule": "daily",
                                                  "q": "aseptic", "state": "BY"})
    assert response.status_code == 302
    saved = db.session.scalar(select(SavedSearch).where(SavedSearch.user_id == user.id))
    assert saved.params == {"q": "aseptic", "state": "BY"}
    assert len(saved.last_result_ids) == 1  # what it finds now is not news
    listing = client.get("/search/saved").get_data(as_text=True)
    assert "Fill-finish partners" in listing


def test_one_search_too_many_is_refused_on_the_page_and_nothing_is_kept(client, session,
                                                                      monkeypatch):
    user = make_user(email="keeper@example.org")
    session.commit()
    sign_in(client, "keeper@example.org")
    monkeypatch.setattr(services, "SAVED_PER_USER", 1)
    data = {"name": "Fill-finish", "schedule": "weekly", "q": "aseptic"}
    assert client.post("/search/saved", data=data).status_code == 302
    refused = client.post("/search/saved", data=data, follow_redirects=True)
    assert refused.status_code == 200 and "delete one first" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SavedSearch)
                             .where(SavedSearch.user_id == user.id)) == 1


def test_only_the_owner_deletes_a_saved_search(client, session):
    owner = make_user(email="owner@example.org")
    make_user(email="other@example.org")
    session.add(SavedSearch(user_id=owner.id, name="Mine", params={"q": "x"}, schedule="weekly"))
    session.commit()
    saved_id = db.session.scalar(select(SavedSearch.id))
    sign_in(client, "other@example.org")
    assert client.post(f"/search/saved/{saved_id}/delete").status_code == 403
    client.post("/sign-out")
    sign_in(client, "owner@example.org")
    assert client.post(f"/search/saved/{saved_id}/delete").status_code == 302
    assert db.session.scalar(select(SavedSearch.id)) is None


def test_the_saved_searches_reflow_with_a_label_on_every_cell(client, session):
    owner = make_user(email="owner@example.org")
    session.add(SavedSearch(user_id=owner.id, name="Mine", params={"q": "x"}, schedule="weekly"))
    session.commit()
    sign_in(client, "owner@example.org")
    [table] = assert_reflows(client.get("/search/saved").get_data(as_text=True))
    assert table.headings == ["Name", "E-mail", "Last sent", "Actions"]
