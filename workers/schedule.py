"""The beat schedule: every periodic task of the portal, in one table (times are UTC)."""

from __future__ import annotations

from celery.schedules import crontab

from portal.council import tasks as council
from portal.matching import tasks as matching
from portal.money import tasks as money
from portal.notifications import tasks as notifications
from portal.partnering import tasks as partnering
from portal.projects import tasks as projects
from portal.proposals import tasks as proposals
from portal.registry import tasks as registry
from portal.review import tasks as review
from portal.search import tasks as search


def _every(task, schedule: crontab) -> dict:
    return {"task": task.name, "schedule": schedule}


def beat_schedule() -> dict[str, dict]:
    """The table, by each task's registered name; built once the app is (a task's name is read
    from the Celery application that registered it)."""
    return {
        "sweep-outbox": _every(notifications.sweep_outbox, crontab(minute="*")),
        "ad-reminders": _every(partnering.send_ad_reminders, crontab(minute="5")),
        "expire-ads": _every(partnering.expire_ads, crontab(minute="10")),
        "expire-interests": _every(partnering.expire_interests, crontab(minute="15")),
        "search-digests": _every(search.send_digests, crontab(minute=15, hour=6)),
        "review-reminders": _every(review.send_reminders, crontab(minute="20")),
        "match-digests": _every(matching.send_digests, crontab(minute=30, hour=6)),
        # Takes over the refining of fast vectors if its chain of tasks was lost (a crash).
        "refine-vectors": _every(matching.refine_vectors, crontab(minute="*/5")),
        "prune-matching-changes": _every(matching.prune_changes, crontab(minute="35")),
        "clean-import-uploads": _every(registry.clean_import_uploads, crontab(minute=45, hour=3)),
        "reconcile-proposals": _every(proposals.reconcile, crontab(minute="*/5")),
        "partner-reminders": _every(proposals.remind_partners, crontab(minute=20, hour=7)),
        "close-due-vote-sessions": _every(council.close_due_sessions, crontab(minute="*")),
        # A no-op unless RATES_SOURCE_URL is set; the CBR publishes the next day's rates by
        # the afternoon, Moscow time.
        "exchange-rates": _every(money.fetch_exchange_rates, crontab(minute=30, hour=13)),
        "decisions-into-force": _every(council.enter_decisions_into_force, crontab(minute="25")),
        "council-notices": _every(council.send_notices, crontab(minute="*/10")),
        "returned-proposals": _every(proposals.tell_returned, crontab(minute="*/10")),
        # Reminders go on a local day, so any minute of the hour serves; the submitted,
        # returned and accepted reports are told within ten minutes (at 5, 15, … 55).
        "report-notices": _every(projects.send_report_notices, crontab(minute="5-59/10")),
    }
