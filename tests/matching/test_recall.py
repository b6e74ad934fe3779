"""``portal matching recall``: recall@K of the served ranking against the exhaustive one."""

from __future__ import annotations

import re

import numpy as np

from portal.matching import index as index_module
from portal.matching import recall, shortlist
from portal.matching.replica import index_root
from portal.matching.services import borders, current_index, rank
from tests.matching.test_exhaustive import PARTS, _profiles


def test_recall_at_is_the_share_of_the_exhaustive_top_that_the_served_top_holds():
    assert recall.recall_at([1, 2, 3, 4], [1, 5, 3, 6], 4) == 0.5
    assert recall.recall_at([1, 2], [1, 2, 3], 2) == 1.0
    assert recall.recall_at([7], [1, 2], 10) == 0.0
    assert recall.recall_at([], [], 10) == 1.0


def test_the_command_prints_the_recall_computed_from_the_two_rankings(runner, app, monkeypatch):
    monkeypatch.setattr(index_module, "EXACT_LIMIT", 20)
    monkeypatch.setattr(index_module, "SCAN_TARGET", 10)
    monkeypatch.setattr(shortlist, "CHUNK", 7)
    monkeypatch.setattr(shortlist, "DEPTH", 5)
    monkeypatch.setattr("portal.matching.services.SHORTLIST", 3)
    index_module.build(index_root(), _profiles(120), "synthetic", PARTS)
    index, border_set = current_index(), borders()
    by_hand = []
    for row in recall.seeker_rows(index, 30):
        seeker, needs, offers = recall.seeker_of(index, int(row))
        served = rank(index, seeker, needs, offers, "other_states", border_set, 5)
        everything = rank(index, seeker, needs, offers, "other_states", border_set, 5,
                          exhaustive=True)
        wanted = {m.organisation_id for m in everything}
        by_hand.append(len(wanted & {m.organisation_id for m in served}) / len(wanted))
    result = runner.invoke(args=["matching", "recall", "--sample", "30", "--limit", "5"])
    assert result.exit_code == 0, result.output
    figure = re.search(r"recall@5 over 30 organisations: ([0-9.]+)", result.output)
    assert figure and float(figure.group(1)) == round(float(np.mean(by_hand)), 4)
    assert float(figure.group(1)) < 1
    assert "served ms: p50" in result.output and "exhaustive ms: p50" in result.output


def test_the_command_bounds_its_sample_and_limit(runner):
    assert runner.invoke(args=["matching", "recall", "--sample", "0"]).exit_code == 2
    assert runner.invoke(args=["matching", "recall", "--sample", "10001"]).exit_code == 2
    assert runner.invoke(args=["matching", "recall", "--limit", "51"]).exit_code == 2
