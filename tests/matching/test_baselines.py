"""The labelled set's baselines and measurement, on a set scored by hand (no database)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from portal.matching.baselines import jaccard, joined_texts, word_overlap, words
from portal.matching.labelled_set import LabelledSet, ranked_by
from tests.matching import tiny_set


@pytest.fixture
def labelled():
    return LabelledSet(tiny_set.ORGANISATIONS, tiny_set.QUERIES)


def test_words_are_lowercased_unicode_tokens_without_stemming_or_stop_words():
    assert words(["Steel pipes, for GAS", "Стальные трубы"]) == {
        "steel", "pipes", "for", "gas", "стальные", "трубы"}
    assert words(["pipe"]) != words(["pipes"])


def test_jaccard_is_the_shared_words_over_all_words_and_zero_with_none():
    assert jaccard(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_ties_are_broken_by_ref_ascending():
    assert ranked_by({"c": 0.0, "a": 0.5, "b": 0.0}) == ["a", "b", "c"]


def test_word_overlap_ranks_the_candidates_of_other_states_by_jaccard_then_ref(labelled):
    ranking = word_overlap(labelled)
    assert ranking(labelled.by_ref["s"]) == ["a", "b", "c", "d"]
    assert ranking(labelled.by_ref["d"]) == ["b", "s", "a", "c", "e"]


def test_word_overlap_on_the_tiny_set_gives_the_figures_computed_by_hand(labelled):
    rows = labelled.measure(word_overlap(labelled))
    for group, expected in tiny_set.WORD_OVERLAP.items():
        assert rows[group][0] == expected[0]
        assert rows[group][1:] == pytest.approx(expected[1:]), group


def test_the_encoder_baseline_embeds_needs_and_offers_joined_and_ranks_by_cosine(labelled):
    vectors = {"steel pipes; welding": (2.0, 0.0),  # not of length 1: the cosine normalises
               "Welding services": (0.0, 1.0), "Steel pipes for gas": (1.0, 1.0),
               "Стальные трубы": (3.0, 0.0), "Gas meters": (-1.0, 0.0), "Steel pipes": (1.0, 0.0),
               "Pipe welding training": (0.0, 1.0)}
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.array([vectors[text] for text in texts])

    ranking = joined_texts(labelled, encode)
    assert ranking(labelled.by_ref["s"]) == ["c", "a", "b", "d"]  # cosines 1, 0.71, 0, -1
    rows = labelled.measure(ranking)
    ideal = 2 + 1 / math.log2(3)
    assert rows["cross-lingual"][1:] == pytest.approx((2 / 5, 1.0, (2 + 1 / math.log2(4)) / ideal))
    # d's need meets b's and s's offers alike (cosine 1): b comes first by its ref
    assert rows["same-language"][1:] == pytest.approx((1 / 5, 1.0, 1.0))
    assert sum(len(texts) for texts in calls) == 6 + 2  # every offer, every seeker's needs: once


def test_a_ranking_that_leaves_candidates_out_is_completed_in_ref_order(labelled):
    seeker = labelled.by_ref["s"]
    assert labelled.complete(seeker, ["d", "e", "zz"]) == ["d", "a", "b", "c"]


def test_a_query_is_cross_lingual_when_a_listed_partner_writes_in_another_language(labelled):
    assert labelled.is_cross_lingual(tiny_set.QUERIES[0])
    assert not labelled.is_cross_lingual(tiny_set.QUERIES[1])
