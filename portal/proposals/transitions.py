"""Moving a proposal through the workflow table: the one way its ``status`` ever changes.

:func:`apply_transition` is called by the page's buttons, the API and the worker alike. It finds
the row for (status, action), checks the caller is one of the row's parties (``actor=None`` is
the worker, allowed only on worker rows), checks the row's guards, then writes the status
history and the audit entry and flushes. It never commits.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.core.jobs import TaskRef, enqueue, task_name
from portal.extensions import db
from portal.proposals.guards import failed_guards
from portal.proposals.labels import status_name
from portal.proposals.models import Proposal, StatusChange
from portal.proposals.permissions import parties_of
from portal.proposals.workflow import (
    OWN_STEP,
    Action,
    Guard,
    Party,
    ProposalStatus,
    Transition,
    actions_from,
    transition_for,
)

#: The worker's next step when a proposal enters a status (the registered name of its task),
#: sent once the move commits; the periodic reconciliation (:func:`waiting_for_worker`) sends it
#: again if that send was lost. Filled by :func:`worker_step` from the features' ``init_app``:
#: the proposals' own eligibility check, and the review's assignment of experts.
NEXT_TASK: dict[ProposalStatus, str] = {}


def worker_step(status: ProposalStatus, task: TaskRef) -> None:
    """Make ``task`` the worker's next step for a proposal entering ``status``: an extension
    point, so that a feature above the proposals (the review) adds its step without the
    proposals knowing it. One step per status."""
    name = task_name(task)
    if NEXT_TASK.setdefault(status, name) != name:
        raise ValueError(f"{status} already leads to {NEXT_TASK[status]}")


def _may_take(row: Transition, actor, proposal: Proposal) -> bool:
    if actor is None:
        return Party.WORKER in row.parties
    return bool(parties_of(actor, proposal) & row.parties)


def check_transition(proposal: Proposal, action: Action, actor, note: str = "",
                     now: datetime | None = None) -> Transition:
    """The row of ``action`` once ``actor`` may take it now; raises as :func:`apply_transition`
    does, changing nothing (for a service that checks more before it moves the proposal)."""
    now = now or utcnow()
    row = transition_for(proposal.status, action)
    if row is None:
        raise ConflictError(_("This action is not possible while the proposal is %(status)s.",
                              status=status_name(proposal.status)))
    if not _may_take(row, actor, proposal):
        raise PermissionDenied(_("You may not take this action on this proposal."))
    if too_long := limits.text_problem((note or "").strip(), limits.DESCRIPTION_MAX):
        raise ValidationError(_("Some values are not valid."), {"note": [too_long]})
    problems = failed_guards(row.guards, proposal, note, now)
    if problems:
        raise ConflictError(" ".join(problems))
    return row


def apply_transition(proposal: Proposal, action: Action, actor, note: str = "",
                     now: datetime | None = None) -> StatusChange:
    """Take ``action`` on ``proposal`` for ``actor`` (a user, or ``None`` for the worker).

    Raises :class:`ConflictError` (409) when the action is not allowed in the current status or
    a guard fails, :class:`PermissionDenied` (403) when the actor is not one of its parties.
    """
    now = now or utcnow()
    row = check_transition(proposal, action, actor, note, now)
    change = StatusChange(proposal_id=proposal.id, from_status=proposal.status,
                          to_status=row.target, action=row.action,
                          actor_id=actor.id if actor is not None else None, at=now,
                          note=(note or "").strip())
    proposal.status = row.target
    db.session.add(change)
    audit.record(f"proposal.{row.action}", actor if actor is not None else audit.WORKER_ACTOR,
                 f"proposal:{proposal.id}", source=change.from_status, target=change.to_status,
                 note=change.note)
    db.session.flush()
    next_task = NEXT_TASK.get(row.target)
    if next_task is not None:
        enqueue(next_task, proposal.id)
    return change


def waiting_for_worker(older_than: datetime) -> list[tuple[str, int]]:
    """The worker steps owed to proposals that entered a :data:`NEXT_TASK` status before
    ``older_than`` and are still in it: their task was lost (a process died between the commit
    and the send, or a broker lost the message) or is still queued; sending it again is harmless,
    since each task returns early once the proposal has moved on."""
    rows = db.session.execute(
        select(Proposal.id, Proposal.status).where(
            Proposal.status.in_(list(NEXT_TASK)), Proposal.updated_at < older_than)
        .order_by(Proposal.id)).all()
    return [(NEXT_TASK[ProposalStatus(status)], proposal_id) for proposal_id, status in rows]


def available_actions(proposal: Proposal, user, now: datetime | None = None) -> list[Transition]:
    """The rows ``user`` may take now, guards aside from the note: for the page's buttons (never
    a row of :data:`~portal.proposals.workflow.OWN_STEP`, which has a step of its own)."""
    now = now or utcnow()
    rows = []
    for row in actions_from(proposal.status):
        if (Party.WORKER in row.parties or row.action in OWN_STEP
                or not _may_take(row, user, proposal)):
            continue
        guards = tuple(guard for guard in row.guards if guard != Guard.NOTE_GIVEN)
        if not failed_guards(guards, proposal, "", now):
            rows.append(row)
    return rows
