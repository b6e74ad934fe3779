"""The review's part in a proposal's workflow, registered with :mod:`portal.proposals.hooks`.

The workflow table waits for the reviews to be in and for the consensus report before a
proposal moves on; the designated rapporteur acts on it as a party; and the proposal's experts
are named in its history only to those who may know reviewers (DESIGN 4.5).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.extensions import db
from portal.proposals.hooks import register_guard, register_party, register_sealed_actors
from portal.proposals.models import Proposal
from portal.proposals.workflow import Guard, Party
from portal.review.models import OPEN_ASSIGNMENT, Assignment, AssignmentStatus, ConsensusReport


def reviews_in(proposal: Proposal) -> bool:
    """Every expert still on the panel has submitted, and at least one review is in."""
    counts = dict(db.session.execute(
        select(Assignment.status, func.count()).where(Assignment.proposal_id == proposal.id)
        .group_by(Assignment.status)).all())
    waiting = sum(counts.get(status, 0) for status in OPEN_ASSIGNMENT)
    return not waiting and bool(counts.get(AssignmentStatus.SUBMITTED))


def _reviews_in(proposal: Proposal, note: str, now: datetime):
    if not reviews_in(proposal):
        return _l("Reviews are still outstanding.")


def _report_written(proposal: Proposal, note: str, now: datetime):
    if db.session.scalar(select(ConsensusReport.id)
                         .where(ConsensusReport.proposal_id == proposal.id)) is None:
        return _l("The consensus report has not been written yet.")


def is_designated_rapporteur(user, proposal: Proposal) -> bool:
    """The workflow's rapporteur: the expert designated on the proposal, whatever their
    assignment's status (the workflow only asks who was designated)."""
    return db.session.scalar(
        select(Assignment.id).where(Assignment.proposal_id == proposal.id,
                                    Assignment.expert_id == user.id, Assignment.rapporteur)
    ) is not None


def experts_of(proposal: Proposal) -> set[int]:
    """Every expert ever assigned to the proposal: their names are sealed in its history."""
    return set(db.session.scalars(select(Assignment.expert_id).where(
        Assignment.proposal_id == proposal.id)))


def register(app) -> None:
    register_guard(app, Guard.REVIEWS_IN, _reviews_in)
    register_guard(app, Guard.REPORT_WRITTEN, _report_written)
    register_party(app, Party.RAPPORTEUR, is_designated_rapporteur)
    register_sealed_actors(app, experts_of)
