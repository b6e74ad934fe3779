"""The exhaustive ranking: every organisation in scope scored in full, chunk by chunk, and the
API's ``?exhaustive=true`` for the secretariat and administrators only."""

from __future__ import annotations

import numpy as np
import pytest
from flask_babel import force_locale

from portal.matching import index as index_module
from portal.matching import services, shortlist
from portal.matching.encoders import Role
from portal.matching.services import Seeker, find_matches, rank
from tests.matching.test_api import _token

PARTS = (8, 8)


def _profiles(n: int, seed: int = 3) -> list[index_module.Profile]:
    rng = np.random.default_rng(seed)
    states = ("RU", "BY", "KZ")
    return [index_module.Profile(
        organisation_id=i + 1, state=states[i % 3], region=f"{states[i % 3]}-{i % 2}",
        kind="enterprise", language="en", technology_fields=(),
        needs=rng.standard_normal((int(rng.integers(0, 3)), 16)).astype(np.float32),
        offers=rng.standard_normal((int(rng.integers(1, 4)), 16)).astype(np.float32),
        description=rng.standard_normal(16).astype(np.float32)) for i in range(n)]


@pytest.fixture
def spread_index(tmp_path, monkeypatch):
    """300 organisations, an index split into inverted lists (above a lowered exact limit) and a
    shortlist of 3, so that the served ranking misses some of the best; chunks of 7."""
    monkeypatch.setattr(index_module, "EXACT_LIMIT", 20)
    monkeypatch.setattr(index_module, "SCAN_TARGET", 10)
    monkeypatch.setattr(shortlist, "CHUNK", 7)
    monkeypatch.setattr(shortlist, "DEPTH", 5)
    monkeypatch.setattr("portal.matching.services.SHORTLIST", 3)
    index_module.build(tmp_path, _profiles(300), "synthetic", PARTS)
    yield index_module.open_current(tmp_path)
    index_module._CACHE.pop(str(tmp_path), None)


def _seeker(index, row):
    seeker = Seeker(int(index.organisation_ids[row]), index.state_code(row), index.region_code(row),
                    "enterprise", frozenset())
    needs = np.asarray(index.needs.rows[index.needs.of_organisation(row)])
    offers = np.asarray(index.offers.rows[index.offers.of_organisation(row)])
    return seeker, needs, offers


def test_the_exhaustive_ranking_is_the_full_scoring_of_every_organisation_in_scope(spread_index):
    seeker, needs, offers = _seeker(spread_index, 0)
    assert len(needs)
    everyone = np.arange(len(spread_index.organisation_ids))
    in_scope = shortlist.rows_in_scope(spread_index, everyone, seeker.organisation_id,
                                       seeker.state, seeker.region, "other_states", frozenset())
    total = services._features(spread_index, seeker, needs, offers, in_scope, frozenset())[0]
    ids = spread_index.organisation_ids[in_scope]
    expected = [int(i) for i in ids[np.lexsort((ids, -np.round(total, 4)))][:10]]
    exhaustive = rank(spread_index, seeker, needs, offers, "other_states", frozenset(), 10,
                      exhaustive=True)
    assert [m.organisation_id for m in exhaustive] == expected
    assert all(spread_index.state_code(spread_index.row_of[i]) != seeker.state for i in expected)


def test_the_served_ranking_may_miss_what_the_exhaustive_one_finds(spread_index):
    missed = 0
    for row in range(0, 300, 10):
        seeker, needs, offers = _seeker(spread_index, row)
        served = {m.organisation_id for m in rank(spread_index, seeker, needs, offers,
                                                  "other_states", frozenset(), 10)}
        everything = rank(spread_index, seeker, needs, offers, "other_states", frozenset(), 10,
                          exhaustive=True)
        missed += len({m.organisation_id for m in everything} - served)
        assert len(everything) == 10
    assert missed > 0


def test_an_empty_index_ranks_nobody_exhaustively(tmp_path):
    index_module.build(tmp_path, [], "synthetic", PARTS)
    index = index_module.open_current(tmp_path)
    seeker = Seeker(1, "RU", "RU-0", "enterprise", frozenset())
    query = index.centre(np.ones((1, 16), np.float32), "en", Role.NEED)
    assert rank(index, seeker, query, query, "all", frozenset(), 10, exhaustive=True) == []
    index_module._CACHE.pop(str(tmp_path), None)


def test_find_matches_exhaustive_agrees_on_a_tiny_set(matching_set):
    served = find_matches(matching_set["seeker"], limit=10, scope="all")
    exhaustive = find_matches(matching_set["seeker"], limit=10, scope="all", exhaustive=True)
    assert [m.organisation_id for m in exhaustive] == [m.organisation_id for m in served]
    assert [m.score for m in exhaustive] == [m.score for m in served]


def test_only_the_secretariat_and_administrators_may_ask_for_the_exhaustive_ranking(
        client, matching_set):
    url = f"/api/v1/organisations/{matching_set['seeker']}/matches?exhaustive=true"
    for role in ("secretariat", "admin"):
        response = client.get(url, headers=_token(role))
        assert response.status_code == 200
        assert response.get_json()["items"]
    refused = client.get(url, headers=_token(f"org_member:{matching_set['seeker']}"))
    assert refused.status_code == 403
    with force_locale("en"):
        assert refused.get_json()["error"]["message"] == (
            "Only the secretariat and administrators may ask for the exhaustive ranking.")
    assert client.get(url.replace("true", "false"), headers=_token()).status_code == 200


def test_exhaustive_other_than_true_or_false_is_refused_with_the_field(client, matching_set):
    url = f"/api/v1/organisations/{matching_set['seeker']}/matches?exhaustive=yes"
    response = client.get(url, headers=_token("admin"))
    assert response.status_code == 400
    assert "exhaustive" in response.get_json()["error"]["fields"]
