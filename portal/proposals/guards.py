"""The guards of the workflow table: each one a condition on the proposal's facts that must
hold for a transition, with the message that says why it does not."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.council.models import Decision
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.workflow import Guard
from portal.review.models import OPEN_ASSIGNMENT, Assignment, AssignmentStatus, ConsensusReport


def _call_open(proposal: Proposal, note: str, now: datetime):
    if not proposal.call.is_open(now):
        return _l("The call is not open for submissions.")


def _has_consortium(proposal: Proposal, note: str, now: datetime):
    organisations = {partner.organisation_id for partner in proposal.partners}
    if proposal.lead_organisation_id not in organisations or len(organisations) < 2:
        return _l("A proposal needs its lead and at least one other partner.")


def _note_given(proposal: Proposal, note: str, now: datetime):
    if not (note or "").strip():
        return _l("Give a reason: it is kept in the proposal's history.")


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


def latest_decision(proposal: Proposal) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id)
                             .order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(1))


def _objection_window_open(proposal: Proposal, note: str, now: datetime):
    decision = latest_decision(proposal)
    if decision is None or decision.entered_into_force_at or now >= decision.objection_until:
        return _l("The objection window of this decision has closed.")


def _decision_in_force(proposal: Proposal, note: str, now: datetime):
    decision = latest_decision(proposal)
    if decision is None or decision.entered_into_force_at is None:
        return _l("The decision has not entered into force yet.")


_CHECKS: dict[Guard, Callable] = {
    Guard.CALL_OPEN: _call_open,
    Guard.HAS_CONSORTIUM: _has_consortium,
    Guard.NOTE_GIVEN: _note_given,
    Guard.REVIEWS_IN: _reviews_in,
    Guard.REPORT_WRITTEN: _report_written,
    Guard.OBJECTION_WINDOW_OPEN: _objection_window_open,
    Guard.DECISION_IN_FORCE: _decision_in_force,
}


def failed_guards(guards: Iterable[Guard], proposal: Proposal, note: str,
                  now: datetime) -> list[str]:
    """The message of every guard that does not hold, in the table's order."""
    messages = (_CHECKS[guard](proposal, note, now) for guard in guards)
    return [str(message) for message in messages if message is not None]
