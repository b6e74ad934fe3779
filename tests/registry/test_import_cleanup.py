"""The clean-up of import uploads: the file of a job that ended more than IMPORT_UPLOAD_DAYS ago
goes; queued, running and recent jobs keep theirs; a stray old file goes too; run twice, the
second run deletes nothing."""

from __future__ import annotations

import os
from datetime import timedelta

from portal.core.db import utcnow
from portal.registry import import_jobs
from portal.registry.models import ImportStatus
from tests.factories import make_user

LINE = b'{"ref": "x", "name": "X"}\n'


def _job(user, status, ended_days_ago=None):
    job = import_jobs.queue_import(LINE, "organisations.jsonl", user)
    job.status = status
    if ended_days_ago is not None:
        job.finished_at = utcnow() - timedelta(days=ended_days_ago)
    return job


def test_old_uploads_of_ended_jobs_are_deleted_once(app, session):
    assert app.config["IMPORT_UPLOAD_DAYS"] == 30
    user = make_user("secretariat")
    old_done = _job(user, ImportStatus.DONE, 31)
    old_failed = _job(user, ImportStatus.FAILED, 45)
    recent_done = _job(user, ImportStatus.DONE, 2)
    queued = _job(user, ImportStatus.QUEUED)
    running = _job(user, ImportStatus.RUNNING)
    session.flush()
    folder = import_jobs.upload_folder()
    stray = folder / "stray.jsonl"
    stray.write_bytes(LINE)
    old = (utcnow() - timedelta(days=40)).timestamp()
    os.utime(stray, (old, old))
    fresh_stray = folder / "fresh-stray.jsonl"
    fresh_stray.write_bytes(LINE)

    assert import_jobs.clean_uploads(utcnow()) == 3
    remaining = {path.name for path in folder.iterdir()}
    assert old_done.stored_name not in remaining and old_failed.stored_name not in remaining
    assert "stray.jsonl" not in remaining
    assert {recent_done.stored_name, queued.stored_name, running.stored_name,
            "fresh-stray.jsonl"} <= remaining
    assert import_jobs.clean_uploads(utcnow()) == 0
    assert old_done.status == ImportStatus.DONE  # the job and its report stay


def test_the_period_is_configurable(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DAYS", 1)
    user = make_user("secretariat")
    job = _job(user, ImportStatus.DONE, 2)
    session.flush()
    assert import_jobs.clean_uploads(utcnow()) >= 1
    assert not (import_jobs.upload_folder() / job.stored_name).exists()

