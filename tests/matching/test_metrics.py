"""The metrics of the matching development set, checked against values computed by hand."""

import math

import pytest

from portal.matching.metrics import mean, ndcg_at, precision_at, recall_at

RANKED = ["a", "x", "b", "y", "z", "c", "w", "v", "u", "t", "d"]
RELEVANT = {"a": 2, "b": 1, "c": 2, "d": 2}


def test_precision_at_5_divides_by_5_whatever_the_number_of_partners():
    assert precision_at(RANKED, RELEVANT, 5) == pytest.approx(2 / 5)
    assert precision_at(["a"], {"a": 2}, 5) == pytest.approx(0.2)


def test_recall_at_10_counts_listed_partners_in_the_top_10():
    assert recall_at(RANKED, RELEVANT, 10) == pytest.approx(3 / 4)  # d is 11th


def test_ndcg_at_10_uses_linear_gains_and_the_ideal_order_of_the_grades():
    dcg = 2 / math.log2(2) + 1 / math.log2(4) + 2 / math.log2(7)
    ideal = 2 / math.log2(2) + 2 / math.log2(3) + 2 / math.log2(4) + 1 / math.log2(5)
    assert ndcg_at(RANKED, RELEVANT, 10) == pytest.approx(dcg / ideal)


def test_a_perfect_ranking_has_ndcg_one_and_an_empty_one_zero():
    assert ndcg_at(["a", "c", "b"], {"a": 2, "c": 2, "b": 1}) == pytest.approx(1.0)
    assert ndcg_at(["x", "y"], {"a": 2}) == 0.0


def test_mean_of_nothing_is_zero():
    assert mean([]) == 0.0
    assert mean([0.5, 1.0]) == pytest.approx(0.75)
