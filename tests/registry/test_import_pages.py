"""The secretariat's import pages: the upload, the job page and its progress JSON.

The worker is not running here: the tests see the queued job, or run the task's steps
themselves (the real worker is in ``tests/workers/test_import_worker.py``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from babel.numbers import format_decimal, format_percent
from flask import current_app
from sqlalchemy import func, select

from portal.accounts import two_factor
from portal.core.db import utcnow
from portal.registry import import_jobs
from portal.registry.importing import Problem
from portal.registry.models import ImportJob, ImportStatus, Organisation
from tests.factories import PASSWORD, make_user

DEV_SET = Path(__file__).parent.parent / "data" / "matching-dev" / "organisations.jsonl"


def dev_lines(count: int) -> bytes:
    return "".join(text + "\n" for text in DEV_SET.read_text().splitlines()[:count]).encode()


def sign_in(client, user) -> None:
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    if response.headers["Location"].endswith("/sign-in/code"):
        response = client.post("/sign-in/code",
                               data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 302


@pytest.fixture
def secretariat(client, session):
    user = make_user("secretariat", with_totp=True)
    session.commit()
    sign_in(client, user)
    return user


def upload(client, data: bytes, filename: str = "orgs.jsonl", **options):
    form = {"file": (io.BytesIO(data), filename)}
    form.update({name: "y" for name, value in options.items() if value})
    return client.post("/registry/import", data=form, content_type="multipart/form-data")


def test_the_upload_page_offers_a_file_field_and_the_options(client, secretariat):
    page = client.get("/registry/import")

    assert page.status_code == 200
    assert 'type="file"' in page.text and 'enctype="multipart/form-data"' in page.text
    assert 'name="publish"' in page.text and 'name="update_existing"' in page.text


def test_an_upload_is_stored_outside_the_web_root_and_queued(client, secretariat, session):
    response = upload(client, dev_lines(3) + b"\n", "../../etc/orgs.jsonl", publish=True)

    assert response.status_code == 302
    job = session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    assert response.headers["Location"].endswith(f"/registry/import/{job.id}")
    assert (job.status, job.total_lines, job.publish, job.update_existing) == (
        ImportStatus.QUEUED, 3, True, False)
    assert job.filename == "orgs.jsonl"
    assert job.created_by_id == secretariat.id
    stored = Path(current_app.config["UPLOAD_DIR"]) / "imports" / job.stored_name
    assert stored.read_bytes() == dev_lines(3) + b"\n"
    assert job.stored_name != "orgs.jsonl" and len(job.stored_name) >= 32


@pytest.mark.parametrize(("data", "message"), [
    ("Название".encode("cp1251"), "The file is not UTF-8 text."),
    (b"ref,name\ndev-1,Pharma\n", "The file is not JSON Lines"),
    (b"\n\n", "The file is empty."),
    (b'{"ref": "a"}\x00\n', "The file is not a text file."),
])
def test_what_is_not_utf8_json_lines_is_refused_at_the_upload(client, secretariat, session,
                                                              data, message):
    response = upload(client, data)

    assert response.status_code == 422
    assert message in response.text
    assert session.scalar(select(func.count()).select_from(ImportJob)) == 0


def test_a_file_over_the_size_limit_is_refused(app, client, secretariat, session):
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = upload(client, b"{}\n" * 1000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit

    assert response.status_code == 413
    assert session.scalar(select(func.count()).select_from(ImportJob)) == 0


def test_a_queued_job_shows_a_progress_bar_a_live_region_and_a_refresh_link(client, secretariat,
                                                                            session):
    upload(client, dev_lines(2))
    job = session.scalar(select(ImportJob))

    page = client.get(f"/registry/import/{job.id}")

    assert page.status_code == 200
    assert '<progress id="import-progress-bar" max="2" value="0"' in page.text
    assert 'aria-live="polite"' in page.text
    assert ">Refresh</a>" in page.text
    assert "/static/js/import-progress.js" in page.text and "<script>" not in page.text
    progress = client.get(f"/registry/import/{job.id}/progress").get_json()
    assert progress == {"status": "queued", "total_lines": 2, "processed_lines": 0, "percent": 0,
                        "created": 0, "updated": 0, "published": 0, "problems": 0,
                        "processed_text": "0", "total_text": "2", "percent_text": "0%"}


def test_a_done_job_shows_its_figures_and_a_full_bar(client, secretariat, session):
    job = ImportJob(filename="orgs.jsonl", stored_name="a" * 32, total_lines=4,
                    status=ImportStatus.DONE, created_count=4, published_count=4,
                    created_by=secretariat, finished_at=utcnow(), problems=[])
    session.add(job)
    session.commit()

    page = client.get(f"/registry/import/{job.id}")

    assert '<progress id="import-progress-bar" max="4" value="4"' in page.text
    assert ">Refresh</a>" not in page.text
    assert client.get(f"/registry/import/{job.id}/progress").get_json()["percent"] == 100


def test_a_failed_job_lists_its_problems_with_their_line_numbers(client, secretariat, session):
    problems = [Problem(2, "unknown_kind", {"kind": "bank", "expected": "enterprise"}),
                Problem(5, "not_json", {"error": "Expecting value", "column": 1})]
    job = ImportJob(filename="orgs.jsonl", stored_name="b" * 32, total_lines=5,
                    status=ImportStatus.FAILED, created_by=secretariat,
                    problems=[problem.as_dict() for problem in problems])
    session.add(job)
    session.commit()

    page = client.get(f"/registry/import/{job.id}")

    assert ("<tr><td>2</td><td>Unknown kind of organisation: bank (expected one of enterprise)."
            "</td></tr>") in page.text
    assert ("<tr><td>5</td><td>The line is not valid JSON (Expecting value at column 1).</td></tr>"
            in page.text)
    assert "Nothing was imported." in page.text


@pytest.mark.parametrize("roles", [(), ("contact_point:RU",), ("org_member:1",)])
def test_only_the_secretariat_and_the_administrator_may_import(client, session, roles):
    user = make_user(*roles)
    session.commit()
    sign_in(client, user)

    assert client.get("/registry/import").status_code == 403
    assert upload(client, dev_lines(1)).status_code == 403
    assert client.get("/registry/import/1/progress").status_code == 403


def test_the_administrator_may_import(client, session):
    user = make_user("admin", with_totp=True)
    session.commit()
    sign_in(client, user)

    assert client.get("/registry/import").status_code == 200


def test_the_task_steps_import_the_file_and_mark_the_job_done(client, secretariat, session):
    upload(client, dev_lines(3), publish=True)
    job = import_jobs.start_import_job(session.scalar(select(ImportJob.id)))

    summary = import_jobs.import_job_file(job)
    import_jobs.finish_import_job(job, summary)

    assert (job.status, job.created_count, job.published_count, job.processed_lines) == (
        ImportStatus.DONE, 3, 3, 3)
    assert session.scalar(select(func.count()).select_from(Organisation)) == 3
    assert import_jobs.start_import_job(job.id) is None  # a second delivery does nothing


def test_a_bad_line_gives_the_problems_and_writes_nothing(client, secretariat, session):
    rows = [json.loads(text) for text in dev_lines(3).decode().splitlines()]
    rows[2]["region"] = "RU-MOW"
    upload(client, "\n".join(json.dumps(row) for row in rows).encode())
    job = import_jobs.start_import_job(session.scalar(select(ImportJob.id)))

    outcome = import_jobs.import_job_file(job)

    assert outcome == [Problem(3, "region_elsewhere", {"region": "RU-MOW", "state": rows[2]["country"]})]
    assert session.scalar(select(func.count()).select_from(Organisation)) == 0


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_progress_is_a_percentage_as_babel_writes_it_in_the_readers_language(
        client, secretariat, session, language):
    job = ImportJob(filename="orgs.jsonl", stored_name="b" * 32, total_lines=12000,
                    processed_lines=5400, status=ImportStatus.RUNNING, created_by=secretariat,
                    problems=[])
    secretariat.language = language
    session.add(job)
    session.commit()

    page = client.get(f"/registry/import/{job.id}").text
    progress = client.get(f"/registry/import/{job.id}/progress").get_json()

    written = format_percent(0.45, locale=language)
    assert written in ("45%", "45\u00a0%")
    assert progress["percent"] == 45 and progress["percent_text"] == written
    assert progress["total_text"] == format_decimal(12000, locale=language)
    assert f"({written})" in page and f"{progress['processed_text']} " in page
    assert "%%" not in page and f"{written}%" not in page
