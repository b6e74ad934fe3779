"""The bilingual domain lexicon: Russian and English words and phrases mapped onto concepts.

``data/lexicon.csv`` has one concept per line: English variants, then Russian ones, each list
separated by ``|``; a variant may be a phrase (``fill-finish``, ``клинические исследования``).
Variants are reduced to stem sequences by :mod:`portal.search.text`, so every inflection of a
listed word meets the concept. A text's terms are its stems plus ``~concept`` terms for each
variant found in it (overlapping phrases all count), and a query gets the same treatment: a
Russian query and an English profile meet on the concept terms.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

from portal.search.text import stems, tokens

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.csv"
CONCEPT_PREFIX = "~"


class Lexicon:
    def __init__(self, rows: list[tuple[list[str], list[str]]]):
        self.phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.variants: dict[str, list[str]] = defaultdict(list)
        for english, russian in rows:
            concept = None
            for variant in english + russian:
                phrase = tuple(stems(variant))
                if not phrase:
                    continue
                concept = concept or CONCEPT_PREFIX + "_".join(phrase)
                self.phrases[phrase].add(concept)
                self.variants[concept].append(variant)
        self.longest = max((len(phrase) for phrase in self.phrases), default=1)
        self.starts = {phrase[0] for phrase in self.phrases}

    def concept_spans(self, stem_sequence: list[str]) -> list[tuple[str, int, int]]:
        """``(concept, first, last + 1)`` for every variant found in ``stem_sequence``."""
        found = []
        for start in range(len(stem_sequence)):
            if stem_sequence[start] not in self.starts:
                continue
            for length in range(1, self.longest + 1):
                phrase = tuple(stem_sequence[start:start + length])
                if len(phrase) < length:
                    break
                for concept in sorted(self.phrases.get(phrase, ())):
                    found.append((concept, start, start + length))
        return found

    def terms(self, text: str) -> list[str]:
        """The stems of ``text`` followed by the concepts found in it (repeats kept: they count)."""
        sequence = stems(text)
        return sequence + [concept for concept, _s, _e in self.concept_spans(sequence)]


@cache
def lexicon() -> Lexicon:
    with LEXICON_PATH.open(encoding="utf-8", newline="") as handle:
        rows = [(_split(row["en"]), _split(row["ru"])) for row in csv.DictReader(handle)]
    return Lexicon(rows)


def _split(cell: str) -> list[str]:
    return [variant.strip() for variant in (cell or "").split("|") if variant.strip()]


def terms(text: str) -> list[str]:
    return lexicon().terms(text)


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in the order they first occur."""
    return list(dict.fromkeys(terms(text)))


def matched_spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` whose stem, or a concept they belong to, is in
    ``wanted`` (for highlighting), in order and merged when they touch."""
    found = tokens(text)
    sequence = [stem for stem, _s, _e in found]
    marked = [stem in wanted for stem in sequence]
    for concept, first, last in lexicon().concept_spans(sequence):
        if concept in wanted:
            marked[first:last] = [True] * (last - first)
    spans: list[tuple[int, int]] = []
    for (_stem, start, end), is_marked in zip(found, marked, strict=True):
        if is_marked:
            spans.append((start, end))
    return spans
