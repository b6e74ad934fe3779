"""A bulk import made matchable: ``python -m tests.bench.bulk_import [--count N]``.

Writes N lines in the format of ``tests/data/matching-dev/organisations.jsonl`` (each a profile
recombined from the development set's texts of one language: its real descriptions, 2 to 6
needs and 2 to 6 offers, Russian or English, regions and technology fields of its state), then,
in a scratch database (SQLite, or the PostgreSQL server of ``DATABASE_URL``):

1. runs ``portal import organisations FILE --publish`` (the command itself, which commits and
   sends the embedding tasks to the embedded filesystem broker after the commit);
2. runs the embedding tasks that import queued, **in this process** (the task functions called
   one after the other, as one worker process with concurrency 1 would; the broker's messages
   are counted, not consumed): with both encoders installed, the fast pass;
3. builds this host's copy of the index once (as a host does when an import outgrows its
   overlay of recent changes, :mod:`portal.matching.replica`) and asks for matches of the last
   imported organisation;
4. refines a few batches with the slow encoder (the task's own function) to give its rate.

One BLAS thread (``OPENBLAS_NUM_THREADS=1``) unless the environment says otherwise.

Prints each step's time and the machine's load average. Nothing here asserts a speed.
"""

from __future__ import annotations

import os

# One BLAS thread per process, as the README advises for the worker on a small machine: on two
# shared cores, BLAS threads spinning for a core that other processes hold make USE ten times
# slower (measured: 30 texts/s with the default threads, 470 with one, under a load of 10).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from portal import create_app
from portal.extensions import db
from portal.matching import refine, services, tasks
from portal.matching.models import OrganisationVector
from portal.registry.models import Organisation
from tests.conftest import app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "matching-dev" / "organisations.jsonl"


def load_avg() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def generate(count: int, path: Path, seed: int = 0) -> int:
    """Write ``count`` lines; returns the number of needs and offers written."""
    rng = random.Random(seed)
    dev = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    pools: dict[str, dict[str, list[str]]] = {}
    for row in dev:
        pool = pools.setdefault(row["language"], {"needs": [], "offers": [], "description": []})
        pool["needs"] += row["needs"]
        pool["offers"] += row["offers"]
        pool["description"].append(row["description"])
    texts = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            model = dev[i % len(dev)]
            pool = pools[model["language"]]
            needs = rng.sample(pool["needs"], rng.randint(2, 6))
            offers = rng.sample(pool["offers"], rng.randint(2, 6))
            texts += len(needs) + len(offers)
            out.write(json.dumps({
                "ref": f"bulk-{i:06d}", "name": f"{model['name']} ({i})",
                "country": model["country"], "region": model["region"], "kind": model["kind"],
                "technology_fields": model["technology_fields"], "language": model["language"],
                "description": rng.choice(pool["description"]), "offers": offers, "needs": needs,
            }, ensure_ascii=False) + "\n")
    return texts


def queued_messages(folder: Path) -> int:
    queue = folder / "broker" / "queue"
    return sum(1 for _ in queue.iterdir()) if queue.is_dir() else 0


def run(count: int, refine_batches: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-import-"))
    url = create_scratch_database(folder, "bulkimport")
    try:
        app = create_app(app_settings(folder, url))
        migrate_to_head(app)
        lines = folder / "organisations.jsonl"
        texts = generate(count, lines)
        print(f"{count:,} lines, {texts:,} needs and offers (+ {count:,} descriptions); "
              f"{load_avg()}")
        with app.app_context():
            layout = refine.current_layout()
            print(f"encoder: {services.get_encoder().name}; "
                  f"{'fast first: ' + layout.fast.name if layout else 'no fast pass (one encoder)'}")
            db.session.rollback()
        started = time.perf_counter()
        result = app.test_cli_runner().invoke(
            args=["import", "organisations", str(lines), "--publish"])
        assert result.exit_code == 0, result.output
        imported = time.perf_counter()
        print(f"import (command, commit and sending its tasks): {imported - started:.1f} s; "
              f"{queued_messages(folder)} messages queued; {load_avg()}")
        with app.app_context():
            ids = list(db.session.scalars(select(Organisation.id).order_by(Organisation.id)))
            db.session.rollback()
        batches = [ids[i:i + services.EMBED_BATCH] for i in range(0, len(ids), services.EMBED_BATCH)]
        for batch in batches:
            tasks.embed_organisations(batch)
        embedded = time.perf_counter()
        with app.app_context():
            stored = db.session.scalar(select(func.count()).select_from(OrganisationVector))
            db.session.rollback()
        print(f"fast embedding ({len(batches)} tasks, in process): {embedded - imported:.1f} s, "
              f"{stored:,} vectors, {stored / (embedded - imported):,.0f} texts/s; {load_avg()}")
        with app.app_context():
            services.rebuild_index()  # what each host does once the import outgrows its overlay
            db.session.rollback()
        built = time.perf_counter()
        print(f"index build: {built - embedded:.1f} s; {load_avg()}")
        with app.app_context():
            matches = services.find_matches(ids[-1], limit=10)
            indexed = ids[-1] in services.current_index().row_of
            db.session.rollback()
        matchable = time.perf_counter()
        print(f"last organisation indexed: {indexed}, {len(matches)} matches; matchable "
              f"{matchable - started:.1f} s after the import began; {load_avg()}")
        if layout is None:
            return
        refined = 0
        slow_start = time.perf_counter()
        with app.app_context():
            for _batch in range(refine_batches):
                refined += refine.refine_batch(layout)
                db.session.commit()
            pending = refine.pending_texts()
            db.session.rollback()
        rate = refined / (time.perf_counter() - slow_start)
        print(f"slow encoder (refine_batch, in process): {refined} texts in "
              f"{time.perf_counter() - slow_start:.1f} s, {rate:.1f} texts/s; the "
              f"{pending:,} left would take {pending / rate / 3600:.1f} h on one core; "
              f"{load_avg()}")
        with app.app_context():
            db.engine.dispose()
    finally:
        drop_scratch_database(url)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--refine-batches", type=int, default=2)
    arguments = parser.parse_args()
    run(arguments.count, arguments.refine_batches)


if __name__ == "__main__":
    main()
