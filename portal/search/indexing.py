"""A document's postings: pure, so that the index can be computed without a database."""

from __future__ import annotations

from collections import Counter

from portal.search.documents import FIELD_WEIGHTS, Document
from portal.search.lexicon import terms

TECHNOLOGY_PREFIX = "tf:"
NACE_PREFIX = "nace:"


def nace_terms(codes: list[str]) -> set[str]:
    """``nace:`` terms for the division, group and class of each code (``21.20/…`` gives
    ``nace:21``, ``nace:21.2`` and ``nace:21.20``), so a filter matches by prefix."""
    found = set()
    for code in codes:
        nace_class = code.partition("/")[0].strip()
        division, _dot, rest = nace_class.partition(".")
        found.add(NACE_PREFIX + division)
        if rest:
            found.add(f"{NACE_PREFIX}{division}.{rest[:1]}")
            found.add(f"{NACE_PREFIX}{division}.{rest}")
    return found


def postings(document: Document) -> tuple[dict[str, float], float]:
    """``({term: weighted frequency}, length)``: the text terms weighted by field, then the
    filter attributes with no weight (they never meet a query's words: they hold a colon)."""
    weights: Counter[str] = Counter()
    for field_name, texts in document.fields.items():
        factor = FIELD_WEIGHTS[field_name]
        for text in texts:
            for term in terms(text):
                weights[term[:80]] += factor
    length = float(sum(weights.values()))
    result = dict(weights)
    for key in document.technology_fields:
        result[TECHNOLOGY_PREFIX + key] = 0.0
    for term in nace_terms(document.nace_codes):
        result[term] = 0.0
    return result, length
