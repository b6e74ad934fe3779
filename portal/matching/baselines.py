"""The labelled set's two baselines (its README, "Baselines"), computed on the set given.

* **word overlap (Jaccard)**: the set of lower-cased word tokens (Unicode ``\\w+``, no stemming,
  no stop words removed) of the seeker's needs against the same set of the candidate's offers,
  scored ``|A ∩ B| / |A ∪ B|``;
* **a sentence encoder on joined texts** (the README's is USE multilingual v3): the seeker's needs
  joined with ``"; "`` and embedded as one text, each candidate's offers likewise, scored by
  the cosine of the two vectors.

Each baseline is a ranking, the shape :meth:`LabelledSet.measure` reads: a seeker's record → its
candidates' refs, best first, ties by ``ref``. Pure: the encoder is passed in as a function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from portal.matching.labelled_set import LabelledSet, ranked_by

_WORD = re.compile(r"\w+")
SEPARATOR = "; "

#: A ranking of a labelled set: a seeker's record → its candidates' refs, best first.
Ranking = Callable[[dict], list[str]]
#: Texts → one row per text.
Encode = Callable[[list[str]], np.ndarray]


def words(texts: Iterable[str]) -> frozenset[str]:
    """The distinct lower-cased ``\\w+`` tokens of ``texts``."""
    return frozenset(token for text in texts for token in _WORD.findall(text.lower()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def word_overlap(labelled: LabelledSet) -> Ranking:
    """The word-overlap baseline on ``labelled``."""
    offers = {record["ref"]: words(record.get("offers") or []) for record in labelled.organisations}

    def ranking(seeker: dict) -> list[str]:
        needs = words(seeker.get("needs") or [])
        return ranked_by({candidate["ref"]: jaccard(needs, offers[candidate["ref"]])
                          for candidate in labelled.candidates(seeker)})

    return ranking


def joined_texts(labelled: LabelledSet, encode: Encode) -> Ranking:
    """The encoder baseline on ``labelled``: every organisation's joined offers, and the joined
    needs of every seeker of the set's queries, embedded once by ``encode``. A side with no
    text scores 0."""
    offers = _embedded({record["ref"]: record.get("offers") or []
                        for record in labelled.organisations}, encode)
    needs = _embedded({query["seeker"]: labelled.by_ref[query["seeker"]].get("needs") or []
                       for query in labelled.queries}, encode)

    def ranking(seeker: dict) -> list[str]:
        need = needs.get(seeker["ref"])
        scores = {}
        for candidate in labelled.candidates(seeker):
            offer = offers.get(candidate["ref"])
            scores[candidate["ref"]] = 0.0 if need is None or offer is None else float(offer @ need)
        return ranked_by(scores)

    return ranking


def _embedded(texts: dict[str, list[str]], encode: Encode) -> dict[str, np.ndarray]:
    """Each entry's texts joined and embedded, as a unit vector; an entry with no text is left
    out."""
    refs = [ref for ref, parts in texts.items() if parts]
    if not refs:
        return {}
    rows = np.asarray(encode([SEPARATOR.join(texts[ref]) for ref in refs]), np.float64)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return dict(zip(refs, rows / np.where(norms == 0, 1, norms), strict=True))
