"""How much of the exhaustive ranking the served ranking finds: recall@K and the time of each.

The seekers are organisations of the index itself, drawn with a fixed seed among those with
needs or offers; their vectors are read from the index (centred already), so the measure needs
neither the database nor an encoder. recall@K of one seeker is the share of the exhaustive top
K that the served top K holds (over fewer than K when fewer organisations are in scope; 1 when
none is), averaged over the seekers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from portal.matching.index import Index
from portal.matching.services import Seeker, rank

SEED = 15
MAX_SAMPLE = 10_000
MAX_LIMIT = 50


@dataclass(frozen=True)
class Recall:
    """recall@``limit`` over ``seekers`` and the milliseconds of each ranking, in order."""

    limit: int
    seekers: int
    recall: float
    served_ms: tuple[float, ...]
    exhaustive_ms: tuple[float, ...]


def recall_at(served: list[int], exhaustive: list[int], limit: int) -> float:
    """The share of the exhaustive top ``limit`` that the served top ``limit`` holds."""
    wanted = set(exhaustive[:limit])
    return len(wanted & set(served[:limit])) / len(wanted) if wanted else 1.0


def percentile(values, share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank); 0 for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def seeker_rows(index: Index, sample: int, seed: int = SEED) -> np.ndarray:
    """Up to ``sample`` organisation rows with needs or offers, drawn with ``seed``."""
    counts = (np.diff(index.needs.org_start) + np.diff(index.offers.org_start)
              if len(index.organisation_ids) else np.zeros(0, np.int64))
    rows = np.flatnonzero(counts > 0)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(rows, min(sample, len(rows)), replace=False))


def seeker_of(index: Index, row: int) -> tuple[Seeker, np.ndarray, np.ndarray]:
    """The organisation of ``row`` as a seeker, with its centred needs and offers."""
    seeker = Seeker(int(index.organisation_ids[row]), index.state_code(row),
                    index.region_code(row), index.kind_of(row), frozenset(index.fields_of(row)))
    needs = np.asarray(index.needs.rows[index.needs.of_organisation(row)])
    offers = np.asarray(index.offers.rows[index.offers.of_organisation(row)])
    return seeker, needs, offers


def timed_ranking(index: Index, row: int, border_set, limit: int, scope: str,
                  exhaustive: bool) -> tuple[list[int], float]:
    """The ids ranked for the organisation of ``row`` and the milliseconds the ranking took."""
    seeker, needs, offers = seeker_of(index, row)
    start = time.perf_counter()
    matches = rank(index, seeker, needs, offers, scope, border_set, limit, exhaustive=exhaustive)
    return [m.organisation_id for m in matches], (time.perf_counter() - start) * 1000


def measure(index: Index, border_set, sample: int = 200, limit: int = 10,
            scope: str = "other_states") -> Recall:
    """recall@``limit`` of the served ranking against the exhaustive one, for ``sample``
    seekers (bounded to :data:`MAX_SAMPLE` and :data:`MAX_LIMIT`)."""
    sample, limit = max(1, min(sample, MAX_SAMPLE)), max(1, min(limit, MAX_LIMIT))
    recalls, served_ms, exhaustive_ms = [], [], []
    for row in seeker_rows(index, sample):
        served, served_time = timed_ranking(index, int(row), border_set, limit, scope, False)
        everything, exhaustive_time = timed_ranking(index, int(row), border_set, limit, scope, True)
        recalls.append(recall_at(served, everything, limit))
        served_ms.append(served_time)
        exhaustive_ms.append(exhaustive_time)
    return Recall(limit, len(recalls), float(np.mean(recalls)) if recalls else 1.0,
                  tuple(served_ms), tuple(exhaustive_ms))


def report(result: Recall) -> list[str]:
    """The lines ``portal matching recall`` prints."""
    return [
        f"recall@{result.limit} over {result.seekers} organisations: {result.recall:.4f}",
        f"served ms: p50 {percentile(result.served_ms, 0.5):.1f}, "
        f"p95 {percentile(result.served_ms, 0.95):.1f}",
        f"exhaustive ms: p50 {percentile(result.exhaustive_ms, 0.5):.1f}, "
        f"p95 {percentile(result.exhaustive_ms, 0.95):.1f}",
    ]
