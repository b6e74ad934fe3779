"""Every task the worker runs. Tasks are thin: load by id, return early when there is nothing
left to do (so a repeated delivery is harmless), call a service, commit once."""

from __future__ import annotations

import logging

from celery import shared_task
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portal.core.db import utcnow
from portal.core.jobs import TaskName, send_now
from portal.extensions import db
from portal.matching import services as matching
from portal.notifications import delivery
from portal.notifications.delivery import Outcome
from portal.partnering import sweeps
from portal.registry import import_jobs
from portal.registry.importing import Problem
from portal.search import digest
from portal.search import services as search

log = logging.getLogger(__name__)

#: Settings shared by the tasks: retried with backoff on the database failures that pass.
RELIABLE = {
    "acks_late": True,
    "autoretry_for": (OperationalError, StaleDataError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name=str(TaskName.DELIVER_MAIL), bind=True, **RELIABLE)
def deliver_mail(self, message_id: int) -> str:
    """Send one outbox message. A failed SMTP attempt is recorded on the row, committed, and
    retried on the row's back-off schedule until the message is sent or marked failed."""
    attempt = delivery.deliver(message_id)
    db.session.commit()
    if attempt.outcome is Outcome.RETRY:
        log.warning("outbox message %s not delivered; retrying in %ss", message_id, attempt.retry_in)
        raise self.retry(countdown=attempt.retry_in)
    if attempt.outcome is Outcome.FAILED:
        log.error("outbox message %s failed for good", message_id)
    return str(attempt.outcome)


@shared_task(name=str(TaskName.SWEEP_OUTBOX), **RELIABLE)
def sweep_outbox() -> int:
    """Re-send the delivery of pending messages that are overdue by their retry schedule: the
    send was lost (a process died between commit and send) or the worker lost the retry."""
    ids = delivery.overdue_message_ids(utcnow())
    db.session.rollback()
    for message_id in ids:
        send_now(TaskName.DELIVER_MAIL, message_id)
    if ids:
        log.info("outbox sweep re-sent %d deliveries", len(ids))
    return len(ids)


#: An import of 100,000 lines takes about a minute; the limit stays well below the broker's
#: visibility timeout (an hour), or a running import would be handed out a second time.
IMPORT_TIME_LIMIT = 1800


@shared_task(name=str(TaskName.IMPORT_ORGANISATIONS), **RELIABLE,
             time_limit=IMPORT_TIME_LIMIT, soft_time_limit=IMPORT_TIME_LIMIT - 60)
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


@shared_task(name=str(TaskName.AD_REMINDERS), **RELIABLE)
def send_ad_reminders() -> int:
    """Hourly: remind authors 30 and 7 days before their ads expire, each reminder once."""
    sent = sweeps.send_expiry_reminders(utcnow())
    db.session.commit()
    return sent


@shared_task(name=str(TaskName.EXPIRE_ADS), **RELIABLE)
def expire_ads() -> int:
    """Hourly: active ads past their expiry become ``expired``."""
    expired = sweeps.expire_ads(utcnow())
    db.session.commit()
    return expired


@shared_task(name=str(TaskName.EXPIRE_INTERESTS), **RELIABLE)
def expire_interests() -> int:
    """Hourly: unanswered interests past their expiry become ``expired``; senders are told."""
    expired = sweeps.expire_interests(utcnow())
    db.session.commit()
    return expired


@shared_task(name=str(TaskName.EMBED_ORGANISATION), **RELIABLE)
def embed_organisation(organisation_id: int) -> int:
    """Embed the texts of a changed profile (unchanged texts keep their vectors), then ask for
    the matching index to be rebuilt."""
    embedded = matching.embed_organisation(organisation_id)
    db.session.commit()
    send_now(TaskName.REBUILD_MATCHING_INDEX, utcnow().timestamp())
    return embedded


@shared_task(name=str(TaskName.REBUILD_MATCHING_INDEX), **RELIABLE)
def rebuild_matching_index(requested_at: float) -> bool:
    """Rebuild the shared matching index, unless one was built after this was asked for: a
    burst of profile changes costs one rebuild, and a repeated delivery nothing."""
    index = matching.current_index()
    if index is not None and index.meta["built_at"] >= requested_at:
        return False
    matching.rebuild_index()
    db.session.rollback()
    return True


@shared_task(name=str(TaskName.INDEX_DOCUMENT),
             **{**RELIABLE, "autoretry_for": (*RELIABLE["autoretry_for"], IntegrityError)})
def index_document(kind: str, object_id: int) -> bool:
    """Rewrite the search document of a profile that changed (or drop it if the profile is
    gone). Idempotent; two deliveries racing to create the same document: one retries."""
    written = search.reindex(kind, object_id) is not None
    db.session.commit()
    return written


@shared_task(name=str(TaskName.SEND_SEARCH_DIGESTS), **RELIABLE)
def send_search_digests() -> int:
    """Mail each saved search that is due its new results (daily, from the beat); one commit per
    saved search, so a repeated run sends nothing twice."""
    return digest.send_due_digests()
