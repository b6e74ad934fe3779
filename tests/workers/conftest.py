"""Real worker processes for the background-work tests.

How the ``worker`` fixture works. Each test module that uses it gets, once for the module:

* a fresh scratch database (a SQLite file, or a new PostgreSQL database when ``DATABASE_URL``
  names a server) migrated to head. The savepoint ``session`` fixture cannot serve here: the
  worker is another process and sees only committed rows, so these tests commit;
* a data folder of its own (``PORTAL_DATA_DIR``), shared by the test's app (``portal_app``) and
  the worker: the embedded filesystem broker keeps its messages there, so both must use the same
  folder. With ``CELERY_BROKER_URL`` set (Redis in CI) that broker is used instead;
* a queue of its own (``PORTAL_TASK_QUEUE``), so that nothing a module leaves behind reaches the
  worker of another module, or of another test run sharing the broker;
* one ``celery -A workers worker --pool prefork --concurrency 1`` subprocess started with that
  environment (``DATABASE_URL`` = the scratch database; ``create_app`` reads it), plus whatever
  the module's ``worker_settings`` fixture adds (e.g. ``MAIL_SERVER``). The fixture waits for the
  worker's "ready" log line, and its finaliser stops it by PID: SIGTERM (warm shutdown), then
  SIGKILL to its whole process group after a timeout, so no pool child is left behind.

The worker writes its log to a file (``worker.log_text()``); a test waits for an effect in the
database, the SMTP server or the log with :func:`wait_until`, never for a fixed time. The test's
own reads end their transaction at once (:func:`message_row`): on SQLite an open transaction
holds the write lock and would stall the worker.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery.signals import after_task_publish
from jinja2 import ChoiceLoader, FileSystemLoader
from kombu import Connection, Exchange, Queue

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.notifications.services import queue_mail
from tests.conftest import TEST_QUEUE, app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database

TEMPLATES = Path(__file__).parent / "templates"
READY_TIMEOUT = 60
STOP_TIMEOUT = 15
#: Settings of the developer's shell that must not leak into the worker under test.
_OWN_PREFIXES = ("PORTAL_", "MAIL_", "OUTBOX_", "DATABASE_URL", "CELERY_", "SECRET_KEY", "WORKER_")


def wait_until(predicate: Callable[[], object], timeout: float = 30, interval: float = 0.1,
               what: str = "the condition", log: Callable[[], str] | None = None):
    """Poll ``predicate`` until it returns something truthy, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = f"\n--- worker log ---\n{log()[-6000:]}" if log else ""
            raise AssertionError(f"timed out after {timeout}s waiting for {what}{detail}")
        time.sleep(interval)


def process_state(pid: int) -> str | None:
    """The state letter of a process (``R``, ``S``, ``Z``…), or None when it does not exist."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return stat.rpartition(")")[2].split()[0]


def is_gone(pid: int) -> bool:
    return process_state(pid) in (None, "Z", "X")


def child_pids(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            children.append(int(entry.name))
    return sorted(children)


def command_line(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except (FileNotFoundError, ProcessLookupError):
        return []


class WorkerProcess:
    """One ``celery worker`` subprocess with its log in a file."""

    def __init__(self, env: dict[str, str], queue: str, log_path: Path,
                 command_prefix: tuple[str, ...] = ()) -> None:
        self.env = env
        self.queue = queue
        self.log_path = log_path
        #: Run before the worker's command, e.g. ``("unshare", "-n")`` for a network of its own.
        self.command_prefix = command_prefix
        self.node = f"{queue}@%h"
        self._start()

    def _start(self) -> None:
        command = [*self.command_prefix, sys.executable, "-m", "celery", "-A", "workers", "worker",
                   "--pool", "prefork", "--concurrency", "1", "-Q", self.queue, "-n", self.node,
                   "--loglevel", "INFO",
                   "--without-mingle", "--without-gossip", "--without-heartbeat"]
        #: Where this start's lines begin in the log (a restarted worker appends to it).
        self.log_offset = len(self.log_text()) if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=PROJECT_ROOT, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.process.pid

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited with {self.process.returncode}:\n"
                                     f"{self.log_text()[-6000:]}")
            return re.search(r"@\S+ ready\.", self.log_text()[self.log_offset:])
        wait_until(ready, timeout, 0.1, "the worker to be ready", self.log_text)

    def wait_for_log(self, pattern: str, timeout: float = 30, count: int = 1) -> list[str]:
        """Wait until ``pattern`` (a regular expression) matches ``count`` times in the log."""
        return wait_until(lambda: (found := re.findall(pattern, self.log_text())) and
                          len(found) >= count and found, timeout, 0.1, f"{pattern!r} in the log",
                          self.log_text)

    def pool_children(self) -> list[int]:
        return child_pids(self.pid)

    def kill(self) -> None:
        """SIGKILL the whole worker at once, main process and pool processes (its process
        group): a machine losing power, the OOM killer taking the lot. Nothing is acknowledged
        or handed back to the broker."""
        children = self.pool_children()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)
        wait_until(lambda: all(is_gone(pid) for pid in children), 10,
                   what="the pool processes to die")

    def restart(self) -> None:
        """Start a new worker on the same queue, data folder and database (stopping this one
        first if it still runs), and wait until it is ready; the log goes on in the same file."""
        if self.process.poll() is None:
            self.stop()
        self._start()
        self.wait_ready()

    def stop(self) -> None:
        """SIGTERM (warm shutdown: the running task finishes), then SIGKILL to the process group
        (the worker's session, started for it): whatever is left of it, pool processes included."""
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=STOP_TIMEOUT)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)


def worker_environment(database_url: str, data_dir: Path, queue: str,
                       settings: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(_OWN_PREFIXES)}
    env.update({
        "DATABASE_URL": database_url,
        "PORTAL_DATA_DIR": str(data_dir),
        "PORTAL_TASK_QUEUE": queue,
        "PORTAL_ENV": "test",
        "SECRET_KEY": "test-secret-key",
        "PYTHONUNBUFFERED": "1",
    })
    if os.environ.get("CELERY_BROKER_URL"):
        env["CELERY_BROKER_URL"] = os.environ["CELERY_BROKER_URL"]
    env.update(settings)
    return env


def delete_broker_queue(queue: str) -> None:
    """Remove a test queue and its binding from a server broker (the filesystem broker lives in
    the test's temporary folder)."""
    url = os.environ.get("CELERY_BROKER_URL")
    if not url:
        return
    with Connection(url) as connection:
        declared = Queue(queue, Exchange(queue), routing_key=queue, channel=connection.default_channel)
        declared.declare()
        declared.delete()


@pytest.fixture(scope="module")
def worker_settings() -> dict[str, str]:
    """Extra environment of the module's worker (and settings of its test app); a test module
    overrides this fixture, e.g. to point ``MAIL_SERVER`` at its SMTP server."""
    return {}


@pytest.fixture(scope="module")
def scratch_database(tmp_path_factory):
    url = create_scratch_database(tmp_path_factory.mktemp("worker-db"), "worker")
    yield url
    drop_scratch_database(url)


@pytest.fixture(scope="module")
def worker_env(scratch_database, tmp_path_factory, worker_settings) -> dict[str, str]:
    data_dir = tmp_path_factory.mktemp("worker-data")
    queue = f"{TEST_QUEUE}-{uuid.uuid4().hex[:6]}"
    return worker_environment(scratch_database, data_dir, queue, worker_settings)


@pytest.fixture(scope="module")
def portal_app(worker_env, scratch_database):
    """The test's side: an app built from the worker's environment (same database, data folder,
    queue, mail settings), migrated, with the tests' mail templates on its template path."""
    with pytest.MonkeyPatch.context() as patch:
        for key in list(os.environ):
            if key.startswith(("MAIL_", "OUTBOX_")):
                patch.delenv(key)
        for key, value in worker_env.items():
            if key.startswith(("MAIL_", "OUTBOX_", "PORTAL_TASK_QUEUE")):
                patch.setenv(key, value)
        application = create_app(app_settings(worker_env["PORTAL_DATA_DIR"], scratch_database))
    application.jinja_loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), application.jinja_loader])
    migrate_to_head(application)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def worker(portal_app, worker_env, tmp_path_factory):
    process = WorkerProcess(worker_env, worker_env["PORTAL_TASK_QUEUE"],
                            tmp_path_factory.mktemp("worker-log") / "worker.log")
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()
        delete_broker_queue(process.queue)


@pytest.fixture
def published():
    """The tasks this process publishes during the test: ``(name, args, task id)``."""
    sent: list[tuple[str, list, str]] = []

    def record(sender=None, headers=None, body=None, **_kwargs):
        sent.append((headers["task"], list(body[0]), headers["id"]))

    after_task_publish.connect(record, weak=False)
    yield sent
    after_task_publish.disconnect(record)


def unique_address(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:8]}@example.test"


def queue_check_mail(app, recipient: str, language: str = "ru") -> int:
    """Queue the test mail through ``queue_mail`` and commit, as a view does (in a request
    context); returns the outbox row's id."""
    with app.test_request_context():
        message = queue_mail(recipient, "worker_check", language, token=recipient, name="Tester")
        message_id = message.id
        db.session.commit()
    return message_id


def message_row(app, message_id: int) -> SimpleNamespace | None:
    """A snapshot of an outbox row, read in a transaction that ends at once."""
    with app.app_context():
        try:
            row = db.session.get(OutboxMessage, message_id)
            if row is None:
                return None
            return SimpleNamespace(**{c.key: getattr(row, c.key) for c in OutboxMessage.__table__.c})
        finally:
            db.session.rollback()
