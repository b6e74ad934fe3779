"""Review scores (DESIGN 4.5): validation of a score sheet, weighted totals, thresholds and the
disagreement flag, with figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from portal.review.scoring import (
    MISSING,
    NOT_A_NUMBER,
    NOT_HALF_POINTS,
    OUT_OF_RANGE,
    UNKNOWN,
    Consolidation,
    Criterion,
    ScoreSheet,
    consolidate,
    parse_score,
    validate_scores,
    weighted_total,
)

CRITERIA = (Criterion("excellence", D(3), D("3")),
            Criterion("impact", D(2), D("2.5")),
            Criterion("implementation", D(1), D("2")))


def sheet(excellence, impact, implementation) -> dict[str, D]:
    return {"excellence": D(excellence), "impact": D(impact), "implementation": D(implementation)}


# Validation

@pytest.mark.parametrize("value", [0, 5, 3, D("0.5"), D("4.5"), D("3.0"), 2.5, "3.5", " 4 ", "2,5", "5.00"])
def test_whole_and_half_points_from_0_to_5_are_accepted(value):
    assert validate_scores({"excellence": value, "impact": 3, "implementation": 3}, CRITERIA) == {}


@pytest.mark.parametrize("value", [D("2.25"), "2.25", 2.25, D("0.1"), "4.75"])
def test_quarter_and_tenth_points_are_refused(value):
    problems = validate_scores({"excellence": value, "impact": 3, "implementation": 3}, CRITERIA)
    assert problems == {"excellence": [str(NOT_HALF_POINTS)]}


@pytest.mark.parametrize("value", [D("5.5"), 6, D("-0.5"), "-1", 10.0])
def test_scores_outside_0_to_5_are_refused(value):
    problems = validate_scores({"excellence": value, "impact": 3, "implementation": 3}, CRITERIA)
    assert problems == {"excellence": [str(OUT_OF_RANGE)]}


def test_a_score_both_out_of_range_and_between_half_points_names_both_problems():
    problems = validate_scores({"excellence": D("7.25"), "impact": 3, "implementation": 3}, CRITERIA)
    assert problems == {"excellence": [str(OUT_OF_RANGE), str(NOT_HALF_POINTS)]}


@pytest.mark.parametrize("value", ["abc", "3.5.1", "1e0", "0_5", "NaN", "Infinity", float("nan"),
                                   float("inf"), D("NaN"), True, False, [3], {"score": 3}, "٣"])
def test_values_that_are_not_plain_numbers_are_refused(value):
    problems = validate_scores({"excellence": value, "impact": 3, "implementation": 3}, CRITERIA)
    assert problems == {"excellence": [str(NOT_A_NUMBER)]}


@pytest.mark.parametrize("scores", [{"impact": 3, "implementation": 3},
                                    {"excellence": None, "impact": 3, "implementation": 3},
                                    {"excellence": "  ", "impact": 3, "implementation": 3}])
def test_every_criterion_needs_a_score(scores):
    assert validate_scores(scores, CRITERIA) == {"excellence": [str(MISSING)]}


def test_keys_that_are_not_criteria_of_the_call_are_refused():
    scores = {"excellence": 3, "impact": 3, "implementation": 3, "beauty": 5}
    assert validate_scores(scores, CRITERIA) == {"beauty": [str(UNKNOWN)]}


def test_every_problem_is_reported_at_once():
    problems = validate_scores({"excellence": "x", "impact": D("5.5"), "novelty": 1}, iter(CRITERIA))
    assert problems == {"excellence": [str(NOT_A_NUMBER)], "impact": [str(OUT_OF_RANGE)],
                        "implementation": [str(MISSING)], "novelty": [str(UNKNOWN)]}


def test_problems_are_plain_strings():
    problems = validate_scores({}, CRITERIA)
    assert all(type(message) is str for messages in problems.values() for message in messages)


def test_parse_score_reads_a_decimal_comma_and_keeps_floats_exact():
    assert parse_score("3,5") == D("3.5")
    assert parse_score(2.5) == D("2.5")
    assert parse_score(0.1) == D("0.1")     # not 0.1000000000000000055511151231257827...
    assert parse_score("x") is None


# Weighted total

def test_weighted_total_divides_by_the_sum_of_the_weights():
    # (4 x 3 + 3.5 x 2 + 2 x 1) / 6 = 21 / 6 = 3.5
    assert weighted_total(sheet(4, "3.5", 2), CRITERIA) == D("3.50")


def test_weighted_total_has_two_decimals():
    # (5 x 3 + 4 x 2 + 4 x 1) / 6 = 27 / 6 = 4.5; (5 x 3 + 5 x 2 + 4 x 1) / 6 = 29 / 6 = 4.8333
    assert weighted_total(sheet(5, 4, 4), CRITERIA) == D("4.50")
    assert str(weighted_total(sheet(5, 5, 4), CRITERIA)) == "4.83"


def test_weighted_total_rounds_half_up():
    criteria = (Criterion("a", D(1), D(0)), Criterion("b", D(7), D(0)))
    assert weighted_total({"a": D(1), "b": D(0)}, criteria) == D("0.13")      # 1 / 8 = 0.125
    assert weighted_total({"a": D(3), "b": D(0)}, criteria) == D("0.38")      # 3 / 8 = 0.375


def test_weighted_total_accepts_fractional_weights():
    criteria = (Criterion("a", D("0.3"), D(0)), Criterion("b", D("0.7"), D(0)))
    assert weighted_total({"a": D(5), "b": D(2)}, criteria) == D("2.90")


def test_weighted_total_needs_every_criterion_and_some_weight():
    with pytest.raises(ValueError, match="impact"):
        weighted_total({"excellence": D(3), "implementation": D(3)}, CRITERIA)
    with pytest.raises(ValueError, match="weigh nothing"):
        weighted_total({"a": D(3)}, [Criterion("a", D(0), D(0))])


# Consolidation

def test_consolidation_of_three_reviews():
    result = consolidate([sheet(4, 4, 3), sheet(3, "3.5", 3), sheet("4.5", 4, 4)], CRITERIA, D(3))
    # totals: 23/6 = 3.83; 19/6 = 3.17; 25.5/6 = 4.25; mean (3.83 + 3.17 + 4.25) / 3 = 3.75
    assert result == Consolidation(
        totals=(D("3.83"), D("3.17"), D("4.25")), mean_total=D("3.75"),
        criterion_means={"excellence": D("3.83"), "impact": D("3.83"), "implementation": D("3.33")},
        failed_criteria=(), passes_overall=True, disagreement=False, spread=D("1.08"))


def test_a_criterion_below_its_threshold_fails_the_proposal_whatever_the_total():
    result = consolidate([sheet(5, 2, 5), sheet(5, "2.5", 5)], CRITERIA, D(3))
    assert result.mean_total >= D(3)
    assert result.criterion_means["impact"] == D("2.25")
    assert result.failed_criteria == ("impact",)
    assert not result.passes_overall


def test_a_criterion_mean_exactly_at_its_threshold_passes():
    result = consolidate([sheet(3, 2, 2), sheet(3, 3, 2)], CRITERIA, D(2))
    assert result.criterion_means == {"excellence": D("3.00"), "impact": D("2.50"),
                                      "implementation": D("2.00")}
    assert result.failed_criteria == ()
    assert result.passes_overall


def test_a_criterion_is_judged_on_its_exact_mean_not_the_rounded_one():
    criteria = (Criterion("a", D(1), D("2.67")),)
    result = consolidate([{"a": D(3)}, {"a": D(3)}, {"a": D(2)}], criteria, D(0))   # 8 / 3 = 2.6667
    assert result.criterion_means == {"a": D("2.67")}
    assert result.failed_criteria == ("a",)


def test_every_failed_criterion_is_listed_in_the_calls_order():
    result = consolidate([sheet(2, 2, 1)], CRITERIA, D(0))
    assert result.failed_criteria == ("excellence", "impact", "implementation")


def test_a_mean_total_below_the_overall_threshold_fails():
    result = consolidate([sheet(3, 3, 3), sheet(3, 3, 3)], CRITERIA, D("3.5"))
    assert result.failed_criteria == ()
    assert not result.passes_overall
    assert consolidate([sheet(3, 3, 3)], CRITERIA, D("3")).passes_overall


def test_totals_spread_by_exactly_1_5_are_not_a_disagreement():
    result = consolidate([sheet(4, 4, 4), sheet("2.5", "2.5", "2.5")], CRITERIA, D(0))
    assert result.spread == D("1.50")
    assert not result.disagreement


def test_totals_spread_by_1_51_are_a_disagreement():
    criteria = (Criterion("a", D(1), D(0)), Criterion("b", D(99), D(0)))
    result = consolidate([{"a": D(5), "b": D(4)}, {"a": D("2.5"), "b": D("2.5")}], criteria, D(0))
    assert result.totals == (D("4.01"), D("2.50"))
    assert result.spread == D("1.51")
    assert result.disagreement


def test_the_spread_is_between_the_highest_and_the_lowest_of_many_totals():
    result = consolidate([sheet(3, 3, 3), sheet(5, 5, 5), sheet(1, 1, 1), sheet(4, 4, 4)], CRITERIA, D(0))
    assert result.spread == D("4.00")
    assert result.disagreement


def test_a_single_review_has_no_spread():
    result = consolidate([sheet(1, 5, 3)], CRITERIA, D(0))
    assert result.spread == D(0)
    assert not result.disagreement


def test_consolidate_accepts_score_sheets():
    sheets = [sheet(4, 4, 3), sheet(3, "3.5", 3)]
    assert consolidate([ScoreSheet(s) for s in sheets], CRITERIA, D(3)) == consolidate(sheets, CRITERIA, D(3))


def test_consolidate_needs_at_least_one_sheet():
    with pytest.raises(ValueError, match="no score sheets"):
        consolidate([], CRITERIA, D(3))
