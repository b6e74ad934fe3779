"""Import pages of the secretariat: upload a file of organisations, follow its import.

The upload is imported by the worker (``registry.import_jobs``); the job page shows a progress
bar that ``static/js/import-progress.js`` keeps up to date from the JSON of
:func:`job_progress`, and, without JavaScript, a link that reloads the page.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.core import numbers
from portal.core.errors import ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.registry import import_jobs
from portal.registry.import_forms import ImportForm
from portal.registry.importing import Problem
from portal.registry.models import ImportJob, ImportStatus
from portal.registry.permissions import can_import_organisations

bp = Blueprint("registry_import", __name__, url_prefix="/registry/import")

RECENT_JOBS = 20


@bp.route("", methods=["GET", "POST"])
@page_requires(can_import_organisations)
def upload():
    form = ImportForm()
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            job = import_jobs.queue_import(
                upload_file.read(), upload_file.filename, current_user._get_current_object(),
                publish=form.publish.data, update_existing=form.update_existing.data)
        except ValidationError as error:
            form.file.errors = list(error.fields.get("file", [error.message]))
        else:
            db.session.commit()
            flash(_("The file is uploaded; the import has started."), "info")
            return redirect(url_for("registry_import.job", job_id=job.id))
    jobs = db.session.scalars(select(ImportJob).order_by(ImportJob.id.desc()).limit(RECENT_JOBS))
    status = 422 if form.is_submitted() else 200
    return render_template("registry/import.html", form=form, jobs=list(jobs)), status


@bp.get("/<int:job_id>")
@page_requires(can_import_organisations)
def job(job_id: int):
    import_job = db.get_or_404(ImportJob, job_id)
    problems = [Problem.from_dict(item) for item in import_job.problems or []]
    return render_template("registry/import_job.html", job=import_job, problems=problems,
                           progress=_progress(import_job),
                           finished=import_job.status in (ImportStatus.DONE, ImportStatus.FAILED))


@bp.get("/<int:job_id>/progress")
@page_requires(can_import_organisations)
def job_progress(job_id: int):
    response = jsonify(_progress(db.get_or_404(ImportJob, job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


def _progress(job: ImportJob) -> dict:
    """The job's progress, with its figures also written as the reader's language writes them
    (``12 000``, ``45 %``) for the sentence that announces it."""
    progress = import_jobs.progress_of(job)
    return {**progress, "processed_text": numbers.number(progress["processed_lines"]),
            "total_text": numbers.number(progress["total_lines"]),
            "percent_text": numbers.percent(progress["percent"] / 100)}
