"""``portal dev``, the one-command start, as a newcomer runs it; and the readiness probe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from tests.conftest import TEST_QUEUE, app_settings
from tests.databases import create_scratch_database, drop_scratch_database
from tests.workers.conftest import (
    child_pids,
    command_line,
    delete_broker_queue,
    is_gone,
    wait_until,
    worker_environment,
)
from tests.workers.smtp import free_port

START_TIMEOUT = 120
STOP_TIMEOUT = 30


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback URL)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, {}


def _get_page(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310  (loopback URL)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _instance_snapshot() -> dict[str, float]:
    folder = PROJECT_ROOT / "instance"
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")} if folder.exists() else {}


def _worker_of(pid: int) -> int | None:
    workers = [child for child in child_pids(pid)
               if "celery" in command_line(child) and "worker" in command_line(child)]
    return workers[0] if workers else None


@pytest.fixture
def dev_database(tmp_path):
    url = create_scratch_database(tmp_path, "dev")
    yield url
    drop_scratch_database(url)


@pytest.mark.worker
def test_portal_dev_serves_with_a_worker_and_stops_both_on_sigterm(tmp_path, dev_database):
    instance_before = _instance_snapshot()
    data_dir = tmp_path / "data"
    port = free_port()
    queue = f"{TEST_QUEUE}-dev"
    env = worker_environment(dev_database, data_dir, queue, {"PORTAL_ENV": "development"})
    del env["SECRET_KEY"]  # generated in the data folder, as for a newcomer
    log_path = tmp_path / "dev.log"
    command = [sys.executable, "-c", "from portal.cli import main; main()", "dev", "--port", str(port)]
    with log_path.open("wb") as log:
        dev = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    known = {dev.pid}

    def output() -> str:
        return log_path.read_text(errors="replace")

    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _get(f"{base}/healthz")[0] == 200, START_TIMEOUT,
                   what="/healthz", log=output)
        worker = wait_until(lambda: _worker_of(dev.pid), 10, what="the worker process", log=output)
        known.add(worker)
        wait_until(lambda: " ready." in output(), START_TIMEOUT, what="the worker to be ready", log=output)
        pool = child_pids(worker)
        known.update(pool)

        status, readiness = _get(f"{base}/readyz")
        assert (status, readiness["checks"]) == (200, {"database": True, "broker": True})
        assert _get_page(f"{base}/")[0] == 200, "the home page must answer while the worker runs"
        assert _get_page(f"{base}/sign-in")[0] == 200
        assert "Demo logins" in output()
        assert "admin@demo.portal" in output()
        assert pool, "the worker has no pool process"

        dev.send_signal(signal.SIGTERM)
        assert dev.wait(timeout=STOP_TIMEOUT) == 0
        wait_until(lambda: all(is_gone(pid) for pid in known), STOP_TIMEOUT,
                   what="the worker and its pool to exit", log=output)
    finally:
        for pid in known:
            if not is_gone(pid):
                os.kill(pid, signal.SIGKILL)
        dev.wait(timeout=STOP_TIMEOUT)
        delete_broker_queue(queue)

    assert "Warm shutdown" in output()
    assert (data_dir / "secret_key").exists()
    assert (data_dir / "broker" / "queue").is_dir() or os.environ.get("CELERY_BROKER_URL")
    assert _instance_snapshot() == instance_before


def test_readyz_reports_ready_when_database_and_broker_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": True, "broker": True}}


def test_readyz_is_503_when_the_broker_is_unreachable(monkeypatch, tmp_path, database_url):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    app = create_app(app_settings(tmp_path, database_url))

    try:
        response = app.test_client().get("/readyz")
    finally:
        with app.app_context():
            db.engine.dispose()

    assert response.status_code == 503
    assert response.json == {"status": "not_ready", "checks": {"database": True, "broker": False}}
