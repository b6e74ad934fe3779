"""Scores of expert reviews (DESIGN 4.5): each criterion scored 0-5 in half points, a weighted
total per review, and the consolidation of all reviews of a proposal: mean total, mean per
criterion, the criteria below their threshold, and the disagreement flag.

Amounts are :class:`~decimal.Decimal`; totals and means are shown with two decimals, rounded half
up. The rules compare what is shown (the mean total with the overall threshold, the spread of
the totals with 1.5), except a criterion's threshold, compared with its exact mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

LOWEST = Decimal(0)
HIGHEST = Decimal(5)
CENTS = Decimal("0.01")
#: Totals spread by more than this (max - min) raise the disagreement flag.
DISAGREEMENT_SPREAD = Decimal("1.5")

MISSING = _l("Give a score for this criterion.")
UNKNOWN = _l("This is not a criterion of the call.")
NOT_A_NUMBER = _l("Must be a number.")
OUT_OF_RANGE = _l("Must be from 0 to 5.")
NOT_HALF_POINTS = _l("Use whole or half points, such as 3 or 3.5.")

#: A number as typed in a form: digits, with a decimal point or comma (no exponent, no "_").
TYPED_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?", re.ASCII)


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: Decimal
    #: The lowest acceptable mean score, on the 0-5 scale.
    threshold: Decimal


@dataclass(frozen=True)
class ScoreSheet:
    """One review's score per criterion key (validated)."""

    scores: Mapping[str, Decimal]


@dataclass(frozen=True)
class Consolidation:
    #: Each review's weighted total, in the order of the sheets.
    totals: tuple[Decimal, ...]
    mean_total: Decimal
    criterion_means: dict[str, Decimal]
    #: Keys of the criteria whose mean is below their threshold, in the call's order.
    failed_criteria: tuple[str, ...]
    passes_overall: bool
    disagreement: bool
    #: The highest total minus the lowest.
    spread: Decimal


def parse_score(value: object) -> Decimal | None:
    """The value as a finite Decimal, or None when it is not a number.

    Accepts Decimals, ints, floats (through their shortest form, so 2.5 is exactly 2.5) and
    strings of digits with a decimal point or comma; refuses booleans, NaN and infinities.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    elif isinstance(value, str) and TYPED_NUMBER.fullmatch(value.strip()):
        number = Decimal(value.strip().replace(",", "."))
    else:
        return None
    return number if number.is_finite() else None


def score_problems(value: object) -> list[str]:
    """What is wrong with one score, in the user's language; empty when it is acceptable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return [str(MISSING)]
    number = parse_score(value)
    if number is None:
        return [str(NOT_A_NUMBER)]
    problems = []
    if not LOWEST <= number <= HIGHEST:
        problems.append(str(OUT_OF_RANGE))
    if (number * 2) != (number * 2).to_integral_value():
        problems.append(str(NOT_HALF_POINTS))
    return problems


def validate_scores(scores: Mapping[str, object], criteria: Iterable[Criterion]) -> dict[str, list[str]]:
    """Problems per key: every criterion needs a score from 0 to 5 in half points, and no key
    may name anything else. An empty result means the sheet is complete and valid."""
    keys = [criterion.key for criterion in criteria]
    problems = {key: found for key in keys if (found := score_problems(scores.get(key)))}
    problems.update({key: [str(UNKNOWN)] for key in scores if key not in keys})
    return problems


def weighted_total(scores: Mapping[str, Decimal], criteria: Iterable[Criterion]) -> Decimal:
    """sum(score x weight) / sum(weight), to two decimals rounded half up."""
    criteria = tuple(criteria)
    weights = sum((criterion.weight for criterion in criteria), LOWEST)
    if weights <= 0:
        raise ValueError("the criteria weigh nothing")
    missing = [criterion.key for criterion in criteria if criterion.key not in scores]
    if missing:
        raise ValueError(f"no score for {missing}")
    weighted = sum((scores[criterion.key] * criterion.weight for criterion in criteria), LOWEST)
    return _cents(weighted / weights)


def consolidate(sheets: Sequence[Mapping[str, Decimal] | ScoreSheet], criteria: Iterable[Criterion],
                overall_threshold: Decimal) -> Consolidation:
    """The figures the rapporteur starts from: every review's total and their mean, the mean of
    each criterion, and which thresholds are missed.

    A criterion fails when its mean is below its threshold; the proposal passes when the mean
    total reaches the overall threshold and no criterion fails. The experts disagree when their
    totals spread by more than 1.5 points (1.5 exactly is not a disagreement).
    """
    criteria = tuple(criteria)
    rows = [sheet.scores if isinstance(sheet, ScoreSheet) else sheet for sheet in sheets]
    if not rows:
        raise ValueError("no score sheets to consolidate")
    totals = tuple(weighted_total(row, criteria) for row in rows)
    sums = {criterion.key: sum((row[criterion.key] for row in rows), LOWEST) for criterion in criteria}
    failed = tuple(criterion.key for criterion in criteria
                   if sums[criterion.key] < criterion.threshold * len(rows))
    mean_total = _cents(sum(totals, LOWEST) / len(rows))
    spread = max(totals) - min(totals)
    return Consolidation(
        totals=totals,
        mean_total=mean_total,
        criterion_means={key: _cents(total / len(rows)) for key, total in sums.items()},
        failed_criteria=failed,
        passes_overall=mean_total >= overall_threshold and not failed,
        disagreement=spread > DISAGREEMENT_SPREAD,
        spread=spread,
    )


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)
