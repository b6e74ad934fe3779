"""Search over the index in the database: cross-lingual matching, BM25 order, filters, facets,
pages."""

from __future__ import annotations

import pytest

from portal.search.engine import SearchQuery, search
from portal.search.services import reindex
from tests.search.helpers import indexed_organisation


def found(q="", **filters):
    return [hit.title for hit in search(SearchQuery(q=q, **filters)).hits]


@pytest.fixture
def pharma(session):
    return indexed_organisation(
        name="Калужский завод", language="ru", description="Фармацевтика: таблетки и сиропы.",
        offers=["Асептический розлив во флаконы"], needs=[])


@pytest.fixture
def english_fill(session):
    return indexed_organisation(
        name="Minsk Sterile Services", state="BY", region="BY-MI",
        description="Contract fill-finish of sterile injectables.", offers=["Aseptic fill-finish"],
        technology_fields=["pharmaceuticals_biotech_medical"], nace_codes=["21.20"])


@pytest.fixture
def steel(session):
    return indexed_organisation(
        name="Karaganda Steel", state="KZ", region="KZ-35", kind="enterprise",
        description="Rolled steel and castings.", offers=["Steel casting"],
        technology_fields=["mining_metallurgy"], nace_codes=["24.10"])


def test_a_russian_adjective_finds_the_noun(pharma, steel):
    assert found("фармацевтический") == ["Калужский завод"]


def test_fill_finish_finds_rozliv(pharma, steel):
    assert "Калужский завод" in found("fill-finish")


def test_a_russian_query_finds_an_english_profile(english_fill, steel):
    assert found("асептический розлив") == ["Minsk Sterile Services"]


def test_an_english_query_finds_a_russian_profile(pharma, steel):
    assert found("pharmaceutical") == ["Калужский завод"]


def test_the_profile_in_the_query_language_ranks_first_and_scores_are_given(pharma, english_fill):
    hits = search(SearchQuery(q="aseptic fill-finish")).hits
    assert [hit.title for hit in hits] == ["Minsk Sterile Services", "Калужский завод"]
    assert hits[0].score > hits[1].score > 0


def test_equal_scores_are_ordered_by_kind_and_id(session):
    twins = [indexed_organisation(name=f"Twin {n}", description="Titanium alloys")
             for n in range(3)]
    hits = search(SearchQuery(q="titanium")).hits
    assert [hit.object_id for hit in hits] == [o.id for o in twins]
    assert len({hit.score for hit in hits}) == 1


def test_a_word_in_the_name_counts_more_than_one_in_the_text(session):
    indexed_organisation(name="General Works", description="We also make titanium parts")
    indexed_organisation(name="Titanium Works", description="We also make parts")
    assert found("titanium") == ["Titanium Works", "General Works"]


def test_unpublished_profiles_are_not_found(session):
    indexed_organisation(name="Hidden Titanium", published=False)
    assert found("titanium") == []
    assert found() == []


def test_without_a_query_profiles_are_listed_by_name(pharma, english_fill, steel):
    assert found() == ["Karaganda Steel", "Minsk Sterile Services", "Калужский завод"]
    assert {hit.score for hit in search(SearchQuery()).hits} == {None}


def test_a_query_of_stop_words_finds_nothing(pharma):
    assert found("the and") == []


def test_filters_by_state_region_kind_technology_and_nace_prefix(pharma, english_fill, steel):
    assert found(state="by") == ["Minsk Sterile Services"]
    assert found(region="KZ-35") == ["Karaganda Steel"]
    assert found(kind="enterprise") == ["Karaganda Steel", "Minsk Sterile Services",
                                        "Калужский завод"]
    assert found(technology_field="mining_metallurgy") == ["Karaganda Steel"]
    assert found(nace="21") == ["Minsk Sterile Services"]
    assert found(nace="24.1") == ["Karaganda Steel"]
    assert found(nace="24.10") == ["Karaganda Steel"]
    assert found(nace="24.2") == []
    assert found(types=("cluster",)) == []
    assert found("steel", state="BY") == []


def test_facets_count_the_current_result(pharma, english_fill, steel):
    result = search(SearchQuery(q="aseptic"))
    assert result.total == 2
    assert result.facets["state"] == [("BY", 1), ("RU", 1)]
    assert result.facets["technology_field"] == [("pharmaceuticals_biotech_medical", 1)]
    assert result.facets["nace"] == [("21", 1)]
    assert result.facets["type"] == [("organisation", 2)]
    everything = search(SearchQuery())
    assert everything.total == 3
    assert everything.facets["kind"] == [("enterprise", 3)]
    assert everything.facets["region"] == [("BY-MI", 1), ("KZ-35", 1), ("RU-KLU", 1)]


def test_pages_split_the_result(session):
    for n in range(5):
        indexed_organisation(name=f"Alloy {n}", description="Titanium")
    first = search(SearchQuery(q="titanium", per_page=2))
    third = search(SearchQuery(q="titanium", per_page=2, page=3))
    assert first.total == third.total == 5
    assert [h.title for h in first.hits] == ["Alloy 0", "Alloy 1"]
    assert [h.title for h in third.hits] == ["Alloy 4"]


def test_reindexing_follows_a_change_and_a_deletion(session, steel):
    steel.description = "Now we make titanium"
    reindex("organisation", steel.id)
    assert found("titanium") == ["Karaganda Steel"]
    session.delete(steel)
    session.flush()
    reindex("organisation", steel.id)
    assert found() == []
