"""Foundation benchmarks: the classifier, reference API latency and audit-log appends.

Runs on a scratch database (SQLite, or the PostgreSQL server of ``DATABASE_URL``) and prints
figures for the README. Nothing here asserts a speed.
"""

from __future__ import annotations

import csv
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from portal import create_app
from portal.core import audit
from portal.extensions import db
from portal.reference.classifier import classify
from tests.conftest import app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database

DATA = Path(__file__).resolve().parents[2] / "portal" / "reference" / "data"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench_classifier() -> str:
    with (DATA / "eaeu_border_pairs.csv").open(encoding="utf-8") as handle:
        borders = [(row["region_a"], row["region_b"]) for row in csv.DictReader(handle)]
    sets = [["RU-ALT", "KZ-55", "KZ-10"], ["AM-ER", "RU-SPE"], ["BY-VI", "RU-SMO", "KZ-79", "KG-C"]]
    runs = 20_000
    start = time.perf_counter()
    for i in range(runs):
        classify(sets[i % 3], borders)
    per_call = (time.perf_counter() - start) / runs * 1e6
    return f"classifier: {per_call:.1f} µs per call ({runs} calls)"


def bench_requests(app) -> str:
    client = app.test_client()
    timings = {"/api/v1/regions?state=RU&per_page=100": [], "/api/v1/classify?region=RU-ORE&region=KZ-27": [],
               "/": []}
    for _round in range(200):
        for path, values in timings.items():
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            values.append((time.perf_counter() - start) * 1000)
    return "\n".join(f"GET {path}: median {statistics.median(v):.1f} ms, p95 {percentile(v, 0.95):.1f} ms"
                     for path, v in timings.items())


def bench_audit(app) -> str:
    with app.app_context():
        count = 500
        start = time.perf_counter()
        for i in range(count):
            audit.record("bench.append", "bench", f"bench:{i}", i=i)
            db.session.commit()
        rate = count / (time.perf_counter() - start)
        start = time.perf_counter()
        checked, broken = audit.verify()
        verify_rate = checked / (time.perf_counter() - start)
        assert broken is None
    return f"audit log: {rate:.0f} appends/s (one commit each); verify {verify_rate:.0f} entries/s"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    url = create_scratch_database(folder, "bench")
    try:
        app = create_app(app_settings(folder, url))
        migrate_to_head(app)
        backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, database {backend}")
        print(bench_classifier())
        print(bench_requests(app))
        print(bench_audit(app))
        with app.app_context():
            db.engine.dispose()
    finally:
        drop_scratch_database(url)


if __name__ == "__main__":
    main()
