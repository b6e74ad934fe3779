"""Discovery's periodic tasks: the match digest and the clean-up of old import uploads."""

from __future__ import annotations

from celery import shared_task

from portal.core.jobs import TaskName
from portal.matching import digest
from workers.tasks import RELIABLE


@shared_task(name=str(TaskName.SEND_MATCH_DIGESTS), **RELIABLE)
def send_match_digests() -> int:
    """Mail each due match digest its new or improved suggestions (from the beat); one commit
    per subscription, so a repeated run sends nothing twice."""
    return digest.send_due_match_digests()
