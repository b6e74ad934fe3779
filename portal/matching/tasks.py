"""The matcher's tasks: embedding changed profiles (fast first, refined later: see
:mod:`portal.matching.refine`) and logging each change, which every host overlays on its copy of
the index (:mod:`portal.matching.replica`); pruning that log; and the daily match digest."""

from __future__ import annotations

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.matching import changes, digest, refine, services


@portal_task
def embed_organisation(organisation_id: int) -> int:
    """Embed the texts of a changed profile and log the change: see :func:`embed_organisations`."""
    return embed_organisations([organisation_id])


@portal_task
def embed_organisations(organisation_ids: list[int]) -> int:
    """Embed the texts of changed profiles, at most ``refine.EMBED_BATCH`` (unchanged texts
    keep their vectors), and log each change in the same transaction: every host overlays it on
    its copy of the index within seconds. With two encoders only the fast one runs here and the
    refining is asked for; with one, the texts are embedded in full. Logged whatever was
    embedded, since the task runs only when something the matcher reads changed (texts, region,
    technology fields, status: an unpublished organisation leaves every host's matches); a
    repeated delivery logs the organisations once more, which costs a host a few overlaid rows."""
    ids = [int(organisation_id) for organisation_id in organisation_ids[:refine.EMBED_BATCH]]
    layout = refine.current_layout()
    embedded = (services.embed_organisations(ids) if layout is None
                else refine.embed_fast(ids, layout))
    for organisation_id in ids:
        changes.record_change(organisation_id)
    db.session.commit()
    if layout is not None and embedded:
        send_now(refine_vectors)
    return embedded


@portal_task
def refine_vectors(chain: str | None = None) -> int:
    """Replace one batch of fast vectors by full ones (their organisations are logged as
    changed), then send the chain's next step to the back of the queue while any is left.
    ``chain`` None asks for refining (from a fast pass or the beat): it starts a chain unless a
    live one runs. Returns the fast vectors dealt with."""
    layout = refine.current_layout()
    token = refine.claim_chain(chain) if layout is not None else None
    if layout is None or token is None:
        return 0
    done = refine.refine_batch(layout)
    db.session.commit()
    if not done:
        refine.end_chain(token)
        return 0
    send_now(refine_vectors, token)
    return done


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
