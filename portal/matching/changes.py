"""The log of organisations whose matching changed (:class:`MatchingChange`), the one thing the
hosts of the portal share about the matching index besides the stored vectors.

The worker appends a row in the transaction that stores the change (:func:`record_change`); a
host's copy of the index records the last change it includes (:func:`watermark`) and overlays
the organisations changed after it (:func:`changed_since`). Rows are pruned once no host can
need them (:func:`prune_changes`): a host rebuilds a copy older than
:data:`BASE_MAX_AGE`, so a row older than :data:`KEPT_FOR` is behind every copy in use.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from portal.core.db import utcnow
from portal.extensions import db
from portal.matching.models import MatchingChange

#: A change is kept this long.
KEPT_FOR = timedelta(days=1)
#: A host rebuilds its copy of the index when it is older than this (well within ``KEPT_FOR``,
#: so that a copy's rebuild ends before the changes it lacks are pruned).
BASE_MAX_AGE = timedelta(hours=12)
#: A change is counted in a copy's watermark only when it is older than this at the copy's
#: build: a transaction that took its id earlier but committed later (ids are handed out at
#: insert, not at commit) is overlaid all the same. An overlaid organisation that the copy
#: already holds costs nothing but its place in the overlay.
SETTLED_AFTER = timedelta(minutes=1)


def record_change(organisation_id: int) -> None:
    """Log that an organisation's matching changed; flushes with the caller's transaction."""
    db.session.add(MatchingChange(organisation_id=organisation_id, changed_at=utcnow()))
    db.session.flush()


def watermark(now: datetime | None = None) -> int:
    """The last change a copy of the index built from the database now is sure to include."""
    settled = (now or utcnow()) - SETTLED_AFTER
    return db.session.scalar(select(func.max(MatchingChange.id)).where(
        MatchingChange.changed_at <= settled)) or 0


def state_after(change_id: int) -> tuple[int, int]:
    """What a host compares to know whether its overlay is current: the last change after
    ``change_id`` and how many there are (a change committed late, with a smaller id than the
    last, still moves the count)."""
    last, count = db.session.execute(select(func.max(MatchingChange.id), func.count()).where(
        MatchingChange.id > change_id)).one()
    return last or 0, count


def changed_since(change_id: int, limit: int) -> tuple[list[int], bool]:
    """The organisations changed after ``change_id``, the most recently changed first, at most
    ``limit``; and whether there were more."""
    latest = func.max(MatchingChange.id)
    ids = list(db.session.scalars(
        select(MatchingChange.organisation_id).where(MatchingChange.id > change_id)
        .group_by(MatchingChange.organisation_id).order_by(latest.desc()).limit(limit + 1)))
    return ids[:limit], len(ids) > limit


def prune_changes(now: datetime | None = None) -> int:
    """Delete the changes older than :data:`KEPT_FOR`; returns how many. Flushes."""
    old = MatchingChange.changed_at < (now or utcnow()) - KEPT_FOR
    count = db.session.scalar(select(func.count()).where(old)) or 0
    db.session.execute(delete(MatchingChange).where(old))
    db.session.flush()
    return count
