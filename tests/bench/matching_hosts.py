"""Matching on many hosts: how long a host takes to build its copy of the index from the
database, and how long a changed profile takes to be matched on a host that did not build it.
Run ``python -m tests.bench.matching_hosts [--organisations 100000]`` (a SQLite file, or a
scratch PostgreSQL database when ``DATABASE_URL`` names a server).

Organisations and their vectors are inserted straight into the database (synthetic vectors of
one 384-dimension encoder, drawn around 2,000 topics as in :mod:`tests.bench.matching`; a need
for half of them, one or two offers and a description each): embedding them would measure the
encoder. The change is what the worker's task writes, new vectors and a logged change in one
transaction; the figure runs from its commit until the other host's ranking returns the
organisation (the host looks at the log every ``MATCHING_CHANGES_POLL_SECONDS``, 1 s by
default). Nothing here asserts a speed.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from sqlalchemy import insert, select, update

from portal import create_app
from portal.extensions import db
from portal.matching import changes, replica
from portal.matching.encoders import Role
from portal.matching.index import normalise
from portal.matching.models import OrganisationVector
from portal.matching.services import Seeker, rank
from portal.reference.models import Region
from portal.registry.models import Organisation, ProfileStatus
from tests.conftest import app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database

DIM = 384
ENCODER = SimpleNamespace(name="synthetic-384", dim=DIM, parts=(DIM,))
BATCH = 5_000


def _vectors(rng, topics: np.ndarray, count: int) -> np.ndarray:
    base = topics[rng.integers(0, len(topics), count)]
    return normalise(base + 0.3 * rng.standard_normal((count, DIM)).astype(np.float32))


def _insert(n: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    topics = normalise(rng.standard_normal((2000, DIM)).astype(np.float32))
    places = db.session.execute(select(Region.state_code, Region.code)).all()
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        ids = list(db.session.scalars(insert(Organisation).returning(Organisation.id), [
            {"name": f"Synthetic {start + i}", "kind": "enterprise",
             "state_code": places[(start + i) % len(places)][0],
             "region_code": places[(start + i) % len(places)][1],
             "language": "ru" if i % 2 else "en", "status": ProfileStatus.PUBLISHED,
             "needs": ["need"] if i % 2 == 0 else [], "offers": ["offer", "offer"][:1 + i % 2],
             "description": "description"} for i in range(count)]))
        rows = []
        for i, organisation_id in enumerate(ids):
            texts = [("offer", p) for p in range(1 + i % 2)] + [("description", 0)]
            texts += [("need", 0)] if i % 2 == 0 else []
            for (kind, position), vector in zip(texts, _vectors(rng, topics, len(texts)),
                                                strict=True):
                rows.append({"organisation_id": organisation_id, "kind": kind,
                             "position": position, "text_hash": "-", "model": ENCODER.name,
                             "vector": vector.astype("<f4").tobytes()})
        db.session.execute(insert(OrganisationVector), rows)
        db.session.commit()


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _seeker(index, organisation_id: int, need: np.ndarray):
    organisation = db.session.get(Organisation, organisation_id)
    needs = index.centre(need[None, :], organisation.language, Role.NEED)
    seeker = Seeker(organisation.id, organisation.state_code, organisation.region_code,
                    organisation.kind, frozenset())
    return seeker, needs


def _change(organisation_id: int, offer: np.ndarray) -> float:
    """What the worker's task commits for a changed profile; returns the commit's time."""
    db.session.execute(update(OrganisationVector).where(
        OrganisationVector.organisation_id == organisation_id,
        OrganisationVector.kind == "offer", OrganisationVector.position == 0)
        .values(vector=offer.astype("<f4").tobytes()))
    changes.record_change(organisation_id)
    db.session.commit()
    return time.perf_counter()


def run(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-hosts-") as scratch:
        url = create_scratch_database(Path(scratch), "hosts")
        try:
            worker = create_app(app_settings(Path(scratch, "worker"), url))
            web = create_app(app_settings(Path(scratch, "web"), url))
            migrate_to_head(worker)
            with worker.app_context():
                start = time.perf_counter()
                _insert(n)
                print(f"{n:,} organisations and their vectors inserted in "
                      f"{time.perf_counter() - start:.1f} s")
            with web.app_context():
                start = time.perf_counter()
                replica.build_copy(ENCODER)
                print(f"base built from the database in {time.perf_counter() - start:.1f} s"
                      f"   [{_uptime()}]")
                first = time.perf_counter()
                replica.current_index()
                print(f"first look at the log: {1000 * (time.perf_counter() - first):.1f} ms")
                db.session.rollback()
            rng = np.random.default_rng(1)
            for attempt in range(3):
                need = normalise(rng.standard_normal((1, DIM)).astype(np.float32))[0]
                seeker_id, changed_id = 2 * attempt + 2, n - 2 * attempt
                with worker.app_context():
                    committed = _change(changed_id, need)
                with web.app_context():
                    while True:
                        index = replica.current_index()
                        seeker, needs = _seeker(index, seeker_id, need)
                        ranked = rank(index, seeker, needs, np.zeros((0, DIM), np.float32), "all",
                                      frozenset(), 10)
                        db.session.rollback()
                        if ranked and ranked[0].organisation_id == changed_id:
                            break
                        time.sleep(0.05)
                    seen = time.perf_counter() - committed
                    start = time.perf_counter()
                    for _ in range(20):
                        rank(index, seeker, needs, np.zeros((0, DIM), np.float32), "all",
                             frozenset(), 10)
                    ranking = (time.perf_counter() - start) / 20
                print(f"change {attempt + 1}: matched first on the other host {seen:.2f} s after "
                      f"its commit; a ranking with the overlay {1000 * ranking:.1f} ms"
                      f"   [{_uptime()}]")
        finally:
            with worker.app_context():
                db.engine.dispose()
            with web.app_context():
                db.engine.dispose()
            drop_scratch_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    arguments = parser.parse_args()
    run(arguments.organisations)


if __name__ == "__main__":
    main()
