"""The worker's side of the review (DESIGN 4.5): giving an eligible proposal its panel of
experts, replacing an expert who left it, and moving the proposal to consolidation once the
reviews are in. Each function returns early when the state no longer calls for it, so that a
repeated delivery changes nothing; the task commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.core import audit
from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from portal.review import facts
from portal.review.assignment import plan_assignment
from portal.review.models import Assignment, AssignmentStatus
from portal.review.proposal_hooks import reviews_in
from portal.review.services import (
    REPLACEABLE,
    assignment_link,
    consolidation_of,
    panel,
    report_link,
    secretariat,
)


def tell_secretariat(template: str, **context) -> None:
    for user in secretariat():
        mail_user(user, template, **context)


def _invite(assignment: Assignment, proposal: Proposal) -> None:
    if assignment.expert.is_active:
        mail_user(assignment.expert, "review_invitation", proposal=proposal,
                  assignment=assignment, link=assignment_link(assignment))


@dataclass(frozen=True)
class Filled:
    new: tuple[Assignment, ...]
    shortfall: int


def _fill_panel(proposal: Proposal, now: datetime) -> Filled:
    """Add experts to reach the call's number around those still on the panel."""
    need = facts.assignment_need(proposal)
    plan = plan_assignment(need, facts.expert_pool())
    due = now + timedelta(days=proposal.call.review_days)
    new = []
    for expert_id in plan.chosen:
        assignment = Assignment(proposal_id=proposal.id, expert_id=expert_id,
                                status=AssignmentStatus.INVITED, assigned_at=now, due_at=due)
        db.session.add(assignment)
        new.append(assignment)
    db.session.flush()
    for assignment in new:
        audit.record("assignment.create", audit.WORKER_ACTOR, f"assignment:{assignment.id}",
                     proposal=f"proposal:{proposal.id}", expert=f"user:{assignment.expert_id}")
        _invite(assignment, proposal)
    return Filled(new=tuple(new), shortfall=plan.shortfall)


def assign_experts(proposal_id: int, now: datetime | None = None) -> Filled | None:
    """The worker: give an eligible proposal its experts and start the review. Returns None
    when the proposal is (no longer) eligible."""
    now = now or utcnow()
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None or proposal.status != ProposalStatus.ELIGIBLE:
        return None
    apply_transition(proposal, Action.START_REVIEW, None, now=now)
    filled = _fill_panel(proposal, now)
    if filled.shortfall > 0:
        audit.record("review.shortfall", audit.WORKER_ACTOR, f"proposal:{proposal.id}",
                     missing=filled.shortfall)
        tell_secretariat("review_shortfall", proposal=proposal, missing=filled.shortfall,
                          link=report_link(proposal))
    return filled


def _noticed(action: str, obj: str) -> bool:
    return db.session.scalar(select(AuditEntry.seq).where(AuditEntry.action == action,
                                                          AuditEntry.object == obj)
                             .limit(1)) is not None


def replace_expert(assignment_id: int, now: datetime | None = None) -> Filled | None:
    """The worker: fill the seat an expert left (declined, conflict, overdue). When nobody is
    left to ask, the secretariat is told once, and the proposal moves to consolidation if the
    remaining reviews are in. Returns None when there is nothing to do."""
    now = now or utcnow()
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.status not in REPLACEABLE:
        return None
    proposal = db.session.get(Proposal, assignment.proposal_id, with_for_update=True,
                              populate_existing=True)
    if proposal.status != ProposalStatus.IN_REVIEW:
        return None
    filled = _fill_panel(proposal, now)
    if filled.shortfall > 0 and not _noticed("review.shortfall", f"assignment:{assignment.id}"):
        audit.record("review.shortfall", audit.WORKER_ACTOR, f"assignment:{assignment.id}",
                     proposal=f"proposal:{proposal.id}", missing=filled.shortfall)
        tell_secretariat("review_shortfall", proposal=proposal, missing=filled.shortfall,
                          link=report_link(proposal))
    if not filled.new:
        _move_to_consolidation(proposal, now)
    return filled


def _move_to_consolidation(proposal: Proposal, now: datetime) -> bool:
    if proposal.status != ProposalStatus.IN_REVIEW or not reviews_in(proposal):
        return False
    apply_transition(proposal, Action.CONSOLIDATE, None, now=now)
    figures = consolidation_of(proposal)
    recipients = {user.id: user for user in secretariat()}
    recipients.update({a.expert_id: a.expert for a in panel(proposal)
                       if a.rapporteur and a.expert.is_active})
    for user in recipients.values():
        mail_user(user, "review_consolidation", proposal=proposal, figures=figures,
                  link=report_link(proposal))
    return True


def consolidate_reviews(proposal_id: int, now: datetime | None = None) -> bool:
    """The worker: move a proposal in review to consolidation once its reviews are in. A panel
    short of experts is first topped up if anyone is left to ask; the move waits for them."""
    now = now or utcnow()
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None or proposal.status != ProposalStatus.IN_REVIEW:
        return False
    if _fill_panel(proposal, now).new:
        return False
    return _move_to_consolidation(proposal, now)
