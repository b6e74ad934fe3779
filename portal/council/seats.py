"""Council seats: which seat a user holds, and who votes for it on an agenda item.

A ``council_member:KZ`` holds seat 1 of KZ unless a :class:`CouncilSeat` row names someone else
as that seat's titular (of several council members of a state that no row seats, the first
given the role holds it). Rows are needed only to say more than the roles do: the second seat of
a state in Board mode, or which of two council members holds seat 1. They are written by
:func:`assign_seat` (the ``portal council seat`` command and the demo data).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.core import audit
from portal.core.errors import ConflictError, PermissionDenied, PortalError, ValidationError
from portal.council import permissions
from portal.council.models import AgendaItem, Ballot, CouncilSeat, Recusal
from portal.council.tally import Seat
from portal.extensions import db
from portal.reference.queries import reference_names, state_name


def member_states() -> list[str]:
    """The member states' codes in their order (from memory)."""
    return list(reference_names().states)


def seat_of(user) -> Seat | None:
    """The seat ``user`` holds as titular member, or None."""
    if not permissions.is_council(user):
        return None
    row = db.session.scalar(select(CouncilSeat).where(CouncilSeat.titular_id == user.id)
                            .order_by(CouncilSeat.state_code, CouncilSeat.number).limit(1))
    if row is not None:
        return Seat(row.state_code, row.number)
    for state in sorted(user.scopes(Role.COUNCIL_MEMBER)):
        first = db.session.scalar(select(CouncilSeat).where(CouncilSeat.state_code == state,
                                                            CouncilSeat.number == 1))
        if (first is None or first.titular_id is None) and _first_unseated(state) == user.id:
            return Seat(state, 1)
    return None


def _first_unseated(state: str) -> int | None:
    """The council member of ``state`` who holds seat 1 when no row names its titular: the
    first to be given the role among those no row seats elsewhere."""
    seated = select(CouncilSeat.titular_id).where(CouncilSeat.titular_id.is_not(None))
    return db.session.scalar(select(RoleAssignment.user_id).where(
        RoleAssignment.role == Role.COUNCIL_MEMBER, RoleAssignment.scope == state,
        RoleAssignment.user_id.not_in(seated)).order_by(RoleAssignment.id).limit(1))


#: Not known yet: look it up (the seat of a user, the recusals of an item).
UNKNOWN: object = object()


def recused_seats(item: AgendaItem, state: str, recusals=UNKNOWN) -> list[Seat]:
    """The recused seats of ``state`` on ``item``; from ``recusals`` (the item's, as
    :func:`portal.council.services.agenda_rows` loads them for a whole agenda) when given."""
    if recusals is not UNKNOWN:
        return [Seat(state, recusal.seat_number) for recusal in sorted(
            recusals, key=lambda recusal: recusal.seat_number) if recusal.state_code == state]
    numbers = db.session.scalars(select(Recusal.seat_number).where(
        Recusal.item_id == item.id, Recusal.state_code == state).order_by(Recusal.seat_number))
    return [Seat(state, number) for number in numbers]


def is_recused(item: AgendaItem, seat: Seat, recusals=UNKNOWN) -> bool:
    return seat in recused_seats(item, seat.state, recusals)


def voting_seat(item: AgendaItem, user, own=UNKNOWN, recusals=UNKNOWN) -> Seat | None:
    """The seat ``user`` may vote for on ``item``: their own while they have not recused, or,
    for an alternate, a recused seat of their state (the one they already voted for first).
    A page of many items passes the user's seat (``own``, :func:`seat_of`) and each item's
    ``recusals``, looked up once."""
    seats_per_state = item.session.seats_per_state
    own = seat_of(user) if own is UNKNOWN else own
    if own is not None and own.number <= seats_per_state and not is_recused(item, own, recusals):
        return own
    for state in sorted(user.scopes(Role.COUNCIL_ALTERNATE)) if user.is_authenticated else []:
        recused = [seat for seat in recused_seats(item, state, recusals)
                   if seat.number <= seats_per_state]
        if not recused:
            continue
        mine = db.session.scalar(select(Ballot.seat_number).where(
            Ballot.item_id == item.id, Ballot.state_code == state, Ballot.voter_id == user.id,
            Ballot.counted.is_(True)))
        return Seat(state, mine) if mine is not None else recused[0]
    return None


def refusal_to_vote(user, item: AgendaItem, own=UNKNOWN, recusals=UNKNOWN) -> PortalError | None:
    """Cast a ballot on ``item``: while it is open for votes, for the seat ``user`` votes for
    (:func:`voting_seat`). A seat may change its ballot until the close."""
    if refusal := permissions.refusal_to_ballot_on(item):
        return refusal
    if voting_seat(item, user, own, recusals) is None:
        return PermissionDenied(_("You hold no seat that may vote on this item."))
    return None


def can_vote(user, item: AgendaItem, own=UNKNOWN, recusals=UNKNOWN) -> bool:
    return refusal_to_vote(user, item, own, recusals) is None


def refusal_to_recuse(user, item: AgendaItem, own=UNKNOWN, recusals=UNKNOWN) -> PortalError | None:
    """Stand aside on ``item``: the titular of a seat that sits in this session, once, while it
    is open for votes."""
    if refusal := permissions.refusal_to_ballot_on(item):
        return refusal
    seat = seat_of(user) if own is UNKNOWN else own
    if seat is None or seat.number > item.session.seats_per_state:
        return PermissionDenied(_("Only the titular member of a seat may recuse."))
    if is_recused(item, seat, recusals):
        return ConflictError(_("You have already recused yourself on this item."))
    return None


def can_recuse(user, item: AgendaItem, own=UNKNOWN, recusals=UNKNOWN) -> bool:
    return refusal_to_recuse(user, item, own, recusals) is None


def assign_seat(state: str, number: int, titular: User | None, actor) -> CouncilSeat:
    """Name the titular of seat ``number`` of ``state`` (None leaves it to the roles)."""
    if not (actor == "cli" or permissions.can_manage_seats(actor)):
        raise PermissionDenied(_("Only the secretariat and administrators may assign council "
                                 "seats."))
    if state not in member_states() or number not in (1, 2):
        raise ValidationError(_("Some values are not valid."),
                              {"seat": [_("No such council seat.")]})
    if titular is not None and not (titular.is_active and titular.has_role(Role.COUNCIL_MEMBER, state)):
        raise ValidationError(_("Some values are not valid."), {"titular": [
            _("The titular must be a council member of %(state)s.", state=state_name(state))]})
    row = db.session.scalar(select(CouncilSeat).where(CouncilSeat.state_code == state,
                                                      CouncilSeat.number == number))
    if row is None:
        row = CouncilSeat(state_code=state, number=number)
        db.session.add(row)
    if titular is not None:
        for other in db.session.scalars(select(CouncilSeat).where(
                CouncilSeat.titular_id == titular.id, CouncilSeat.id != row.id)):
            other.titular_id = None
    row.titular_id = titular.id if titular is not None else None
    db.session.flush()
    audit.record("council_seat.assign", actor, f"council_seat:{row.id}", state=state,
                 number=number, titular=row.titular_id)
    return row


@dataclass(frozen=True)
class SeatView:
    """A seat as the seats page and ``GET /api/v1/council/seats`` show it: who holds it, and
    whether a row names them (``assigned``) or the roles decide (seat 1 only)."""

    state: str
    number: int
    titular: User | None
    assigned: bool
    candidates: list[User]


def seats_overview() -> list[SeatView]:
    """Both seats of every member state, in a fixed number of queries: the rows, the council
    members (the candidates for a seat of their state), and who holds seat 1 by role."""
    rows = {(row.state_code, row.number): row
            for row in db.session.scalars(select(CouncilSeat))}
    members = db.session.execute(
        select(RoleAssignment.scope, User).join(User, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.COUNCIL_MEMBER, User.is_active_account.is_(True))
        .order_by(User.name, User.id)).all()
    titulars = {row.titular_id for row in rows.values() if row.titular_id is not None}
    people = {user.id: user for _scope, user in members}
    if missing := titulars - people.keys():
        people.update({u.id: u for u in db.session.scalars(select(User).where(User.id.in_(missing)))})
    overview = []
    for state in member_states():
        candidates = [user for scope, user in members if scope == state]
        for number in (1, 2):
            row = rows.get((state, number))
            if row is not None and row.titular_id is not None:
                overview.append(SeatView(state, number, people[row.titular_id], True, candidates))
                continue
            holder = _first_unseated(state) if number == 1 else None
            overview.append(SeatView(state, number, people.get(holder) if holder else None,
                                     False, candidates))
    return overview
