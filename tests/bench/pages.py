"""Page benchmark: requests per second of the pages and API lists whose lists grow, against
``/healthz``, on one gunicorn.

``python -m tests.bench.pages [--scale 10] [--seconds 8] [--clients 2] [--workers 2]`` fills a
scratch database (PostgreSQL when ``DATABASE_URL`` names a server, SQLite otherwise) with the
lists of the demo grown ``--scale`` times (a cluster of 14 members becomes 140, a proposal of 2
partners 20, a vote session of 3 items 27 ... : :mod:`tests.perf.builders`), starts gunicorn
with the test settings on it, and for each path sends requests from ``--clients`` threads for
``--seconds`` seconds. Prints a table: the SQL statements of one request (counted in this
process with the Flask test client), requests per second, median and 95th percentile latency,
and the rate as a share of ``/healthz``'s. Never fails on timing; the machine's load is printed
with the figures, since other processes share its cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import event, update

from portal import create_app
from portal.accounts import tokens, two_factor
from portal.accounts.models import User
from portal.core.db import utcnow
from portal.extensions import db
from portal.proposals.workflow import ProposalStatus
from portal.search.services import reindex_all
from tests.conftest import app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database
from tests.factories import PASSWORD, make_call, make_user
from tests.perf import builders

ROOT = Path(__file__).resolve().parents[2]


def fill(scale: int) -> dict:
    """The demo's lists times ``scale``; returns the ids and credentials the paths need."""
    secretariat = make_user("secretariat", with_totp=True, email="bench-secretariat@example.com")
    council = {state: make_user(f"council_member:{state}", with_totp=True)
               for state in builders.STATES}
    cluster = builders.cluster()
    builders.add_members(cluster.id, 14 * scale - 1)
    organisation = builders.organisations(1)[0]
    builders.add_clusters_of(organisation.id, 2 * scale)
    draft = builders.add_proposals(1)[0]
    builders.add_partners(draft.id, 2 * scale - 2)
    submitted = builders.add_proposals(1)[0]
    builders.add_partners(submitted.id, 2 * scale - 2)
    builders.set_status(submitted, ProposalStatus.SUBMITTED, submitted_at=utcnow(),
                        snapshot_number=1)
    call = make_call()
    builders.add_proposals(18 * scale - 2, call_id=call.id)
    session = builders.vote_session(secretariat.id)
    builders.add_items(session.id, 3 * scale, {state: user.id for state, user in council.items()})
    builders.add_decisions(5 * scale, secretariat.id)
    builders.add_ads(20 * scale, secretariat.id)
    builders.add_calls(3 * scale)
    _row, token = tokens.create_token(secretariat, "bench", secretariat)
    db.session.commit()
    ids = {"cluster": cluster.id, "organisation": organisation.id, "draft": draft.id,
           "submitted": submitted.id, "session": session.id, "token": token,
           "email": secretariat.email, "totp": secretariat.totp_secret}
    reindex_all()
    db.session.commit()
    return ids


def paths(ids: dict, scale: int) -> list[tuple[str, str, bool]]:
    """``(what, path, signed in)`` of each request measured, ``/healthz`` first."""
    return [
        ("health check", "/healthz", False),
        (f"cluster page, {14 * scale} members", f"/clusters/{ids['cluster']}", False),
        ("cluster API", f"/api/v1/clusters/{ids['cluster']}", True),
        ("clusters register", "/clusters", False),
        (f"organisation page, {2 * scale} clusters", f"/organisations/{ids['organisation']}",
         False),
        (f"draft proposal page, {2 * scale} partners", f"/proposals/{ids['draft']}", True),
        (f"submitted proposal page, {2 * scale} partners", f"/proposals/{ids['submitted']}",
         True),
        ("proposal API", f"/api/v1/proposals/{ids['submitted']}", True),
        ("proposals list page", "/proposals", True),
        ("proposals API, per_page=100", "/api/v1/proposals?per_page=100", True),
        (f"vote session page, {3 * scale} items", f"/council/sessions/{ids['session']}", True),
        ("vote session API", f"/api/v1/vote-sessions/{ids['session']}", True),
        ("decisions register", "/decisions", False),
        ("decisions API, per_page=100", "/api/v1/decisions?per_page=100", False),
        ("ads list page", "/ads", True),
        ("ads API, per_page=100", "/api/v1/ads?per_page=100", True),
        ("calls list page", "/calls", False),
        ("calls API, per_page=100", "/api/v1/calls?per_page=100", False),
        ("search page", "/search?q=titanium", False),
        ("search API, per_page=100", "/api/v1/search?q=titanium&per_page=100", False),
    ]


def statement_counts(app, ids: dict, measured) -> dict[str, int]:
    """The statements one request of each path sends, through the Flask test client."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    _sign_in_test_client(client, ids)
    headers = {"Authorization": f"Bearer {ids['token']}"}
    counts: dict[str, int] = {}
    with app.app_context():
        engine = db.engine
    for _what, path, _signed in measured:
        sent: list[str] = []

        def record(*args, sent=sent):
            sent.append(args[2])
        client.get(path, headers=headers)  # warm
        event.listen(engine, "before_cursor_execute", record)
        try:
            status = client.get(path, headers=headers).status_code
        finally:
            event.remove(engine, "before_cursor_execute", record)
        counts[path] = len(sent) if status == 200 else -status
    return counts


def _sign_in_test_client(client, ids: dict) -> None:
    client.post("/sign-in", data={"email": ids["email"], "password": PASSWORD})
    client.post("/sign-in/code", data={"code": two_factor.current_code(ids["totp"])})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer")


def signed_in_session(base: str, ids: dict) -> requests.Session:
    browser = requests.Session()
    browser.headers["Accept-Language"] = "en"
    browser.post(f"{base}/sign-in", data={"email": ids["email"], "password": PASSWORD},
                 allow_redirects=False)
    answer = browser.post(f"{base}/sign-in/code",
                          data={"code": two_factor.current_code(ids["totp"])},
                          allow_redirects=False)
    assert answer.status_code == 302, answer.text[:300]
    return browser


def measure(base: str, path: str, cookies, headers: dict, clients: int,
            seconds: float) -> tuple[float, list[float], int]:
    """Requests per second, the latencies (ms) and the failures of ``clients`` threads
    requesting ``path`` for ``seconds``."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        browser = requests.Session()
        browser.cookies.update(cookies)
        browser.headers.update(headers)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status = browser.get(base + path, allow_redirects=False).status_code
            mine.append((time.perf_counter() - start) * 1000)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            failures[0] += bad
    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - start), latencies, failures[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-pages-"))
    url = create_scratch_database(folder, "pages")
    server = None
    try:
        app = create_app(app_settings(folder, url))
        migrate_to_head(app)
        with app.app_context():
            started = time.perf_counter()
            ids = fill(options.scale)
            print(f"Data: the demo's lists times {options.scale}, written in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        measured = paths(ids, options.scale)
        counts = statement_counts(app, ids, measured)
        with app.app_context():
            # The code just used may sign in once only: the benchmark's browser signs in next.
            db.session.execute(update(User).where(User.email == ids["email"])
                               .values(totp_last_step=None))
            db.session.commit()
            db.engine.dispose()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        environment = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_DATA_DIR": str(folder)}
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-w", str(options.workers),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "tests.bench.pages_wsgi:app"],
            cwd=ROOT, env=environment)
        _wait_until_up(base, server)
        cookies = signed_in_session(base, ids).cookies
        token = {"Authorization": f"Bearer {ids['token']}", "Accept-Language": "en"}
        backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} at the start; Python "
              f"{platform.python_version()}, database {backend}; gunicorn {options.workers} "
              f"sync workers, {options.clients} client threads, {options.seconds:.0f} s a path")
        rows = []
        for what, path, signed in measured:
            rate, latencies, failures = measure(base, path, cookies if signed else {}, token,
                                                options.clients, options.seconds)
            rows.append((what, path, counts[path], rate, statistics.median(latencies),
                         sorted(latencies)[int(0.95 * (len(latencies) - 1))], failures))
        health = rows[0][3]
        print(f"{'page':46} {'SQL':>4} {'req/s':>7} {'median ms':>10} {'p95 ms':>7} "
              f"{'of /healthz':>11}")
        for what, _path, statements, rate, median, p95, failures in rows:
            note = f"  ({failures} not 200)" if failures else ""
            print(f"{what:46} {statements:>4} {rate:7.1f} {median:10.1f} {p95:7.1f} "
                  f"{rate / health:10.0%}{note}")
        print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_scratch_database(url)


if __name__ == "__main__":
    main()
