"""Who may see and act on vote sessions, ballots and decisions (DESIGN 4.6).

=============================  ==============================================================
action                         who
=============================  ==============================================================
create a session, close it     secretariat
see sessions and agendas       secretariat, council members and alternates of every state
see who has voted (not how)    secretariat, before the close
see a state's ballot           before the close: that state's council members and alternates;
                               after the close: every reader of the session
vote for a seat                its titular; after the titular's recusal, an alternate of its
                               state; while the session is open for votes and the item
                               undecided (:func:`portal.council.seats.can_vote`)
recuse on an item              the titular of a seat, once, while the session is open for votes
close a meeting                secretariat, while it is open (a written procedure closes at
                               its deadline)
ask for reconsideration        a council member or alternate of any state, in the window
read decisions                 everyone (the public register)
=============================  ==============================================================

A ``can_…`` predicate on an object knows its state; its ``refusal_to_…`` twin gives the error a
service raises (403 for who, 409 for when), so the page, the API and the service ask alike.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.accounts.roles import Role
from portal.core.db import utcnow
from portal.core.errors import ConflictError, PermissionDenied, PortalError
from portal.core.permissions import signed_in
from portal.council.models import AgendaItem, SessionKind, SessionStatus, VoteSession


def is_secretariat(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARIAT)


def council_states(user) -> set[str]:
    """The states ``user`` sits for, as titular member or alternate."""
    if not signed_in(user):
        return set()
    return user.scopes(Role.COUNCIL_MEMBER) | user.scopes(Role.COUNCIL_ALTERNATE)


def is_council(user) -> bool:
    return bool(council_states(user))


def can_view_sessions(user) -> bool:
    return is_secretariat(user) or is_council(user)


def can_manage_sessions(user) -> bool:
    return is_secretariat(user)


def can_manage_seats(user) -> bool:
    """Name the titular of a council seat: the secretariat and administrators."""
    return is_secretariat(user) or (signed_in(user) and user.has_role(Role.ADMIN))


def can_see_ballots_of(user, state_code: str, session_closed: bool) -> bool:
    if session_closed:
        return can_view_sessions(user)
    return state_code in council_states(user)


def can_see_who_voted(user) -> bool:
    return is_secretariat(user)


def can_request_reconsideration(user) -> bool:
    return is_council(user)


def can_request_reconsideration_of(user, decision) -> bool:
    """The decision page's form: a council member or alternate, while the decision is not in
    force and no state has asked yet (the service also holds each state to the window)."""
    return (can_request_reconsideration(user) and decision.entered_into_force_at is None
            and decision.reconsideration_requested_at is None)


def is_open_for_votes(session: VoteSession, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return session.status == SessionStatus.OPEN and session.opens_at <= now < session.closes_at


def refusal_to_ballot_on(item: AgendaItem) -> PortalError | None:
    """Ballots and recusals on ``item``: only while its session is open and it is undecided."""
    if not is_open_for_votes(item.session) or item.outcome is not None:
        return ConflictError(_("This session is not open for votes."))
    return None


def refusal_to_close(user, session: VoteSession) -> PortalError | None:
    """The secretariat closes a meeting while it is open; a written procedure closes at its
    deadline."""
    if not can_manage_sessions(user):
        return PermissionDenied(_("Only the secretariat may close vote sessions."))
    if session.status != SessionStatus.OPEN:
        return ConflictError(_("This session is already closed."))
    if session.kind == SessionKind.WRITTEN:
        return ConflictError(_("A written procedure closes at its deadline."))
    return None


def can_close_session(user, session: VoteSession) -> bool:
    return refusal_to_close(user, session) is None
