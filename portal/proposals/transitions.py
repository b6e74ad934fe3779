"""Moving a proposal through the workflow table: the one way its ``status`` ever changes.

:func:`apply_transition` is called by the page's buttons, the API and the worker alike. It finds
the row for (status, action), checks the caller is one of the row's parties (``actor=None`` is
the worker, allowed only on worker rows), checks the row's guards, then writes the status
history and the audit entry and flushes. It never commits.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import ConflictError, PermissionDenied
from portal.extensions import db
from portal.proposals.guards import failed_guards
from portal.proposals.models import Proposal, StatusChange
from portal.proposals.permissions import parties_of
from portal.proposals.workflow import (
    Action,
    Guard,
    Party,
    Transition,
    actions_from,
    transition_for,
)

#: The audit log's label for moves made by the background worker.
WORKER = "worker"


def _may_take(row: Transition, actor, proposal: Proposal) -> bool:
    if actor is None:
        return Party.WORKER in row.parties
    return bool(parties_of(actor, proposal) & row.parties)


def apply_transition(proposal: Proposal, action: Action, actor, note: str = "",
                     now: datetime | None = None) -> StatusChange:
    """Take ``action`` on ``proposal`` for ``actor`` (a user, or ``None`` for the worker).

    Raises :class:`ConflictError` (409) when the action is not allowed in the current status or
    a guard fails, :class:`PermissionDenied` (403) when the actor is not one of its parties.
    """
    now = now or utcnow()
    row = transition_for(proposal.status, action)
    if row is None:
        raise ConflictError(_("This action is not possible while the proposal is %(status)s.",
                              status=proposal.status))
    if not _may_take(row, actor, proposal):
        raise PermissionDenied(_("You may not take this action on this proposal."))
    problems = failed_guards(row.guards, proposal, note, now)
    if problems:
        raise ConflictError(" ".join(problems))
    change = StatusChange(proposal_id=proposal.id, from_status=proposal.status,
                          to_status=row.target, action=row.action,
                          actor_id=actor.id if actor is not None else None, at=now,
                          note=(note or "").strip())
    proposal.status = row.target
    db.session.add(change)
    audit.record(f"proposal.{row.action}", actor if actor is not None else WORKER,
                 f"proposal:{proposal.id}", source=change.from_status, target=change.to_status,
                 note=change.note)
    db.session.flush()
    return change


def available_actions(proposal: Proposal, user, now: datetime | None = None) -> list[Transition]:
    """The rows ``user`` may take now, guards aside from the note: for the page's buttons."""
    now = now or utcnow()
    rows = []
    for row in actions_from(proposal.status):
        if Party.WORKER in row.parties or not _may_take(row, user, proposal):
            continue
        guards = tuple(guard for guard in row.guards if guard != Guard.NOTE_GIVEN)
        if not failed_guards(guards, proposal, "", now):
            rows.append(row)
    return rows
