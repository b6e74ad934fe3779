"""Entering a status the worker acts on queues its task after the commit, and a proposal left
waiting is found again by the reconciliation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from portal.core.db import utcnow
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition, waiting_for_worker
from portal.proposals.workflow import Action
from tests.factories import make_proposal


def _queued(session) -> list[tuple[str, tuple]]:
    return [(name, args) for _transaction, name, args in session.info.get("portal_pending_tasks", [])]


def test_submitting_and_passing_eligibility_queue_the_next_worker_steps(session):
    proposal = make_proposal()
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    assert _queued(session)[-2:] == [("portal.proposals.tasks.check_eligibility", (proposal.id,)),
                                     ("portal.review.tasks.assign_experts", (proposal.id,))]


def test_a_proposal_left_waiting_is_owed_its_step_again(session):
    waiting, moved_on, fresh = make_proposal(), make_proposal(), make_proposal()
    for proposal in (waiting, moved_on, fresh):
        apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(moved_on, Action.MARK_INELIGIBLE, None)
    an_hour_ago = utcnow() - timedelta(hours=1)
    session.execute(update(Proposal).where(Proposal.id.in_([waiting.id, moved_on.id]))
                    .values(updated_at=an_hour_ago))
    owed = waiting_for_worker(utcnow() - timedelta(minutes=10))
    assert ("portal.proposals.tasks.check_eligibility", waiting.id) in owed
    assert all(proposal_id not in (moved_on.id, fresh.id) for _name, proposal_id in owed)
