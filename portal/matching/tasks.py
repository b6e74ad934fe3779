"""The matcher's tasks: embedding a changed profile, rebuilding the shared index, and the daily
match digest."""

from __future__ import annotations

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.matching import digest, services


@portal_task
def embed_organisation(organisation_id: int) -> int:
    """Embed the texts of a changed profile (unchanged texts keep their vectors), then ask for
    the matching index to be rebuilt."""
    embedded = services.embed_organisation(organisation_id)
    db.session.commit()
    send_now(rebuild_index, utcnow().timestamp())
    return embedded


@portal_task
def rebuild_index(requested_at: float) -> bool:
    """Rebuild the shared matching index, unless one was built after this was asked for: a
    burst of profile changes costs one rebuild, and a repeated delivery nothing."""
    index = services.current_index()
    if index is not None and index.meta["built_at"] >= requested_at:
        return False
    services.rebuild_index()
    db.session.rollback()
    return True


@portal_task
def send_digests() -> int:
    """Mail each due match digest its new or improved suggestions (from the beat); one commit
    per subscription, so a repeated run sends nothing twice. Returns the number of mails."""
    now = utcnow()
    sent = 0
    for subscription_id in digest.due_ids(now):
        sent += digest.send_match_digest(subscription_id, now)
        db.session.commit()
    return sent
