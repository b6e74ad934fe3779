"""Discovery's periodic tasks: the match digest and the clean-up of old import uploads."""

from __future__ import annotations

from celery import shared_task

from portal.core.db import utcnow
from portal.core.jobs import TaskName
from portal.matching import digest
from portal.registry import import_jobs
from workers.tasks import RELIABLE


@shared_task(name=str(TaskName.SEND_MATCH_DIGESTS), **RELIABLE)
def send_match_digests() -> int:
    """Mail each due match digest its new or improved suggestions (from the beat); one commit
    per subscription, so a repeated run sends nothing twice."""
    return digest.send_due_match_digests()


@shared_task(name=str(TaskName.CLEAN_IMPORT_UPLOADS), **RELIABLE)
def clean_import_uploads() -> int:
    """Delete the uploads of imports that ended more than IMPORT_UPLOAD_DAYS ago (from the
    beat); the jobs and their reports stay."""
    return import_jobs.clean_uploads(utcnow())
