"""Web and worker on separate hosts that share only the database: the worker embeds a changed
profile and logs the change; the web side serves its matches from its own data folder (its own
copy of the index plus the logged changes), which the worker never writes to or even knows.

The broker stands for the network between the hosts: a folder outside both data folders that
each data folder's ``broker`` entry points to (the filesystem broker, also when the suite runs
with Redis: a worker without a network could not reach it). The second test runs the worker in
a network namespace of its own (``unshare -n``): it reaches the database through the file
system (the SQLite file, or PostgreSQL's Unix socket).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from portal.matching import index as index_module
from portal.matching.services import find_matches
from portal.registry.models import Organisation, ProfileStatus
from portal.registry.services import create_organisation, publish_organisation
from tests.conftest import TEST_QUEUE, app_settings, migrate_to_head
from tests.workers.conftest import WorkerProcess, wait_until, worker_environment

pytestmark = pytest.mark.worker

#: Both hosts use the lexical encoder: what is tested is the way a change travels, not the model.
ENCODER = {"MATCHING_ENCODER": "lexical"}


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> tuple[Path, str]:
    """The broker's folder and the queue: what the hosts reach over the network."""
    return tmp_path_factory.mktemp("broker"), f"{TEST_QUEUE}-hosts-{uuid.uuid4().hex[:6]}"


def _host_folder(tmp_path_factory, name: str, broker: Path) -> Path:
    folder = tmp_path_factory.mktemp(name)
    (folder / "broker").symlink_to(broker, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def web(scratch_database, network, tmp_path_factory):
    """The web host: an app with a data folder of its own, on the shared database."""
    broker, queue = network
    folder = _host_folder(tmp_path_factory, "web-data", broker)
    with pytest.MonkeyPatch.context() as patch:
        # Celery prefers CELERY_BROKER_URL to its configuration when it connects: unset while
        # the module runs, so both hosts use the broker's folder
        patch.delenv("CELERY_BROKER_URL", raising=False)
        patch.setenv("PORTAL_TASK_QUEUE", queue)
        application = create_app(app_settings(folder, scratch_database, **ENCODER))
        migrate_to_head(application)
        application.initial_files = _files(folder)
        yield application
        with application.app_context():
            db.engine.dispose()


def _start_worker(database_url: str, network, tmp_path_factory, prefix: tuple[str, ...] = ()):
    broker, queue = network
    folder = _host_folder(tmp_path_factory, "worker-data", broker)
    env = worker_environment(database_url, folder, queue, ENCODER)
    env.pop("CELERY_BROKER_URL", None)
    process = WorkerProcess(env, queue, tmp_path_factory.mktemp("worker-log") / "worker.log",
                            prefix)
    process.folder = folder
    return process


def _stop(worker: WorkerProcess) -> None:
    worker.stop()


def _files(folder: Path) -> set[Path]:
    """The files in a data folder, without following the broker's link."""
    return {Path(top, name) for top, _dirs, names in os.walk(folder) for name in names}


def _matches(app, seeker_id: int) -> dict[int, str | None]:
    """What the web host serves: its matches for the seeker, each with the offer quoted."""
    with app.app_context():
        try:
            return {m.organisation_id: m.offer for m in find_matches(seeker_id, scope="all")}
        finally:
            db.session.rollback()


def _commit_change(app, organisation_id: int, **values) -> None:
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        for name, value in values.items():
            setattr(organisation, name, value)
        db.session.commit()


def _a_change_travels_from_the_worker_to_the_web_host(web, worker) -> None:
    tag = uuid.uuid4().hex[:6]
    with web.app_context():
        seeker = create_organisation(
            name=f"Smolensk Devices {tag}", kind="enterprise", state="RU", region="RU-SMO",
            language="en", needs=["Electron beam sterilisation of medical devices"], actor="test")
        partner = create_organisation(
            name=f"Vitebsk Beam {tag}", kind="enterprise", state="BY", region="BY-VI",
            language="en", offers=["Electron beam sterilisation of medical devices"], actor="test")
        for organisation in (seeker, partner):
            publish_organisation(organisation.id, "test")
        db.session.commit()
        seeker_id, partner_id = seeker.id, partner.id

    wait_until(lambda: partner_id in _matches(web, seeker_id), timeout=90,
               what="the web host to match the new profile", log=worker.log_text)
    root = Path(web.config["PORTAL_DATA_DIR"]) / "matching"
    base = os.readlink(root / "current")

    edited = "Electron beam sterilisation and sterility testing of medical devices"
    _commit_change(web, partner_id, offers=[edited])
    wait_until(lambda: _matches(web, seeker_id).get(partner_id) == edited, timeout=60,
               what="the web host to match the edited offer", log=worker.log_text)

    _commit_change(web, partner_id, status=ProfileStatus.RETURNED)
    wait_until(lambda: partner_id not in _matches(web, seeker_id), timeout=60,
               what="the web host to drop the unpublished profile", log=worker.log_text)

    assert os.readlink(root / "current") == base  # seen from the log, with no rebuild
    assert index_module.open_current(Path(worker.folder) / "matching") is None
    # the worker cannot find the web host's folder, and nothing but the web host's own copy of
    # the index appeared in it
    assert str(web.config["PORTAL_DATA_DIR"]) not in repr(worker.env)
    assert {path for path in _files(Path(web.config["PORTAL_DATA_DIR"])) - web.initial_files
            if root not in path.parents} == set()


def test_the_web_host_matches_a_change_the_worker_made_with_separate_data_folders(
        web, scratch_database, network, tmp_path_factory):
    worker = _start_worker(scratch_database, network, tmp_path_factory)
    try:
        worker.wait_ready()
        _a_change_travels_from_the_worker_to_the_web_host(web, worker)
    finally:
        _stop(worker)


def _through_the_file_system(database_url: str) -> str | None:
    """The database's URL as a process without a network reaches it: a SQLite file as it is;
    PostgreSQL on this machine through its Unix socket, if it has one; else None."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return database_url
    socket_dir = "/var/run/postgresql"
    if url.host not in ("127.0.0.1", "localhost") or not Path(
            socket_dir, f".s.PGSQL.{url.port or 5432}").exists():
        return None
    return url.set(host=None, port=None, query={"host": socket_dir}).render_as_string(
        hide_password=False)


def test_the_web_host_matches_a_change_made_by_a_worker_without_a_network(
        web, scratch_database, network, tmp_path_factory):
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], check=False,
                                         capture_output=True).returncode:
        reason = "`unshare -n` is refused here (it needs CAP_SYS_ADMIN or user namespaces)"
        print(reason)
        pytest.skip(reason)
    database_url = _through_the_file_system(scratch_database)
    if database_url is None:
        reason = "the database is reachable only over the network"
        print(reason)
        pytest.skip(reason)
    worker = _start_worker(database_url, network, tmp_path_factory, (unshare, "-n"))
    try:
        worker.wait_ready()
        assert os.readlink(f"/proc/{worker.pid}/ns/net") != os.readlink("/proc/self/ns/net")
        _a_change_travels_from_the_worker_to_the_web_host(web, worker)
    finally:
        _stop(worker)
