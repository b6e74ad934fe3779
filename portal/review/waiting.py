"""The review's part of what waits for a user (:mod:`portal.core.waiting`): an expert's
invitations to answer and accepted reviews to write, each due at the assignment's due date; and
the consensus reports of proposals in consolidation, for their rapporteur and the secretariat."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.waiting import MAX_PER_PROVIDER, TaskKind, WaitingTask
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus
from portal.review.models import Assignment, AssignmentStatus, ConsensusReport
from portal.review.permissions import is_expert, is_secretariat

TITLES = {
    AssignmentStatus.INVITED: (TaskKind.REVIEW_INVITATION,
                               lambda acronym: _("Answer the invitation to review %(acronym)s",
                                                 acronym=acronym)),
    AssignmentStatus.ACCEPTED: (TaskKind.REVIEW_DUE,
                                lambda acronym: _("Review %(acronym)s", acronym=acronym)),
}


def assignments_waiting(user, now: datetime) -> list[WaitingTask]:
    """One statement: the expert's own invited and accepted assignments of proposals in review."""
    if not is_expert(user):
        return []
    rows = db.session.execute(
        select(Assignment.id, Assignment.status, Assignment.due_at, Proposal.acronym)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(Assignment.expert_id == user.id,
               Assignment.status.in_([AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED]),
               Proposal.status == ProposalStatus.IN_REVIEW)
        .order_by(Assignment.due_at, Assignment.id).limit(MAX_PER_PROVIDER))
    tasks = []
    for assignment_id, status, due_at, acronym in rows:
        kind, title = TITLES[AssignmentStatus(status)]
        tasks.append(WaitingTask(kind, title(acronym), "assignment", assignment_id,
                                 "review.assignment", due_at=due_at,
                                 values={"assignment_id": assignment_id}))
    return tasks


def reports_to_write(user, now: datetime) -> list[WaitingTask]:
    """One statement: the proposals in consolidation whose report is not locked, every one for
    the secretariat, those the user is the rapporteur of for an expert."""
    secretariat = is_secretariat(user)
    if not (secretariat or is_expert(user)):
        return []
    query = (select(Proposal.id, Proposal.acronym)
             .outerjoin(ConsensusReport, ConsensusReport.proposal_id == Proposal.id)
             .where(Proposal.status == ProposalStatus.CONSOLIDATION,
                    ConsensusReport.locked_at.is_(None)))
    if not secretariat:
        query = query.where(Proposal.id.in_(select(Assignment.proposal_id).where(
            Assignment.expert_id == user.id, Assignment.rapporteur.is_(True),
            Assignment.status.in_([AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED]))))
    rows = db.session.execute(query.order_by(Proposal.id).limit(MAX_PER_PROVIDER))
    return [WaitingTask(TaskKind.CONSENSUS_REPORT,
                        _("Write the consensus report of %(acronym)s", acronym=acronym),
                        "proposal", proposal_id, "review.consensus_report",
                        values={"proposal_id": proposal_id})
            for proposal_id, acronym in rows]
