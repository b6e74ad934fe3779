"""A proposal's status history as its reader may know it.

The history names who moved the proposal. A reviewer's name is sealed from everyone but the
staff (DESIGN 4.5): when the actor is one of the proposal's experts (the rapporteur who locked
the consensus report), other readers, the applicants first, read "the rapporteur". The page and
the API both show these entries, so the rule is applied here once; the review names the
proposal's experts (:func:`portal.proposals.hooks.register_sealed_actors`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.proposals.hooks import sealed_actors
from portal.proposals.models import Proposal, StatusChange
from portal.proposals.permissions import can_see_reviewer_identities


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    from_status: str
    to_status: str
    action: str
    note: str
    #: ``None`` when the worker made the move, or when the reader may not know who did.
    actor_id: int | None
    #: ``None`` when the worker made the move.
    actor_name: str | None


def _entry(change: StatusChange, sealed: bool) -> HistoryEntry:
    if change.actor is None:
        actor_id, actor_name = None, None
    elif sealed:
        actor_id, actor_name = None, _("the rapporteur")
    else:
        actor_id, actor_name = change.actor.id, change.actor.name
    return HistoryEntry(at=change.at, from_status=change.from_status,
                        to_status=change.to_status, action=change.action, note=change.note,
                        actor_id=actor_id, actor_name=actor_name)


def history_for(proposal: Proposal, reader) -> list[HistoryEntry]:
    """Every status change of ``proposal``, oldest first, as ``reader`` may read it."""
    changes = list(db.session.scalars(
        select(StatusChange).where(StatusChange.proposal_id == proposal.id)
        .order_by(StatusChange.at, StatusChange.id)))
    reviewers = set() if can_see_reviewer_identities(reader) else sealed_actors(proposal)
    return [_entry(change, change.actor_id in reviewers) for change in changes]
