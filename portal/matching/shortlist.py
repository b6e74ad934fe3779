"""Which organisations of the index a ranking scores in full.

The served ranking scores a shortlist: the organisations met best by each part of the score
that rests on text, the union of the ``wanted`` best by need → offer, by need → description
and (when the seeker offers something) by offer → need, each found through the inverted lists
of :class:`~portal.matching.index.VectorSet`. The exhaustive ranking scores every organisation
in scope, chunk by chunk (:data:`CHUNK` at a time), so that memory stays bounded whatever the
size of the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from portal.matching.index import Index
from portal.matching.scoring import DEFAULT_WEIGHTS

#: Organisations scored at once by the exhaustive ranking.
CHUNK = 4_096
#: Organisations taken from each scan (by need → offer, need → description, offer → need)
#: before the best of them by the cosines met are scored in full.
DEPTH = 800


def neighbour_regions(region: str, border_set) -> set[str]:
    """The regions that border ``region``."""
    return {r for pair in border_set if region in pair for r in pair} - {region}


def rows_in_scope(index: Index, rows: np.ndarray, organisation_id: int, state: str, region: str,
                  scope: str, border_set) -> np.ndarray:
    """``rows`` (organisation rows of the index) less the seeker's own and those the scope
    leaves out: a row of the seeker's state for ``other_states``, of a region that does not
    border the seeker's for ``cross_border``."""
    keep = index.organisation_ids[rows] != organisation_id
    if scope == "cross_border":
        codes = [i for i, code in enumerate(index.meta["regions"])
                 if code in neighbour_regions(region, border_set)]
        keep &= np.isin(index.region[rows], codes)
    elif scope == "other_states":
        states = index.meta["states"]
        keep &= index.state[rows] != (states.index(state) if state in states else -1)
    return rows[keep]


def served_shortlist(index: Index, needs: np.ndarray, offers: np.ndarray, wanted: int,
                     in_scope: Callable[[np.ndarray], np.ndarray],
                     profile_score: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """The ``wanted`` organisation rows in scope (``in_scope`` keeps those of a list of rows)
    with the best score as far as the scans saw it: of the :data:`DEPTH` best by need → offer,
    need → description and offer → need each, the cosines met weighed as in the score (a cosine
    the scans did not meet counts 0), plus ``profile_score``, the part that rests on no text."""
    weights = DEFAULT_WEIGHTS
    found = []
    if len(needs):
        found.append((weights.need_offer, index.offers.best_per_organisation(needs, DEPTH)))
        found.append((weights.need_description,
                      index.description_set.best_per_organisation(needs, DEPTH)))
    if len(offers):
        found.append((weights.reverse, index.needs.best_per_organisation(offers, DEPTH)))
    if not found:
        return np.zeros(0, np.int64)
    score = np.zeros(len(index.organisation_ids), np.float32)
    for weight, (owners, best, *_rest) in found:
        score[owners] += weight * best
    rows = np.unique(np.concatenate([owners for _weight, (owners, *_rest) in found]))
    rows = in_scope(rows.astype(np.int64))
    score[rows] += profile_score(rows)
    if len(rows) > wanted:
        rows = rows[np.argpartition(-score[rows], wanted - 1)[:wanted]]
    return rows[np.argsort(-score[rows], kind="stable")]


def chunks_in_scope(index: Index, organisation_id: int, state: str, region: str, scope: str,
                    border_set) -> Iterator[np.ndarray]:
    """Every organisation row in scope, :data:`CHUNK` at a time."""
    for start in range(0, len(index.organisation_ids), CHUNK):
        rows = np.arange(start, min(start + CHUNK, len(index.organisation_ids)))
        yield rows_in_scope(index, rows, organisation_id, state, region, scope, border_set)
