"""A labelled matching set, and how any ranking of it is measured: pure, no database.

The set has the format of ``tests/data/matching-dev`` (``organisations.jsonl``, ``queries.jsonl``;
its README defines everything here). A seeker's candidates are the organisations of the other
member states; a ranking is scored by P@5, R@10 and nDCG@10, averaged over all queries, over the
cross-lingual ones (a listed partner writes in another language than the seeker) and over the
others. The portal and every baseline are measured by the same :meth:`LabelledSet.measure`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from portal.matching import metrics

GROUPS = ("all", "cross-lingual", "same-language")

#: A group's row: (queries, P@5, R@10, nDCG@10).
Row = tuple[int, float, float, float]


class InvalidSet(ValueError):
    """The files are not a labelled set: the message says which line of which file, and why."""


def read_jsonl(path: Path) -> list[dict]:
    """The JSON object on each non-blank line of ``path``."""
    try:
        with path.open(encoding="utf-8") as handle:
            lines = [(number, line) for number, line in enumerate(handle, 1) if line.strip()]
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidSet(f"{path.name}: cannot be read ({error})") from error
    records = []
    for number, line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidSet(f"{path.name}, line {number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise InvalidSet(f"{path.name}, line {number}: not a JSON object")
        records.append(record)
    return records


def ranked_by(scores: Mapping[str, float]) -> list[str]:
    """The refs best first, ties broken by ``ref`` ascending (the set's rule)."""
    return sorted(scores, key=lambda ref: (-scores[ref], ref))


@dataclass
class LabelledSet:
    organisations: list[dict]
    queries: list[dict]
    by_ref: dict[str, dict] = field(init=False)

    def __post_init__(self) -> None:
        self.by_ref = {record["ref"]: record for record in self.organisations}

    @classmethod
    def read(cls, directory: Path) -> LabelledSet:
        """The set in ``directory``; :class:`InvalidSet` if a file is missing or malformed, or a
        query names an organisation the set does not have."""
        organisations = read_jsonl(directory / "organisations.jsonl")
        for number, record in enumerate(organisations, 1):
            missing = [key for key in ("ref", "country", "language") if key not in record]
            if missing:
                raise InvalidSet(f"organisations.jsonl, organisation {number}: no "
                                 + ", ".join(missing))
        labelled = cls(organisations, read_jsonl(directory / "queries.jsonl"))
        for number, query in enumerate(labelled.queries, 1):
            relevant = query.get("relevant")
            if not isinstance(relevant, dict) or not relevant:
                raise InvalidSet(f"queries.jsonl, query {number}: no relevant partners")
            unknown = [ref for ref in (query.get("seeker"), *relevant)
                       if ref not in labelled.by_ref]
            if unknown:
                raise InvalidSet(f"queries.jsonl, query {number}: unknown organisation "
                                 f"{unknown[0]!r}")
        return labelled

    def candidates(self, seeker: dict) -> list[dict]:
        """The organisations of the other member states, in ``ref`` order."""
        return sorted((record for record in self.organisations
                       if record["country"] != seeker["country"]), key=lambda r: r["ref"])

    def is_cross_lingual(self, query: dict) -> bool:
        seeker = self.by_ref[query["seeker"]]
        return any(self.by_ref[ref]["language"] != seeker["language"] for ref in query["relevant"])

    def complete(self, seeker: dict, ranked: list[str]) -> list[str]:
        """``ranked`` (candidates only, best first) followed by the candidates it left out, in
        ``ref`` order: a ranking that returns fewer than all of them is measured as the set says."""
        candidates = [record["ref"] for record in self.candidates(seeker)]
        allowed = set(candidates)
        kept = [ref for ref in ranked if ref in allowed]
        seen = set(kept)
        return kept + [ref for ref in candidates if ref not in seen]

    def measure(self, ranking: Callable[[dict], list[str]]) -> dict[str, Row]:
        """The metrics of ``ranking`` (a seeker's record → refs of its candidates, best first)
        by group."""
        values: dict[str, list[tuple[float, float, float]]] = {group: [] for group in GROUPS}
        for query in self.queries:
            seeker = self.by_ref[query["seeker"]]
            ranked = self.complete(seeker, ranking(seeker))
            relevant = query["relevant"]
            found = (metrics.precision_at(ranked, relevant, 5),
                     metrics.recall_at(ranked, relevant, 10), metrics.ndcg_at(ranked, relevant, 10))
            values["all"].append(found)
            values["cross-lingual" if self.is_cross_lingual(query) else "same-language"].append(found)
        return {group: (len(v), metrics.mean([x[0] for x in v]), metrics.mean([x[1] for x in v]),
                        metrics.mean([x[2] for x in v]))
                for group, v in values.items()}
