"""The council's part of what waits for a user (:mod:`portal.core.waiting`): a ballot for each
undecided item of a session open for votes where the user's seat (a titular member) or their
state (an alternate, or a council member without a seat) has not voted yet, due when the
session closes; and, for the secretariat, the decisions a state asked to reconsider, whose
proposal waits to be put on the next session."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from portal.core.waiting import MAX_PER_PROVIDER, TaskKind, WaitingTask
from portal.council.models import (
    AgendaItem,
    Ballot,
    Decision,
    Recusal,
    SessionStatus,
    VoteSession,
)
from portal.council.permissions import council_states, is_secretariat
from portal.council.seats import seat_of
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus


def _open_items(now: datetime, *conditions):
    return db.session.execute(
        select(AgendaItem.id, VoteSession.id, VoteSession.title, VoteSession.closes_at,
               Proposal.acronym)
        .join(VoteSession, VoteSession.id == AgendaItem.session_id)
        .join(Proposal, Proposal.id == AgendaItem.proposal_id)
        .where(VoteSession.status == SessionStatus.OPEN, VoteSession.opens_at <= now,
               VoteSession.closes_at > now, AgendaItem.outcome.is_(None), *conditions)
        .order_by(VoteSession.closes_at, AgendaItem.session_id, AgendaItem.position)
        .limit(MAX_PER_PROVIDER)).all()


def _seat_has_not_voted(state: str, number: int):
    voted = select(Ballot.id).where(Ballot.item_id == AgendaItem.id, Ballot.state_code == state,
                                    Ballot.seat_number == number, Ballot.counted.is_(True))
    recused = select(Recusal.id).where(Recusal.item_id == AgendaItem.id,
                                       Recusal.state_code == state, Recusal.seat_number == number)
    return and_(VoteSession.seats_per_state >= number, ~voted.exists(), ~recused.exists())


def _state_has_not_voted(state: str):
    """Fewer counted ballots of ``state`` than the session has seats per state."""
    counted = (select(func.count(Ballot.id)).where(
        Ballot.item_id == AgendaItem.id, Ballot.state_code == state, Ballot.counted.is_(True))
        .scalar_subquery())
    return counted < VoteSession.seats_per_state


def ballots_to_cast(user, now: datetime) -> list[WaitingTask]:
    """One statement per state the user sits for (one for the seat they hold)."""
    states = council_states(user)
    if not states:
        return []
    seat = seat_of(user)
    found: dict[int, WaitingTask] = {}
    for state in sorted(states):
        condition = (_seat_has_not_voted(seat.state, seat.number)
                     if seat is not None and seat.state == state else _state_has_not_voted(state))
        for item_id, session_id, session_title, closes_at, acronym in _open_items(now, condition):
            found.setdefault(item_id, WaitingTask(
                TaskKind.BALLOT, _("Vote on %(acronym)s in “%(session)s”", acronym=acronym,
                                   session=session_title),
                "agenda_item", item_id, "council.session", due_at=closes_at,
                values={"session_id": session_id}, anchor=f"item-{item_id}-heading"))
    return list(found.values())


def reconsiderations_to_schedule(user, now: datetime) -> list[WaitingTask]:
    """One statement: for the secretariat, the decisions asked to be reconsidered whose
    proposal is ready for the council again (not yet on a new session's agenda)."""
    if not is_secretariat(user):
        return []
    rows = db.session.execute(
        select(Decision.id, Decision.number, Proposal.id, Proposal.acronym)
        .join(Proposal, Proposal.id == Decision.proposal_id)
        .where(Decision.reconsideration_requested_at.is_not(None),
               Proposal.status == ProposalStatus.READY_FOR_COUNCIL)
        .order_by(Decision.reconsideration_requested_at.desc(), Decision.id.desc())
        .limit(MAX_PER_PROVIDER))
    latest: dict[int, WaitingTask] = {}  # a proposal reconsidered twice: its latest decision
    for decision_id, number, proposal_id, acronym in rows:
        latest.setdefault(proposal_id, WaitingTask(
            TaskKind.RECONSIDERATION,
            _("Put %(acronym)s on the next session: decision %(number)s is to be reconsidered",
              acronym=acronym, number=number),
            "decision", decision_id, "council.decision", values={"decision_id": decision_id}))
    return list(latest.values())
