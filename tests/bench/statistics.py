"""Statistics benchmark: the public statistics page and API with 100 and with 1,000 funded
projects (and as many other submitted proposals), on a scratch database (PostgreSQL when
``DATABASE_URL`` names a server, SQLite otherwise).

``python -m tests.bench.statistics [--sizes 100,1000] [--requests 30]`` fills the database with
:mod:`tests.statistics.growth`, then for each size and path sends ``--requests`` requests through
the Flask test client (in this process: no HTTP server, one request at a time) and prints the
SQL statements of one request, the median and the 95th percentile latency. The statement count
must be the same at every size (``tests/perf/test_statistics_counts.py`` asserts it); the
latencies are figures, never a pass or fail, and the machine's load is printed beside them.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from portal import create_app
from portal.extensions import db
from tests.bench.__main__ import percentile
from tests.conftest import app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database
from tests.statistics import growth

PATHS = ("/statistics", "/api/v1/statistics", "/api/v1/statistics?call={call}")


def measure(app, path: str, requests: int) -> tuple[int, list[float]]:
    """The statements of one request of ``path`` and the latencies (ms) of ``requests`` more."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get(path).status_code == 200  # warm
    sent: list[str] = []

    def record(*args):
        sent.append(args[2])
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    latencies = []
    for _ in range(requests):
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        latencies.append((time.perf_counter() - start) * 1000)
    return len(sent), latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    sizes = sorted(int(size) for size in options.sizes.split(","))
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-statistics-"))
    url = create_scratch_database(folder, "statistics")
    try:
        app = create_app(app_settings(folder, url))
        migrate_to_head(app)
        backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, database {backend}")
        with app.app_context():
            base = growth.ground()
            db.session.commit()
        made = 0
        print(f"{'projects':>8}  {'path':<40} {'statements':>10} {'p50 ms':>8} {'p95 ms':>8}")
        for size in sizes:
            with app.app_context():
                growth.grow(base, size - made)
                db.session.commit()
            made = size
            for path in PATHS:
                path = path.format(call=base.call_ids[0])
                statements, latencies = measure(app, path, options.requests)
                print(f"{size:>8}  {path:<40} {statements:>10} "
                      f"{percentile(latencies, 0.5):>8.1f} {percentile(latencies, 0.95):>8.1f}")
        print(f"Load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        with app.app_context():
            db.engine.dispose()
    finally:
        drop_scratch_database(url)


if __name__ == "__main__":
    main()
