"""Ranking metrics of the matching development set, exactly as its README defines them.

``ranked`` is a list of refs, best first; ``relevant`` maps a ref to its grade (1 or 2); an
unlisted ref has gain 0. Pure functions, no database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def precision_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 5) -> float:
    """Share of the top ``k`` that are listed as relevant (the divisor is ``k``)."""
    return sum(1 for ref in ranked[:k] if ref in relevant) / k


def recall_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    """Listed partners in the top ``k`` over the number of listed partners."""
    if not relevant:
        return 0.0
    return sum(1 for ref in ranked[:k] if ref in relevant) / len(relevant)


def ndcg_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    """DCG@k with linear gains (the grade) over the DCG@k of the ideal ordering."""
    dcg = sum(relevant.get(ref, 0) / math.log2(i + 2) for i, ref in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum(grade / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / best if best else 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
