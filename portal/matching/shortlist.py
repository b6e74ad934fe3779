"""Which organisations of the index a ranking scores in full.

The served ranking scores a shortlist: the organisations met best by each part of the score
that rests on text, the union of the ``wanted`` best by need → offer, by need → description
and (when the seeker offers something) by offer → need, each found through the inverted lists
of :class:`~portal.matching.index.VectorSet`. The exhaustive ranking scores every organisation
in scope, chunk by chunk (:data:`CHUNK` at a time), so that memory stays bounded whatever the
size of the index.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from portal.matching.index import Index

#: Organisations scored at once by the exhaustive ranking.
CHUNK = 4_096


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


def served_shortlist(index: Index, needs: np.ndarray, offers: np.ndarray, wanted: int
                     ) -> np.ndarray:
    """Organisation rows among the ``wanted`` best by need → offer, need → description and
    offer → need (each about ``wanted``), in that order, without repeats."""
    found = []
    if len(needs):
        found.append(index.offers.best_per_organisation(needs, wanted)[0])
        found.append(index.description_set.best_per_organisation(needs, wanted)[0])
    if len(offers):
        found.append(index.needs.best_per_organisation(offers, wanted)[0])
    if not found:
        return np.zeros(0, np.int64)
    rows = np.concatenate(found).astype(np.int64)
    _unique, first = np.unique(rows, return_index=True)
    return rows[np.sort(first)]


def chunks_in_scope(index: Index, organisation_id: int, state: str, region: str, scope: str,
                    border_set) -> Iterator[np.ndarray]:
    """Every organisation row in scope, :data:`CHUNK` at a time."""
    for start in range(0, len(index.organisation_ids), CHUNK):
        rows = np.arange(start, min(start + CHUNK, len(index.organisation_ids)))
        yield rows_in_scope(index, rows, organisation_id, state, region, scope, border_set)
