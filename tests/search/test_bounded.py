"""The search at scale: term counts kept in step, a term's strongest postings only, filters that
stay exact, counts that say when they are partial."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.registry.models import ProfileStatus
from portal.search import engine
from portal.search.engine import SearchQuery, search
from portal.search.indexing import impact
from portal.search.models import SearchAttribute, SearchDocument, SearchPosting, SearchTerm
from portal.search.services import reindex, reindex_all
from tests.search.helpers import indexed_organisation


def stored_counts() -> dict[str, int]:
    return dict(db.session.execute(select(SearchTerm.term, SearchTerm.documents)).all())


def actual_counts() -> Counter[str]:
    found = Counter(db.session.scalars(select(SearchPosting.term)))
    found.update(db.session.scalars(select(SearchAttribute.term)))
    return found


def titles(q="", **filters):
    return [hit.title for hit in search(SearchQuery(q=q, **filters)).hits]


@pytest.fixture
def bounded(monkeypatch):
    """Text searches read the 2 strongest postings of each term, unless a filter is selective."""
    monkeypatch.setattr(engine, "TOP_POSTINGS", 2)
    monkeypatch.setattr(engine, "EXACT_BUDGET", 0.0)


def test_term_counts_follow_publishing_changes_and_deletions(session):
    first = indexed_organisation(name="Titanium Works", description="Titanium alloys",
                                 technology_fields=["mining_metallurgy"], nace_codes=["24.10"])
    second = indexed_organisation(name="Steel Works", state="KZ", region="KZ-35",
                                  description="Steel and titanium")
    hidden = indexed_organisation(name="Hidden Titanium", published=False)
    assert stored_counts() == actual_counts()
    assert stored_counts()["titanium"] == 2
    assert stored_counts()["state:RU"] == 1 and stored_counts()["nace:24.1"] == 1
    assert stored_counts()["tf:mining_metallurgy"] == 1

    second.description = "Only steel now"
    reindex("organisation", second.id)
    first.status = ProfileStatus.PENDING
    reindex("organisation", first.id)
    hidden.status = ProfileStatus.PUBLISHED
    reindex("organisation", hidden.id)
    assert stored_counts() == actual_counts()
    assert stored_counts()["titanium"] == 1
    assert "nace:24.1" not in stored_counts()

    session.delete(second)
    session.flush()
    reindex("organisation", second.id)
    assert stored_counts() == actual_counts()
    assert "state:KZ" not in stored_counts()


def test_unpublished_profiles_have_a_document_but_nothing_to_find(session):
    hidden = indexed_organisation(name="Hidden Titanium", published=False)
    document = session.scalar(select(SearchDocument).where(SearchDocument.object_id == hidden.id))
    assert document.public is False
    assert session.scalars(select(SearchPosting).where(
        SearchPosting.document_id == document.id)).all() == []


def test_a_rebuild_counts_terms_and_gives_every_impact_the_final_average_length(session):
    for words in ("Titanium", "Titanium alloys and castings for aircraft", "Titanium parts"):
        indexed_organisation(description=words)
    reindex_all(batch_size=1)
    assert stored_counts() == actual_counts()
    average = session.scalar(select(db.func.avg(SearchDocument.length)))
    rows = session.execute(select(SearchPosting.weight, SearchPosting.impact, SearchDocument.length)
                           .join(SearchDocument)).all()
    assert rows
    for weight, stored, length in rows:
        assert stored == pytest.approx(impact(weight, length, average), rel=1e-9)


@pytest.fixture
def alloys(session):
    """Six strengths of titanium: in the name (three times a word of the text), then fewer
    mentions, then longer texts; three in Belarus, the weakest."""
    made = [indexed_organisation(name=f"Titanium {n}", description="Titanium " * (3 - n))
            for n in range(3)]
    made += [indexed_organisation(name=f"Alloy Works {n}", state="BY", region="BY-MI",
                                  description="Titanium alloys " + "and parts " * n)
             for n in range(3)]
    return made


def test_a_bounded_search_ranks_the_strongest_postings_and_says_its_total_is_partial(
        alloys, monkeypatch):
    exact = search(SearchQuery(q="titanium"))
    assert exact.total == 6 and exact.total_exact
    monkeypatch.setattr(engine, "TOP_POSTINGS", 2)
    monkeypatch.setattr(engine, "EXACT_BUDGET", 0.0)
    bounded = search(SearchQuery(q="titanium"))
    assert not bounded.total_exact
    assert 2 <= bounded.total < 6
    assert bounded.hits == exact.hits[:len(bounded.hits)]
    assert bounded.facets_counted == bounded.total
    assert sum(count for _value, count in bounded.facets["type"]) == bounded.total


def test_a_filter_finds_its_own_strongest_documents_however_weak_they_are(alloys, bounded):
    found = search(SearchQuery(q="titanium", state="BY"))
    assert found.hits and {hit.title for hit in found.hits} <= {"Alloy Works 0", "Alloy Works 1",
                                                                 "Alloy Works 2"}
    assert titles("titanium", state="BY", region="BY-MI") == [hit.title for hit in found.hits]


def test_a_document_read_for_one_term_is_scored_with_all_of_them(session, bounded):
    strong = indexed_organisation(name="Titanium Titanium",
                                  description="We also cast steel, among many other things, "
                                              "for customers in several industries")
    for n in range(3):
        indexed_organisation(name=f"Steel Steel {n}", description="Steel")
    hits = search(SearchQuery(q="titanium steel")).hits
    scored = {hit.object_id: hit.score for hit in hits}
    assert strong.id in scored
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "EXACT_BUDGET", float("inf"))
        exact = {hit.object_id: hit.score for hit in search(SearchQuery(q="titanium steel")).hits}
    assert scored[strong.id] == exact[strong.id]
    assert [hit.object_id for hit in hits] == sorted(scored, key=lambda d: (-scored[d], d))


def test_facets_are_counted_over_the_best_results_when_there_are_many(alloys, monkeypatch):
    monkeypatch.setattr(engine, "FACET_SAMPLE", 4)
    result = search(SearchQuery(q="titanium"))
    assert result.total == 6 and result.total_exact
    assert result.facets_counted == 4
    assert result.facets["state"] == [("RU", 3), ("BY", 1)]


def test_a_listing_counts_one_filter_exactly_and_several_up_to_a_limit(alloys, monkeypatch):
    monkeypatch.setattr(engine, "COUNTED", 2)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 2)
    one = search(SearchQuery(state="BY"))
    assert (one.total, one.total_exact) == (3, True)
    assert one.facets_counted == 2
    several = search(SearchQuery(state="BY", region="BY-MI"))
    assert (several.total, several.total_exact) == (2, False)
    everything = search(SearchQuery())
    assert (everything.total, everything.total_exact, everything.facets_counted) == (6, True, 6)
    assert everything.facets["state"] == [("BY", 3), ("RU", 3)]


def test_a_listing_without_filters_counts_facets_from_the_term_counts(alloys, monkeypatch):
    whole = search(SearchQuery()).facets
    monkeypatch.setattr(engine, "FACET_SAMPLE", 100)
    sampled = search(SearchQuery(kind="enterprise")).facets
    assert whole == sampled


def test_unknown_filter_values_find_nothing_at_once(alloys):
    assert search(SearchQuery(q="titanium", state="ZZ")).total == 0
    assert search(SearchQuery(technology_field="nothing")).hits == []
