"""The registry's tasks: the import of an uploaded file of organisations, and the daily
clean-up of old import uploads."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.extensions import db
from portal.registry import import_jobs
from portal.registry.importing import Problem

log = logging.getLogger(__name__)

#: An import of 100,000 lines takes about a minute; the limit stays well below the broker's
#: visibility timeout (an hour), or a running import would be handed out a second time.
IMPORT_TIME_LIMIT = 1800


@portal_task(time_limit=IMPORT_TIME_LIMIT, soft_time_limit=IMPORT_TIME_LIMIT - 60)
def import_organisations(job_id: int) -> str:
    """Import an uploaded file of organisations, all or nothing: the organisations and the
    job's ``done`` are committed together; on a bad line, or any failure, the import is rolled
    back and the job marked ``failed`` with its problems. Returns at once unless the job is
    queued, or running (delivered again after a crash: it starts again from scratch)."""
    job = import_jobs.start_import_job(job_id)
    if job is None:
        db.session.rollback()
        return "nothing to do"
    db.session.commit()
    try:
        outcome = import_jobs.import_job_file(job)
        if isinstance(outcome, list):
            problems = outcome
        else:
            import_jobs.finish_import_job(job, outcome)
            db.session.commit()
            return "done"
    except (OperationalError, StaleDataError):
        db.session.rollback()
        raise  # retried: the job is still running, and starts again from scratch
    except IntegrityError:
        log.warning("import job %s collided with another write", job_id, exc_info=True)
        problems = [Problem(0, "conflict")]
    except Exception:
        log.exception("import job %s failed", job_id)
        problems = [Problem(0, "interrupted")]
    db.session.rollback()
    import_jobs.fail_import_job(job_id, problems)
    db.session.commit()
    return "failed"


@portal_task
def clean_import_uploads() -> int:
    """Delete the uploads of imports that ended more than IMPORT_UPLOAD_DAYS ago (from the
    beat); the jobs and their reports stay."""
    return import_jobs.clean_uploads(utcnow())
