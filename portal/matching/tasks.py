"""The matcher's tasks: embedding a changed profile, pruning the log of matching changes, and
the daily match digest."""

from __future__ import annotations

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.extensions import db
from portal.matching import changes, digest, services


@portal_task
def embed_organisation(organisation_id: int) -> int:
    """Embed the texts of a changed profile (unchanged texts keep their vectors) and log the
    change in the same transaction: every host overlays it on its copy of the index within
    seconds (:mod:`portal.matching.replica`). Logged whatever was embedded, since the task runs
    only when something the matcher reads changed: texts, region, technology fields, or the
    status (an unpublished or missing organisation leaves every host's matches). A repeated
    delivery logs the organisation once more, which costs a host one overlaid profile."""
    embedded = services.embed_organisation(organisation_id)
    changes.record_change(organisation_id)
    db.session.commit()
    return embedded


@portal_task
def prune_changes() -> int:
    """Delete the logged matching changes that no host's copy of the index can need (from the
    beat, hourly); returns how many."""
    pruned = changes.prune_changes()
    db.session.commit()
    return pruned


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
