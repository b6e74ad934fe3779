"""The worker's side of the council: tally a closing session into decisions, close sessions at
their deadline, bring decisions into force; and reconsideration, asked for by a state.

The tally is idempotent: a closed session is left alone and an item that already has its
outcome is skipped, so a repeated delivery of the task makes no second decision.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.accounts.links import external_url
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.calls.terms import DecisionRule
from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.core.i18n import in_language
from portal.core.jobs import enqueue
from portal.council import permissions
from portal.council.commitments import commitments_for
from portal.council.models import (
    AgendaItem,
    Decision,
    ReconsiderationRequest,
    SessionStatus,
    VoteSession,
)
from portal.council.seats import member_states
from portal.council.services import begin_close, counted_ballots
from portal.council.tally import Outcome, Seat, TallyResult, seats_for, tally
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from portal.review.models import ConsensusReport, Recommendation


def objection_days() -> int:
    return int(current_app.config.get("OBJECTION_DAYS", 10))


def next_decision_number(moment: datetime) -> str:
    year = moment.year
    count = db.session.scalar(select(func.count(Decision.id))
                              .where(Decision.number.like(f"{year}/%")))
    return f"{year}/{count + 1}"


def _conditions(proposal: Proposal) -> str:
    report = db.session.scalar(select(ConsensusReport)
                               .where(ConsensusReport.proposal_id == proposal.id))
    if report is None or report.recommendation != Recommendation.FUND_WITH_CONDITIONS:
        return ""
    return (report.conditions or "").strip() or (report.text or "").strip()


def _rationale(result: TallyResult) -> str:
    """The count in words, in Russian: the language of official decisions."""
    with in_language("ru"):
        rule = (_("consensus") if result.rule == DecisionRule.CONSENSUS
                else _("qualified majority (%(n)d of %(seats)d seats required)",
                       n=result.required or 0, seats=result.seats))
        return _("Rule: %(rule)s. For: %(for)d, against: %(against)d, abstentions: "
                 "%(abstain)d, absent: %(absent)d.", rule=rule, **{
                     "for": result.votes_for, "against": result.votes_against,
                     "abstain": result.abstentions, "absent": len(result.absent)})


def _action_for(outcome: Outcome, conditions: str) -> Action:
    if outcome == Outcome.ADOPTED:
        return Action.ADOPT_WITH_CONDITIONS if conditions else Action.ADOPT
    return Action.REJECT if outcome == Outcome.REJECTED else Action.RECORD_NO_CONSENSUS


def tally_item(item: AgendaItem, seats: tuple[Seat, ...], now: datetime) -> Decision:
    """Count the item's ballots, write its outcome and decision, and move its proposal."""
    ballots = {Seat(b.state_code, b.seat_number): b.choice for b in counted_ballots(item)}
    ballots = {seat: choice for seat, choice in ballots.items() if seat in seats}
    result = tally(ballots, seats, DecisionRule(item.rule), sensitive=item.sensitive)
    proposal = db.session.get(Proposal, item.proposal_id)
    conditions = _conditions(proposal) if result.outcome == Outcome.ADOPTED else ""
    item.outcome, item.tallied_at = result.outcome, now
    decision = Decision(
        number=next_decision_number(now), item_id=item.id, proposal_id=proposal.id,
        outcome=result.outcome, rule=result.rule, conditions=conditions,
        rationale=_rationale(result), decided_at=now,
        objection_until=now + timedelta(days=objection_days()),
        commitments=commitments_for(proposal, result.outcome, now),
        ballots=[{"state": seat.state, "seat": seat.number,
                  "choice": str(ballots[seat]) if seat in ballots else None} for seat in seats])
    db.session.add(decision)
    db.session.flush()
    apply_transition(proposal, _action_for(result.outcome, conditions), None,
                     note=decision.number, now=now)
    audit.record("decision.take", audit.WORKER_ACTOR, f"decision:{decision.id}", number=decision.number,
                 proposal=proposal.id, outcome=decision.outcome, ballots=decision.ballots,
                 commitments=decision.commitments)
    return decision


def council_recipients() -> list[User]:
    return list(db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role.in_([Role.COUNCIL_MEMBER, Role.COUNCIL_ALTERNATE,
                                        Role.SECRETARIAT]))
        .distinct().order_by(User.id)))


def _mail_decisions(session: VoteSession, decisions: list[Decision]) -> None:
    for decision in decisions:
        proposal = db.session.get(Proposal, decision.proposal_id)
        link = external_url("council.decision", decision_id=decision.id)
        if proposal.created_by.is_active:
            mail_user(proposal.created_by, "council_decision", decision=decision,
                      proposal=proposal, link=link)
    if decisions:
        link = external_url("council.session", session_id=session.id)
        for user in council_recipients():
            if user.is_active:
                mail_user(user, "council_session_closed", session=session, decisions=decisions,
                          link=link)


def tally_session(session_id: int, now: datetime | None = None) -> list[Decision]:
    """Tally every undecided item of a ``closing`` session, then close it. Returns the new
    decisions; nothing for a session that is open or already closed."""
    now = now or utcnow()
    query = select(VoteSession).where(VoteSession.id == session_id).with_for_update()
    session = db.session.scalar(query)
    if session is None or session.status != SessionStatus.CLOSING:
        return []
    seats = seats_for(member_states(), session.seats_per_state)
    decisions = [tally_item(item, seats, now) for item in session.items if item.outcome is None]
    session.status, session.closed_at = SessionStatus.CLOSED, now
    db.session.flush()
    audit.record("vote_session.tally", audit.WORKER_ACTOR, f"vote_session:{session.id}",
                 decisions=[decision.number for decision in decisions])
    _mail_decisions(session, decisions)
    return decisions


def close_due_sessions(now: datetime | None = None) -> int:
    """Close the sessions whose ``closes_at`` has passed (a written procedure's deadline, a
    meeting's latest end) and queue their tallies; queue again the tally of a session still
    ``closing``. Returns how many were closed."""
    now = now or utcnow()
    stuck = list(db.session.scalars(select(VoteSession.id).where(
        VoteSession.status == SessionStatus.CLOSING)))
    for session_id in stuck:  # the send of their tally may have been lost; it is idempotent
        enqueue("portal.council.tasks.tally_session", session_id)
    due = list(db.session.scalars(select(VoteSession).where(
        VoteSession.status == SessionStatus.OPEN, VoteSession.closes_at <= now)))
    for session in due:
        begin_close(session, audit.WORKER_ACTOR)
    return len(due)


def enter_decisions_into_force(now: datetime | None = None) -> int:
    """Decisions whose objection window passed without a request for reconsideration enter
    into force. Returns how many did."""
    now = now or utcnow()
    due = list(db.session.scalars(select(Decision).where(
        Decision.entered_into_force_at.is_(None), Decision.reconsideration_requested_at.is_(None),
        Decision.objection_until <= now)))
    for decision in due:
        decision.entered_into_force_at = now
        audit.record("decision.enter_into_force", audit.WORKER_ACTOR, f"decision:{decision.id}",
                     number=decision.number)
    db.session.flush()
    return len(due)


def get_decision(decision_id: int) -> Decision:
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(_("There is nothing here."))
    return decision


def request_reconsideration(decision_id: int, actor, reason: str) -> ReconsiderationRequest:
    """A state asks, within the objection window, for the item to be put on the next session:
    the decision never enters into force and the proposal is ``ready_for_council`` again."""
    if not permissions.can_request_reconsideration(actor):
        raise PermissionDenied(_("Only council members may ask for reconsideration."))
    decision = get_decision(decision_id)
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError(_("Some values are not valid."),
                              {"reason": [_("Give a reason: it is kept in the record.")]})
    if too_long := limits.text_problem(reason, limits.DESCRIPTION_MAX):
        raise ValidationError(_("Some values are not valid."), {"reason": [too_long]})
    now = utcnow()
    if decision.entered_into_force_at is not None or now >= decision.objection_until:
        raise ConflictError(_("The objection window of this decision has closed."))
    state = sorted(permissions.council_states(actor))[0]
    if db.session.scalar(select(ReconsiderationRequest.id).where(
            ReconsiderationRequest.decision_id == decision.id,
            ReconsiderationRequest.state_code == state)) is not None:
        raise ConflictError(_("Your state has already asked for reconsideration."))
    request = ReconsiderationRequest(decision_id=decision.id, state_code=state,
                                     requested_by_id=actor.id, reason=reason, at=now)
    db.session.add(request)
    if decision.reconsideration_requested_at is None:
        proposal = db.session.get(Proposal, decision.proposal_id)
        apply_transition(proposal, Action.RECONSIDER, actor, note=reason, now=now)
        decision.reconsideration_requested_at = now
    db.session.flush()
    audit.record("decision.reconsideration", actor, f"decision:{decision.id}", state=state,
                 reason=reason)
    return request
