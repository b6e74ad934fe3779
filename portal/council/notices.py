"""Telling people what happened in the council, by the worker's sweep (DESIGN 4.6): a vote
session opened (the council members and alternates of every state), a written procedure about
to close without a state's ballot (that state's council members and alternates,
:data:`CLOSING_NOTICE` before the deadline), a request for reconsideration (the secretariat), a
decision entered into force (the proposal's applicants and the council).

Each notice goes to each recipient once, in their language: :func:`mail_once` keeps a key per
recipient and event, so a sweep that runs twice, or in two workers at once, tells nobody twice.
Events older than :data:`LOOKBACK` are not looked for: a worker that was down that long tells
of nothing stale.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.accounts.links import external_url
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.council.models import (
    Ballot,
    Decision,
    ReconsiderationRequest,
    SessionKind,
    SessionStatus,
    VoteSession,
)
from portal.extensions import db
from portal.notifications.services import mail_once
from portal.proposals.notices import applicants

#: How long before a written procedure's deadline the states that have not voted are reminded.
CLOSING_NOTICE = timedelta(hours=48)
#: How far back the sweep looks for events (requests, decisions in force).
LOOKBACK = timedelta(days=3)
COUNCIL_ROLES = (Role.COUNCIL_MEMBER, Role.COUNCIL_ALTERNATE)


def _users_with(roles, scope: str | None = None) -> list[User]:
    query = (select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
             .where(RoleAssignment.role.in_([str(role) for role in roles])))
    if scope is not None:
        query = query.where(RoleAssignment.scope == scope)
    return list(db.session.scalars(query.distinct().order_by(User.id)))


def tell_sessions_opened(now: datetime) -> int:
    """Every council member and alternate, once a session is open for votes."""
    sessions = list(db.session.scalars(select(VoteSession).where(
        VoteSession.status == SessionStatus.OPEN, VoteSession.opens_at <= now,
        VoteSession.closes_at > now).order_by(VoteSession.id)))
    if not sessions:
        return 0
    council = _users_with(COUNCIL_ROLES)
    sent = 0
    for session in sessions:
        link = external_url("council.session", session_id=session.id)
        for user in council:
            sent += mail_once(user, f"vote_session.opened:{session.id}", "council_session_opened",
                              now, session=session, items=len(session.items), link=link)
    return sent


def _states_without_ballot(session: VoteSession, states: list[str]) -> list[str]:
    """The states that have not voted on some undecided item of ``session``."""
    undecided = [item.id for item in session.items if item.outcome is None]
    voted = set(db.session.execute(select(Ballot.item_id, Ballot.state_code).where(
        Ballot.item_id.in_(undecided), Ballot.counted.is_(True))).all())
    return [state for state in states if any((item, state) not in voted for item in undecided)]


def remind_closing_procedures(now: datetime) -> int:
    """The council members and alternates of each state that has not voted on every item of a
    written procedure closing within :data:`CLOSING_NOTICE`."""
    sessions = list(db.session.scalars(select(VoteSession).where(
        VoteSession.status == SessionStatus.OPEN, VoteSession.kind == SessionKind.WRITTEN,
        VoteSession.opens_at <= now, VoteSession.closes_at > now,
        VoteSession.closes_at <= now + CLOSING_NOTICE).order_by(VoteSession.id)))
    if not sessions:
        return 0
    seated = db.session.execute(select(RoleAssignment.scope).where(
        RoleAssignment.role.in_([str(role) for role in COUNCIL_ROLES])).distinct()).scalars()
    states = sorted(state for state in seated if state)
    sent = 0
    for session in sessions:
        link = external_url("council.session", session_id=session.id)
        for state in _states_without_ballot(session, states):
            for user in _users_with(COUNCIL_ROLES, state):
                sent += mail_once(user, f"vote_session.closing:{session.id}:{state}",
                                  "council_procedure_closing", now, session=session,
                                  state=state, link=link)
    return sent


def tell_reconsiderations(now: datetime) -> int:
    """The secretariat, of each request for reconsideration made in the last :data:`LOOKBACK`."""
    requests = list(db.session.execute(
        select(ReconsiderationRequest, Decision)
        .join(Decision, Decision.id == ReconsiderationRequest.decision_id)
        .where(ReconsiderationRequest.at > now - LOOKBACK)
        .order_by(ReconsiderationRequest.id)).all())
    if not requests:
        return 0
    secretariat = _users_with((Role.SECRETARIAT,))
    sent = 0
    for request, decision in requests:
        link = external_url("council.decision", decision_id=decision.id)
        for user in secretariat:
            sent += mail_once(user, f"reconsideration.requested:{request.id}",
                              "council_reconsideration_requested", now, request=request,
                              decision=decision, proposal=decision.proposal, link=link)
    return sent


def tell_decisions_in_force(now: datetime) -> int:
    """The proposal's applicants (its creator and the lead's members) and the council (members,
    alternates and the secretariat), of each decision that entered into force in the last
    :data:`LOOKBACK`."""
    decisions = list(db.session.scalars(select(Decision).where(
        Decision.entered_into_force_at.is_not(None),
        Decision.entered_into_force_at > now - LOOKBACK).order_by(Decision.id)))
    if not decisions:
        return 0
    council = _users_with((*COUNCIL_ROLES, Role.SECRETARIAT))
    sent = 0
    for decision in decisions:
        link = external_url("council.decision", decision_id=decision.id)
        recipients = {user.id: user for user in council}
        recipients.update({user.id: user for user in applicants(decision.proposal)})
        for user_id in sorted(recipients):
            sent += mail_once(recipients[user_id], f"decision.in_force:{decision.id}",
                              "council_decision_in_force", now, decision=decision,
                              proposal=decision.proposal, link=link)
    return sent


def send_notices(now: datetime) -> int:
    """Every notice of the council whose time has come; returns how many were written."""
    return (tell_sessions_opened(now) + remind_closing_procedures(now)
            + tell_reconsiderations(now) + tell_decisions_in_force(now))
