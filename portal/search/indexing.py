"""A document's postings: pure, so that the index can be computed without a database."""

from __future__ import annotations

from collections import Counter

from portal.core.caps import indexed_texts
from portal.search.documents import FIELD_WEIGHTS, Document
from portal.search.lexicon import terms

K1 = 1.2
B = 0.75
TYPE_PREFIX = "type:"
STATE_PREFIX = "state:"
REGION_PREFIX = "region:"
KIND_PREFIX = "kind:"
TECHNOLOGY_PREFIX = "tf:"
NACE_PREFIX = "nace:"
#: A cluster's classification: cross-border, transnational or national (DESIGN 4.10).
CLASSIFICATION_PREFIX = "class:"
#: The facet each attribute term counts for, by prefix (a NACE term only when a division).
FACET_PREFIXES = {"type": TYPE_PREFIX, "state": STATE_PREFIX, "region": REGION_PREFIX,
                  "kind": KIND_PREFIX, "technology_field": TECHNOLOGY_PREFIX, "nace": NACE_PREFIX,
                  "classification": CLASSIFICATION_PREFIX}


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


def attribute_terms(document: Document) -> set[str]:
    """The terms filters and facets read: kind of document, state, region, kind of
    organisation, technology fields, NACE division, group and class, a cluster's
    classification (they hold a colon, so they never meet a query's words in the term
    counts)."""
    found = {TYPE_PREFIX + document.kind}
    if document.state_code:
        found.add(STATE_PREFIX + document.state_code)
    if document.region_code:
        found.add(REGION_PREFIX + document.region_code)
    if document.category:
        found.add(KIND_PREFIX + document.category)
    found.update(TECHNOLOGY_PREFIX + key for key in document.technology_fields)
    found.update(nace_terms(document.nace_codes))
    if document.classification:
        found.add(CLASSIFICATION_PREFIX + document.classification)
    return {term[:80] for term in found}


_FACET_OF_PREFIX = {prefix: facet for facet, prefix in FACET_PREFIXES.items()}


def facet_of(term: str) -> str | None:
    """The facet an attribute term is counted in, or None (a word, a NACE group or class)."""
    prefix, colon, value = term.partition(":")
    facet = _FACET_OF_PREFIX.get(prefix + colon)
    return None if facet == "nace" and "." in value else facet


def postings(document: Document) -> tuple[dict[str, float], float]:
    """``({term: weighted frequency}, length)``: the text terms weighted by field, from the
    start of each field (:func:`portal.core.caps.indexed_texts`)."""
    weights: Counter[str] = Counter()
    for field_name, texts in document.fields.items():
        factor = FIELD_WEIGHTS[field_name]
        for text in indexed_texts(texts):
            for term in terms(text):
                weights[term[:80]] += factor
    return dict(weights), float(sum(weights.values()))


def impact(weight: float, length: float, average_length: float) -> float:
    """BM25's term-frequency part of one posting: what it adds to a score, per unit of idf."""
    norm = K1 * (1 - B + B * length / (average_length or 1.0))
    return weight * (K1 + 1) / (weight + norm)
