"""Imports of organisations uploaded by the secretariat and run by the worker.

The upload is checked to be UTF-8 JSON Lines, stored under ``UPLOAD_DIR/imports`` with a
random name, and an :class:`ImportJob` is queued; the worker task
``portal.registry.tasks.import_organisations`` is sent once that commits. The task then calls, committing
after each step: :func:`start_import_job` (``queued`` → ``running``; a redelivered ``running``
job starts again from scratch: nothing of its earlier run was committed),
:func:`import_job_file` (checks every line and writes the organisations, all in the task's one
import transaction), and :func:`finish_import_job` in that same transaction, or
:func:`fail_import_job` after rolling it back. So ``done`` and the organisations are committed
together, and a ``failed`` job left nothing behind.

While the import transaction is open, :class:`ProgressReporter` writes the lines done in short
transactions of a connection of its own, which the page reads. SQLite admits one writer at a
time and the import holds it, so there the progress is seen only when the import ends.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import ValidationError
from portal.core.jobs import enqueue
from portal.extensions import db
from portal.registry import import_services
from portal.registry.import_services import ImportSummary
from portal.registry.importing import Problem
from portal.registry.models import ImportJob, ImportStatus

log = logging.getLogger(__name__)

UPLOAD_SUBFOLDER = "imports"
#: Problems kept on a failed job; a count stands for the rest.
MAX_PROBLEMS = 1000


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / UPLOAD_SUBFOLDER


def queue_import(data: bytes, filename: str, actor, *, publish: bool = False,
                 update_existing: bool = False) -> ImportJob:
    """Store an uploaded file and queue its import. Refuses what is not UTF-8 JSON Lines (the
    lines themselves are checked by the worker, which reports each bad one)."""
    total = _count_json_lines(data)
    folder = upload_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.jsonl"
    path = folder / stored_name
    path.write_bytes(data)
    path.chmod(0o600)
    job = ImportJob(filename=Path(filename or "upload.jsonl").name[:255], stored_name=stored_name,
                    publish=publish, update_existing=update_existing, total_lines=total,
                    status=ImportStatus.QUEUED, created_by=actor, problems=[])
    db.session.add(job)
    db.session.flush()
    audit.record("organisation_import.queue", actor, f"import_job:{job.id}",
                 filename=job.filename, lines=total, publish=publish,
                 update_existing=update_existing)
    enqueue("portal.registry.tasks.import_organisations", job.id)
    return job


def _count_json_lines(data: bytes) -> int:
    """The number of non-blank lines, once the file is known to be UTF-8 text whose first line
    is a JSON object."""
    def refuse(message: str):
        raise ValidationError(message, {"file": [message]})

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse(_("The file is not UTF-8 text. Save it as UTF-8 JSON Lines and upload it again."))
    if "\x00" in text:
        refuse(_("The file is not a text file."))
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        refuse(_("The file is empty."))
    if not lines[0].lstrip().startswith("{"):
        refuse(_("The file is not JSON Lines: each line must be one JSON object, in braces."))
    return len(lines)


def start_import_job(job_id: int) -> ImportJob | None:
    """Mark a queued job ``running``; a ``running`` one (the task was delivered again after a
    crash) is started again from scratch. None when the job is over or gone: nothing to do."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return None
    job.status = ImportStatus.RUNNING
    job.started_at = utcnow()
    job.processed_lines = 0
    job.problems = []
    db.session.flush()
    return job


def import_job_file(job: ImportJob) -> ImportSummary | list[Problem]:
    """Check the job's file and, when every line is good, write its organisations (flushed, not
    committed); else the problems, and nothing written."""
    path = upload_folder() / job.stored_name
    if not path.is_file():
        return [Problem(0, "file_missing")]
    with path.open("rb") as lines:
        result = import_services.check_lines(lines, update=job.update_existing)
    if not result.ok:
        return result.problems
    return import_services.import_records(result.records, job.created_by or audit.WORKER_ACTOR,
                                          publish=job.publish,
                                          progress=ProgressReporter(job.id))


def finish_import_job(job: ImportJob, summary: ImportSummary) -> None:
    job.status = ImportStatus.DONE
    job.processed_lines = job.total_lines
    job.created_count = summary.created
    job.updated_count = summary.updated
    job.published_count = summary.published
    job.finished_at = utcnow()
    db.session.flush()
    audit.record("organisation_import.done", audit.WORKER_ACTOR, f"import_job:{job.id}",
                 created=summary.created, updated=summary.updated, published=summary.published)


def fail_import_job(job_id: int, problems: list[Problem]) -> None:
    """Record why nothing was imported (after the import transaction was rolled back)."""
    job = db.session.get(ImportJob, job_id)
    job.status = ImportStatus.FAILED
    kept = problems[:MAX_PROBLEMS]
    if len(problems) > MAX_PROBLEMS:
        kept.append(Problem(0, "more_problems", {"count": len(problems) - MAX_PROBLEMS}))
    job.problems = [problem.as_dict() for problem in kept]
    job.processed_lines = 0
    job.finished_at = utcnow()
    db.session.flush()
    audit.record("organisation_import.fail", audit.WORKER_ACTOR, f"import_job:{job.id}",
                 problems=len(problems), lines=len({problem.line for problem in problems}))


class ProgressReporter:
    """Writes how many lines are imported in a short transaction on a connection of its own,
    so that the page sees it while the import's transaction is still open (and still able to
    roll back everything). Not on SQLite, whose one writer is the import itself."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.enabled = db.engine.dialect.name != "sqlite"

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        with db.engine.begin() as connection:
            connection.execute(update(ImportJob).where(ImportJob.id == self.job_id)
                               .values(processed_lines=done))


def progress_of(job: ImportJob) -> dict:
    """What the page's progress bar shows."""
    total = max(job.total_lines, 1)
    done = job.total_lines if job.status == ImportStatus.DONE else job.processed_lines
    return {"status": job.status, "total_lines": job.total_lines, "processed_lines": done,
            "percent": min(100, round(100 * done / total)), "created": job.created_count,
            "updated": job.updated_count, "published": job.published_count,
            "problems": len(job.problems or [])}


def clean_uploads(now: datetime) -> int:
    """Delete the stored uploads of jobs that finished (``done`` or ``failed``) more than
    ``IMPORT_UPLOAD_DAYS`` ago, and files no job names that are as old (an upload whose
    transaction rolled back). Queued and running jobs keep their file. Returns how many files
    were deleted; run again, it finds nothing more."""
    folder = upload_folder()
    if not folder.is_dir():
        return 0
    cutoff = now - timedelta(days=current_app.config["IMPORT_UPLOAD_DAYS"])
    jobs = {job.stored_name: job for job in db.session.scalars(select(ImportJob))}
    deleted = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        job = jobs.get(path.name)
        if job is None:
            old = datetime.fromtimestamp(path.stat().st_mtime, cutoff.tzinfo) <= cutoff
        else:
            old = (job.status in (ImportStatus.DONE, ImportStatus.FAILED)
                   and job.finished_at is not None and job.finished_at <= cutoff)
        if old:
            path.unlink(missing_ok=True)
            deleted += 1
    if deleted:
        log.info("import uploads: %d old files deleted", deleted)
    return deleted
