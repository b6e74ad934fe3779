"""An upload of organisations imported by a real worker: the job page reaches done, a bad file
reaches failed with nothing imported, a redelivered running job starts again from scratch, and
(on PostgreSQL) the progress is readable while the import's transaction is still open."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from portal.accounts import two_factor
from portal.accounts.services import user_by_email
from portal.core.jobs import send_now
from portal.extensions import db
from portal.registry import import_jobs
from portal.registry.models import ImportJob, ImportStatus, Organisation, ProfileStatus
from tests.factories import PASSWORD, make_user
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker

DEV_SET = Path(__file__).parent.parent / "data" / "matching-dev" / "organisations.jsonl"
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgresql")


def dev_rows(count: int, prefix: str) -> list[dict]:
    rows = [json.loads(text) for text in DEV_SET.read_text().splitlines()]
    return [{**rows[i % len(rows)], "ref": f"{prefix}-{i:05d}"} for i in range(count)]


def jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


@pytest.fixture(scope="module")
def secretariat_client(portal_app):
    with portal_app.app_context():
        user = make_user("secretariat", email="import-secretariat@example.org", with_totp=True)
        email, secret = user.email, user.totp_secret
        db.session.commit()
    client = portal_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert client.post("/sign-in/code",
                       data={"code": two_factor.current_code(secret)}).status_code == 302
    return client


def upload(client, data: bytes, **options) -> int:
    form = {"file": (io.BytesIO(data), "organisations.jsonl")}
    form.update({name: "y" for name, value in options.items() if value})
    response = client.post("/registry/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("/", 1)[1])


def queue_as_secretariat(app, data: bytes, running: bool = False) -> int:
    """Queue an import as the upload page does (without the test client, whose multipart
    encoder leaves a large body's temporary file open)."""
    with app.test_request_context():
        user = user_by_email("import-secretariat@example.org")
        job = import_jobs.queue_import(data, "organisations.jsonl", user)
        if running:
            job.status = ImportStatus.RUNNING
            job.processed_lines = 3
        db.session.commit()
        return job.id


def job_row(app, job_id: int) -> SimpleNamespace:
    """A snapshot of the job, read in a transaction that ends at once."""
    with app.app_context():
        try:
            job = db.session.get(ImportJob, job_id)
            return SimpleNamespace(**{c.key: getattr(job, c.key) for c in ImportJob.__table__.c})
        finally:
            db.session.rollback()


def organisations_with_prefix(app, prefix: str, *where) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(Organisation).where(
                Organisation.external_ref.startswith(f"{prefix}-"), *where))
        finally:
            db.session.rollback()


def wait_for_end(app, job_id: int, worker) -> SimpleNamespace:
    return wait_until(lambda: (row := job_row(app, job_id)).status in ("done", "failed") and row,
                      60, what=f"import job {job_id} to end", log=worker.log_text)


def test_an_uploaded_file_is_imported_by_the_worker_and_the_page_shows_done(
        portal_app, worker, secretariat_client):
    job_id = upload(secretariat_client, jsonl(dev_rows(12, "ok")), publish=True)

    row = wait_for_end(portal_app, job_id, worker)

    assert (row.status, row.created_count, row.published_count, row.processed_lines) == (
        ImportStatus.DONE, 12, 12, 12)
    assert organisations_with_prefix(portal_app, "ok", Organisation.status == ProfileStatus.PUBLISHED) == 12
    page = secretariat_client.get(f"/registry/import/{job_id}")
    assert '<progress id="import-progress-bar" max="12" value="12"' in page.text
    assert secretariat_client.get(f"/registry/import/{job_id}/progress").get_json()["percent"] == 100


def test_a_file_with_bad_lines_fails_with_its_problems_and_imports_nothing(
        portal_app, worker, secretariat_client):
    rows = dev_rows(6, "bad")
    rows[1]["kind"] = "bank"
    rows[4]["technology_fields"] = ["alchemy"]
    data = jsonl(rows).replace(jsonl([rows[3]]), b"{oops\n")

    row = wait_for_end(portal_app, upload(secretariat_client, data), worker)

    assert row.status == ImportStatus.FAILED
    assert [(problem["line"], problem["code"]) for problem in row.problems] == [
        (2, "unknown_kind"), (4, "not_json"), (5, "unknown_field")]
    assert organisations_with_prefix(portal_app, "bad") == 0
    page = secretariat_client.get(f"/registry/import/{row.id}")
    assert "<tr><td>2</td><td>Unknown kind of organisation: bank" in page.text


def test_a_redelivered_running_job_starts_again_and_completes(portal_app, worker,
                                                              secretariat_client):
    """As after a worker crash: the job is ``running`` (nothing of that run was committed) and
    its task is delivered again."""
    job_id = queue_as_secretariat(portal_app, jsonl(dev_rows(5, "again")), running=True)
    with portal_app.app_context():
        send_now("portal.registry.tasks.import_organisations", job_id)  # the second delivery

    row = wait_for_end(portal_app, job_id, worker)

    assert (row.status, row.created_count) == (ImportStatus.DONE, 5)
    assert organisations_with_prefix(portal_app, "again") == 5
    worker.wait_for_log(r"import_organisations\[.*\] succeeded in [\d.]+s: 'nothing to do'")


@pytest.mark.skipif(not ON_POSTGRESQL, reason="SQLite has one writer: the import itself")
def test_progress_is_readable_while_the_import_runs(portal_app, worker, secretariat_client):
    job_id = queue_as_secretariat(portal_app, jsonl(dev_rows(6000, "big")))
    seen = []

    def ended():
        progress = secretariat_client.get(f"/registry/import/{job_id}/progress").get_json()
        seen.append((progress["status"], progress["processed_lines"]))
        return progress["status"] in ("done", "failed")

    wait_until(ended, 120, 0.05, "the big import to end", worker.log_text)

    assert seen[-1] == ("done", 6000)
    assert any(status == "running" and 0 < done < 6000 for status, done in seen), seen[::20]
    assert organisations_with_prefix(portal_app, "big") == 6000
