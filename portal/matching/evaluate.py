"""``portal matching evaluate DIR``: the matcher on a labelled set, in a scratch database.

The set has the format of ``tests/data/matching-dev`` (``organisations.jsonl``, ``queries.jsonl``).
Its organisations are imported through the registry's services into a SQLite database in a
temporary folder, published, embedded and indexed exactly as the worker does; then each seeker's
candidates (every organisation in another state) are ranked by :func:`find_matches`, ties broken
by ``ref``, and the metrics of the set's README are averaged.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

#: The baselines printed in the development set's README: (P@5, R@10, nDCG@10).
BASELINES = {
    "word overlap (Jaccard)": {"all": (0.071, 0.196, 0.166), "cross-lingual": (0.046, 0.119, 0.076),
                               "same-language": (0.160, 0.467, 0.478)},
    "USE multilingual v3, joined texts": {"all": (0.307, 0.774, 0.720),
                                          "cross-lingual": (0.309, 0.738, 0.680),
                                          "same-language": (0.300, 0.900, 0.859)},
}
GROUPS = ("all", "cross-lingual", "same-language")


@dataclass
class Result:
    encoder: str
    rows: dict[str, tuple[int, float, float, float]]  #: group → (n, P@5, R@10, nDCG@10)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run(directory: Path, make_app: Callable[[dict], Flask], encoder: str = "auto",
        echo: Callable[[str], None] = print) -> Result:
    """The metrics of the set in ``directory``, measured in a scratch portal that ``make_app``
    (the portal's factory, given by the entry point: a feature never imports it) builds from
    the settings it is passed."""
    organisations = read_jsonl(directory / "organisations.jsonl")
    queries = read_jsonl(directory / "queries.jsonl")
    with tempfile.TemporaryDirectory(prefix="portal-matching-") as folder:
        app = make_app({"PORTAL_DATA_DIR": folder,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/evaluate.sqlite",
                          "MATCHING_ENCODER": encoder})
        # The tasks the imports ask for (embedding, re-indexing) go to a broker in memory, read
        # by no one: the evaluation embeds and indexes by itself, and a worker of the real
        # portal must never be handed the ids of the scratch database.
        app.extensions["celery"].conf.broker_write_url = "memory://"
        with app.app_context():
            try:
                return _evaluate(organisations, queries, encoder, echo)
            finally:
                from portal.extensions import db

                db.session.remove()
                db.engine.dispose()


def _evaluate(organisations: list[dict], queries: list[dict], preference: str, echo) -> Result:
    import flask_migrate

    from portal.extensions import db
    from portal.matching import metrics
    from portal.matching.encoders import get_encoder
    from portal.matching.services import embed_organisations, find_matches, rebuild_index
    from portal.reference.loader import sync_reference_data
    from portal.registry.services import create_organisation, publish_organisation

    flask_migrate.upgrade()
    sync_reference_data()
    encoder = get_encoder(preference)
    echo(f"Encoder: {encoder.name}; importing {len(organisations)} organisations")
    by_ref, ref_of = {}, {}
    for record in organisations:
        organisation = create_organisation(
            name=record["name"], kind=record["kind"], state=record["country"],
            region=record["region"], language=record["language"],
            description=record.get("description", ""), offers=record.get("offers", []),
            needs=record.get("needs", []), technology_fields=record.get("technology_fields", []),
            external_ref=record["ref"], actor="evaluation")
        publish_organisation(organisation.id, "evaluation")
        by_ref[record["ref"]] = record
        ref_of[organisation.id] = record["ref"]
    id_of = {ref: oid for oid, ref in ref_of.items()}
    embed_organisations(list(ref_of), encoder)
    db.session.commit()
    rebuild_index(encoder)
    scores: dict[str, list[tuple[float, float, float]]] = {group: [] for group in GROUPS}
    for query in queries:
        seeker = by_ref[query["seeker"]]
        relevant = query["relevant"]
        matches = find_matches(id_of[seeker["ref"]], limit=None, scope="other_states")
        ranked = [ref for _score, ref in sorted((-m.score, ref_of[m.organisation_id]) for m in matches)]
        seen = set(ranked)
        ranked += sorted(r["ref"] for r in organisations
                         if r["country"] != seeker["country"] and r["ref"] not in seen)
        values = (metrics.precision_at(ranked, relevant, 5), metrics.recall_at(ranked, relevant, 10),
                  metrics.ndcg_at(ranked, relevant, 10))
        cross = any(by_ref[ref]["language"] != seeker["language"] for ref in relevant)
        scores["all"].append(values)
        scores["cross-lingual" if cross else "same-language"].append(values)
    rows = {group: (len(v), *(metrics.mean([x[i] for x in v]) for i in range(3)))
            for group, v in scores.items()}
    return Result(encoder.name, rows)


def report(result: Result) -> list[str]:
    lines = [f"{'matcher':<40} {'queries':<14} {'n':>3} {'P@5':>6} {'R@10':>6} {'nDCG@10':>8}"]
    for group in GROUPS:
        n, p5, r10, ndcg = result.rows[group]
        lines.append(f"{'portal (' + result.encoder + ')':<40} {group:<14} {n:>3} "
                     f"{p5:>6.3f} {r10:>6.3f} {ndcg:>8.3f}")
    for name, groups in BASELINES.items():
        for group in GROUPS:
            n = result.rows[group][0]
            p5, r10, ndcg = groups[group]
            lines.append(f"{'baseline: ' + name:<40} {group:<14} {n:>3} {p5:>6.3f} {r10:>6.3f} {ndcg:>8.3f}")
    return lines
