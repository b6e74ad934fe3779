"""Ranking on a tiny hand-made set: across languages, by scope, with reasons."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from flask_babel import force_locale

from portal.extensions import db
from portal.matching import index as index_module
from portal.matching.encoders import Role
from portal.matching.models import OrganisationVector
from portal.matching.reasons import NEED_MET_THRESHOLD, Reader, explain
from portal.matching.scoring import Features, score
from portal.matching.services import embed_organisation, find_matches
from portal.registry.models import Organisation


def test_a_russian_need_is_met_by_an_english_offer_first(matching_set):
    matches = find_matches(matching_set["seeker"], limit=10)
    ranked = [m.organisation_id for m in matches]
    assert ranked[0] in (matching_set["vitebsk"], matching_set["almaty"])
    assert set(ranked[:2]) == {matching_set["vitebsk"], matching_set["almaty"]}
    assert ranked.index(matching_set["kostanay"]) > 1


def test_other_states_never_suggests_the_seekers_own_state(matching_set):
    ranked = [m.organisation_id for m in find_matches(matching_set["seeker"], limit=10)]
    assert matching_set["moscow"] not in ranked
    assert matching_set["seeker"] not in ranked
    everything = find_matches(matching_set["seeker"], limit=10, scope="all")
    moscow = next(m for m in everything if m.organisation_id == matching_set["moscow"])
    assert moscow.relation == "same_state"
    assert matching_set["seeker"] not in [m.organisation_id for m in everything]


def test_cross_border_keeps_only_bordering_regions(matching_set):
    matches = find_matches(matching_set["seeker"], limit=10, scope="cross_border")
    assert [m.organisation_id for m in matches] == [matching_set["vitebsk"]]
    assert matches[0].relation == "cross_border"


def test_reasons_quote_the_need_and_the_offer_and_name_the_border(matching_set):
    match = next(m for m in find_matches(matching_set["seeker"], limit=10)
                 if m.organisation_id == matching_set["vitebsk"])
    with force_locale("en"):
        reasons = explain(match)
    assert reasons[0] == ("offers “Electron-beam sterilisation of single-use medical devices”, which "
                          "meets your need for “Радиационная стерилизация одноразовых медицинских изделий”")
    assert any(r.startswith("borders your region (Smolensk") and "Vitebsk" in r for r in reasons)
    assert any(r.startswith("shares the technology field ") for r in reasons)


def test_a_need_is_said_to_be_met_only_above_the_threshold(matching_set):
    match = next(m for m in find_matches(matching_set["seeker"], limit=10)
                 if m.organisation_id == matching_set["vitebsk"])
    offer = "Electron-beam sterilisation of single-use medical devices"
    with force_locale("en"):
        match.features = replace(match.features, need_offer=NEED_MET_THRESHOLD + 0.01)
        above = explain(match)
        match.features = replace(match.features, need_offer=NEED_MET_THRESHOLD - 0.01)
        below = explain(match)
    assert above[0].startswith(f"offers “{offer}”, which meets your need for")
    assert below[0] == f"offers “{offer}”"
    assert not any("meets" in reason for reason in below)


def test_reasons_are_written_for_the_owner_or_for_the_staff_of_an_ad(matching_set):
    match = next(m for m in find_matches(matching_set["seeker"], limit=10)
                 if m.organisation_id == matching_set["vitebsk"])
    with force_locale("en"):
        owner = explain(match, Reader.OWNER)
        staff = explain(match, Reader.AD_STAFF)
    assert any(r.startswith("borders your region (") for r in owner)
    assert any(r.startswith("borders the region of the ad's organisation (") for r in staff)
    assert not any("your" in r for r in staff)
    assert "which meets the need of the ad's organisation for" in staff[0]


def test_an_unchanged_text_is_not_embedded_again(matching_set):
    seeker = matching_set["seeker"]
    assert embed_organisation(seeker) == 0
    organisation = db.session.get(Organisation, seeker)
    organisation.offers = [*organisation.offers, "Стерилизационная упаковка"]
    db.session.flush()
    assert embed_organisation(seeker) == 1
    organisation.offers = organisation.offers[:1]
    db.session.flush()
    assert embed_organisation(seeker) == 0
    kinds = sorted(v.kind for v in db.session.scalars(
        db.select(OrganisationVector).where(OrganisationVector.organisation_id == seeker)))
    assert kinds == ["need", "offer"]


def test_the_score_weighs_the_need_offer_match_most():
    strong = Features(need_offer=0.6)
    weak_but_near = Features(need_offer=0.4, borders=True, helix_complement=True)
    assert score(strong) > score(weak_but_near)


def test_a_large_set_is_searched_through_inverted_lists_with_the_same_best_answer(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "EXACT_LIMIT", 500)
    rng = np.random.default_rng(1)
    profiles = [index_module.Profile(
        organisation_id=i + 1, state="KZ", region="KZ-75", kind="enterprise", language="en",
        technology_fields=(), needs=np.zeros((0, 16), np.float32),
        offers=index_module.normalise(rng.standard_normal((2, 16)).astype(np.float32)))
        for i in range(1000)]
    built = index_module.Index(index_module.build(tmp_path, profiles, "test", (16,)))
    assert len(built.offers.centroids) > 0
    query = profiles[123].offers[:1]
    owners, best, *_ = built.offers.best_per_organisation(built.centre(query, "en", Role.OFFER))
    assert owners[0] == 123
    assert best[0] > 0.99
