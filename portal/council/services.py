"""Vote sessions: create one with its agenda, cast a ballot, recuse, close (DESIGN 4.6).

A session is ``open`` from its creation; between ``opens_at`` and ``closes_at`` the seats vote.
Closing it (the secretariat for a meeting, the worker at the deadline) sets ``closing`` and
queues the tally (:mod:`portal.council.decisions`), which sets ``closed``. Each service checks
the rule, changes state, audits and flushes; the caller commits once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exc, select, update
from sqlalchemy.orm import selectinload

from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
    raise_refusal,
)
from portal.core.jobs import enqueue
from portal.council import permissions
from portal.council.models import (
    AgendaItem,
    Ballot,
    Recusal,
    SessionKind,
    SessionStatus,
    VoteSession,
)
from portal.council.seats import refusal_to_recuse, refusal_to_vote, seat_of, voting_seat
from portal.council.tally import Choice, Seat
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus


def _invalid(fields: dict[str, list[str]]) -> ValidationError:
    return ValidationError(_("Some values are not valid."), fields)


def get_session(session_id: int, user) -> VoteSession:
    """The session, or 404 for anyone who may not see vote sessions."""
    session = db.session.get(VoteSession, session_id, options=[selectinload(VoteSession.items)])
    if session is None or not permissions.can_view_sessions(user):
        raise NotFound(_("There is nothing here."))
    return session


@dataclass
class AgendaRows:
    """What the items of a session show, by item id (proposals by their id), loaded for the
    whole agenda at once (:func:`agenda_rows`)."""

    proposals: dict[int, Proposal] = dataclass_field(default_factory=dict)
    ballots: dict[int, list[Ballot]] = dataclass_field(default_factory=lambda: defaultdict(list))
    recusals: dict[int, list[Recusal]] = dataclass_field(default_factory=lambda: defaultdict(list))


def agenda_rows(session: VoteSession) -> AgendaRows:
    """The proposals, counted ballots (as :func:`counted_ballots` orders them) and recusals
    (as :func:`recusals` does) of every item of ``session``, in three statements however long
    its agenda."""
    rows = AgendaRows()
    items = [item.id for item in session.items]
    if not items:
        return rows
    rows.proposals = {proposal.id: proposal for proposal in db.session.scalars(
        select(Proposal).where(Proposal.id.in_([item.proposal_id for item in session.items])))}
    for ballot in db.session.scalars(select(Ballot).where(
            Ballot.item_id.in_(items), Ballot.counted.is_(True))
            .order_by(Ballot.state_code, Ballot.seat_number)):
        rows.ballots[ballot.item_id].append(ballot)
    for recusal in db.session.scalars(select(Recusal).where(Recusal.item_id.in_(items))
                                      .order_by(Recusal.state_code, Recusal.seat_number)):
        rows.recusals[recusal.item_id].append(recusal)
    return rows


def get_item(item_id: int, user, session_id: int | None = None) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if (item is None or not permissions.can_view_sessions(user)
            or (session_id is not None and item.session_id != session_id)):
        raise NotFound(_("There is nothing here."))
    return item


def _check_session_values(values: dict, now: datetime) -> tuple[dict, dict]:
    problems: dict[str, list[str]] = {}
    title = values.get("title")
    title = title.strip() if isinstance(title, str) else ""
    if not title:
        problems["title"] = [_("This field is required.")]
    elif too_long := limits.text_problem(title, limits.TITLE_MAX):
        problems["title"] = [too_long]
    kind = values.get("kind")
    if kind not in set(SessionKind):
        problems["kind"] = [_("Choose a meeting or a written procedure.")]
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    for field, moment in (("opens_at", opens_at), ("closes_at", closes_at)):
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            problems[field] = [_("An ISO 8601 time with its zone, e.g. 2026-05-01T09:00:00Z.")]
        elif out_of_range := limits.date_problem(moment):
            problems[field] = [out_of_range]
    if (isinstance(opens_at, datetime) and isinstance(closes_at, datetime)
            and "opens_at" not in problems and "closes_at" not in problems):
        if closes_at <= opens_at:
            problems["closes_at"] = [_("The session must close after it opens.")]
        elif closes_at <= now:
            problems["closes_at"] = [_("The session must close in the future.")]
    seats = values.get("seats_per_state")
    if seats is None:
        seats = current_app.config.get("COUNCIL_SEATS_PER_STATE", 1)
    if seats not in (1, 2) or isinstance(seats, bool):
        problems["seats_per_state"] = [_("One seat per state, or two in Board mode.")]
    clean = {"title": title, "kind": kind, "opens_at": opens_at, "closes_at": closes_at,
             "seats_per_state": seats}
    return clean, problems


def _check_items(items, problems: dict) -> list[tuple[Proposal, bool]]:
    if not isinstance(items, list) or not items:
        problems["items"] = [_("Put at least one proposal on the agenda.")]
        return []
    agenda, seen, messages = [], set(), []
    for entry in items:
        proposal_id = entry.get("proposal_id") if isinstance(entry, dict) else None
        sensitive = entry.get("sensitive", False) if isinstance(entry, dict) else False
        if not isinstance(proposal_id, int) or isinstance(proposal_id, bool) \
                or not isinstance(sensitive, bool):
            messages.append(_("Each item needs a proposal_id and, optionally, sensitive."))
            continue
        proposal = db.session.get(Proposal, proposal_id) if limits.is_id(proposal_id) else None
        if proposal is None:
            messages.append(_("No such proposal: %(id)d.", id=proposal_id))
        elif proposal_id in seen:
            messages.append(_("Proposal %(id)d is listed twice.", id=proposal_id))
        elif proposal.status != ProposalStatus.READY_FOR_COUNCIL:
            messages.append(_("Proposal %(id)d is not ready for the council.", id=proposal_id))
        else:
            agenda.append((proposal, sensitive))
        seen.add(proposal_id)
    if messages:
        problems["items"] = messages
    return agenda


def create_vote_session(values: dict, actor) -> VoteSession:
    """Create a meeting or a written procedure with its agenda: each item a proposal that is
    ``ready_for_council``, which goes ``on_agenda``. An item is decided by its call's rule, or
    by consensus if it is sensitive."""
    if not permissions.can_manage_sessions(actor):
        raise PermissionDenied(_("Only the secretariat may create vote sessions."))
    now = utcnow()
    clean, problems = _check_session_values(values, now)
    agenda = _check_items(values.get("items"), problems)
    if problems:
        raise _invalid(problems)
    session = VoteSession(created_by_id=actor.id, status=SessionStatus.OPEN, created_at=now,
                          **clean)
    db.session.add(session)
    for position, (proposal, sensitive) in enumerate(agenda, start=1):
        session.items.append(AgendaItem(proposal_id=proposal.id, position=position,
                                        rule=proposal.call.decision_rule, sensitive=sensitive))
        apply_transition(proposal, Action.PUT_ON_AGENDA, actor, now=now)
    db.session.flush()
    audit.record("vote_session.create", actor, f"vote_session:{session.id}", kind=session.kind,
                 proposals=[proposal.id for proposal, _sensitive in agenda],
                 seats_per_state=session.seats_per_state)
    return session


def cast_ballot(item_id: int, actor, choice, session_id: int | None = None) -> Ballot:
    """Cast the ballot of the actor's seat: the titular's, or an alternate's after the titular
    recused. The seat's previous ballot stops counting; the database holds one counted ballot
    per item and seat, so a concurrent second ballot is refused with 409."""
    if choice not in set(Choice):
        raise _invalid({"choice": [_("Vote for, against, or abstain.")]})
    item = get_item(item_id, actor, session_id)
    raise_refusal(refusal_to_vote(actor, item))
    seat = cast(Seat, voting_seat(item, actor))  # refusal_to_vote refuses anyone without one
    try:
        with db.session.begin_nested():
            db.session.execute(update(Ballot).where(
                Ballot.item_id == item.id, Ballot.state_code == seat.state,
                Ballot.seat_number == seat.number, Ballot.counted.is_(True))
                .values(counted=False))
            ballot = Ballot(item_id=item.id, state_code=seat.state, seat_number=seat.number,
                            voter_id=actor.id, choice=choice, cast_at=utcnow(), counted=True)
            db.session.add(ballot)
            db.session.flush()
    except exc.IntegrityError:
        raise ConflictError(_("Another ballot for your seat was cast at the same moment; "
                              "reload and vote again.")) from None
    # The choice stays in the ballot row, hidden until the close; the log says who voted.
    audit.record("ballot.cast", actor, f"agenda_item:{item.id}", ballot=ballot.id,
                 state=seat.state, seat=seat.number)
    return ballot


def recuse(item_id: int, actor, reason: str, session_id: int | None = None) -> Recusal:
    """The titular of a seat stands aside on an item; the state's alternate votes instead.
    A ballot the titular already cast stops counting."""
    item = get_item(item_id, actor, session_id)
    raise_refusal(refusal_to_recuse(actor, item))
    seat = cast(Seat, seat_of(actor))  # refusal_to_recuse refuses anyone without one
    reason = (reason or "").strip() if isinstance(reason, str) or reason is None else None
    if not reason:
        raise _invalid({"reason": [_("Give a reason: it is kept in the record.")]})
    if too_long := limits.text_problem(reason, limits.DESCRIPTION_MAX):
        raise _invalid({"reason": [too_long]})
    db.session.execute(update(Ballot).where(
        Ballot.item_id == item.id, Ballot.state_code == seat.state,
        Ballot.seat_number == seat.number, Ballot.counted.is_(True)).values(counted=False))
    recusal = Recusal(item_id=item.id, state_code=seat.state, seat_number=seat.number,
                      user_id=actor.id, reason=reason, at=utcnow())
    db.session.add(recusal)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except exc.IntegrityError:
        raise ConflictError(_("You have already recused yourself on this item.")) from None
    audit.record("council.recuse", actor, f"agenda_item:{item.id}", state=seat.state,
                 seat=seat.number, reason=reason)
    return recusal


def begin_close(session: VoteSession, actor) -> VoteSession:
    """Mark ``session`` closing and queue its tally (once the transaction commits)."""
    session.status = SessionStatus.CLOSING
    db.session.flush()
    audit.record("vote_session.close", actor, f"vote_session:{session.id}")
    enqueue("portal.council.tasks.tally_session", session.id)
    return session


def close_session(session_id: int, actor) -> VoteSession:
    """The secretariat closes a meeting; a written procedure closes at its deadline."""
    if not permissions.can_manage_sessions(actor):
        raise PermissionDenied(_("Only the secretariat may close vote sessions."))
    session = get_session(session_id, actor)
    raise_refusal(permissions.refusal_to_close(actor, session))
    return begin_close(session, actor)


def counted_ballots(item: AgendaItem) -> list[Ballot]:
    return list(db.session.scalars(select(Ballot).where(
        Ballot.item_id == item.id, Ballot.counted.is_(True))
        .order_by(Ballot.state_code, Ballot.seat_number)))


def recusals(item: AgendaItem) -> list[Recusal]:
    return list(db.session.scalars(select(Recusal).where(Recusal.item_id == item.id)
                                   .order_by(Recusal.state_code, Recusal.seat_number)))
