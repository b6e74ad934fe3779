"""The cross-border classifier of DESIGN 4.1, as a pure function.

A set of organisations (given by their regions) is *national* when it lies within one member
state; *cross-border* when every member's region shares a land border with the region of at
least one member from another member state; otherwise *transnational*. The border pairs that
make it cross-border are returned for display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Classification(StrEnum):
    CROSS_BORDER = "cross_border"
    TRANSNATIONAL = "transnational"
    NATIONAL = "national"


@dataclass(frozen=True)
class ClassificationResult:
    classification: Classification
    border_pairs: tuple[tuple[str, str], ...]
    states: tuple[str, ...]

    @property
    def eurasian_programme(self) -> bool:
        """Partners from three or more states: the Union's rule for interstate programmes."""
        return len(self.states) >= 3


def state_of(region: str) -> str:
    return region.split("-", 1)[0]


def classify(regions: Iterable[str], borders: Iterable[tuple[str, str]]) -> ClassificationResult:
    """Classify the members' ``regions`` (repeats allowed) given the inter-state ``borders``."""
    members = sorted(set(regions))
    states = tuple(sorted({state_of(region) for region in members}))
    bordering = {frozenset(pair) for pair in borders}
    pairs = tuple(
        (a, b)
        for i, a in enumerate(members)
        for b in members[i + 1:]
        if state_of(a) != state_of(b) and frozenset((a, b)) in bordering
    )
    if len(states) < 2:
        return ClassificationResult(Classification.NATIONAL, (), states)
    touched = {region for pair in pairs for region in pair}
    if all(region in touched for region in members):
        return ClassificationResult(Classification.CROSS_BORDER, pairs, states)
    return ClassificationResult(Classification.TRANSNATIONAL, pairs, states)
