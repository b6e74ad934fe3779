"""The matcher's tasks: embedding changed profiles (fast first, refined later: see
:mod:`portal.matching.refine`), rebuilding the shared index, and the daily match digest."""

from __future__ import annotations

import time

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.matching import digest, refine, services


@portal_task
def embed_organisation(organisation_id: int) -> int:
    """Embed the texts of a changed profile (unchanged texts keep their vectors), then ask for
    the matching index to be rebuilt."""
    return embed_organisations([organisation_id])


@portal_task
def embed_organisations(organisation_ids: list[int]) -> int:
    """Embed the texts of changed profiles, at most ``refine.EMBED_BATCH`` (unchanged texts
    keep their vectors), then ask for the index to be rebuilt. With two encoders, only the fast
    one runs here and the refining is asked for; with one, the texts are embedded in full."""
    ids = [int(organisation_id) for organisation_id in organisation_ids[:refine.EMBED_BATCH]]
    layout = refine.current_layout()
    embedded = (services.embed_organisations(ids) if layout is None
                else refine.embed_fast(ids, layout))
    db.session.commit()
    send_now(rebuild_index, utcnow().timestamp())
    if layout is not None and embedded:
        send_now(refine_vectors)
    return embedded


@portal_task
def refine_vectors(chain: str | None = None) -> int:
    """Replace one batch of fast vectors by full ones, then send the chain's next step to the
    back of the queue while any is left. ``chain`` None asks for refining (from a fast pass or
    the beat): it starts a chain unless a live one runs. Returns the fast vectors dealt with."""
    layout = refine.current_layout()
    token = refine.claim_chain(chain) if layout is not None else None
    if layout is None or token is None:
        return 0
    done = refine.refine_batch(layout)
    db.session.commit()
    if not done:
        refine.end_chain(token)
        return 0
    index = services.current_index()
    if (done < refine.REFINE_TEXTS or index is None
            or index.meta["built_at"] < time.time() - refine.REBUILD_EVERY):
        send_now(rebuild_index, utcnow().timestamp())
    send_now(refine_vectors, token)
    return done


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
