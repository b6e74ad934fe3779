"""The proposals' part of what waits for a user (:mod:`portal.core.waiting`): a partner's
confirmation (its members), a partner's endorsement (the contact point of its state, and the
national co-funder of that state in the call, where the call asks for one), both due when the
call closes; and the proposals the worker found
ineligible, which the secretariat screens (it may override the check with a note) for
:data:`SCREENING_DAYS` days after the check."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import exists, select

from portal.accounts.roles import Role
from portal.calls.models import Call, CallEnvelope
from portal.core.waiting import MAX_PER_PROVIDER, TaskKind, WaitingTask
from portal.extensions import db
from portal.proposals.models import Proposal, ProposalPartner
from portal.proposals.workflow import EDITABLE, ProposalStatus
from portal.registry.models import Organisation

#: How long an ineligible proposal waits in the secretariat's list for a look at its reasons.
SCREENING_DAYS = 30


def _waiting_partners(*conditions):
    return db.session.execute(
        select(Proposal.id, Proposal.acronym, Organisation.name, Call.closes_at)
        .join(ProposalPartner, ProposalPartner.proposal_id == Proposal.id)
        .join(Organisation, Organisation.id == ProposalPartner.organisation_id)
        .join(Call, Call.id == Proposal.call_id)
        .where(Proposal.status.in_([str(s) for s in EDITABLE]), *conditions)
        .order_by(Call.closes_at, Proposal.id, ProposalPartner.id).limit(MAX_PER_PROVIDER))


def _proposal_task(kind, title, proposal_id, due_at) -> WaitingTask:
    return WaitingTask(kind, title, "proposal", proposal_id, "proposals.proposal", due_at=due_at,
                       values={"proposal_id": proposal_id})


def partners_to_confirm(user, now: datetime) -> list[WaitingTask]:
    """One statement: the unconfirmed partners, among the organisations the user acts for, of
    proposals still being prepared."""
    mine = {int(s) for s in user.scopes(Role.ORG_ADMIN) | user.scopes(Role.ORG_MEMBER)
            if s.isdigit()}
    if not mine:
        return []
    rows = _waiting_partners(ProposalPartner.organisation_id.in_(mine),
                             ProposalPartner.confirmed_at.is_(None))
    return [_proposal_task(TaskKind.CONFIRM_PARTICIPATION,
                           _("Confirm the participation of %(organisation)s in %(acronym)s",
                             organisation=name, acronym=acronym), proposal_id, closes_at)
            for proposal_id, acronym, name, closes_at in rows]


def partners_to_endorse(user, now: datetime) -> list[WaitingTask]:
    """One statement: the partners of the contact point's states not yet endorsed, in proposals
    still being prepared for calls that ask for the national endorsement."""
    states = sorted(user.scopes(Role.CONTACT_POINT))
    if not states:
        return []
    rows = _waiting_partners(Organisation.state_code.in_(states),
                             ProposalPartner.endorsed_at.is_(None),
                             Call.requires_endorsement.is_(True))
    return [_proposal_task(TaskKind.ENDORSE_PARTNER,
                           _("Endorse %(organisation)s in %(acronym)s",
                             organisation=name, acronym=acronym), proposal_id, closes_at)
            for proposal_id, acronym, name, closes_at in rows]


def partners_to_endorse_as_co_funder(user, now: datetime) -> list[WaitingTask]:
    """One statement: the partners not yet endorsed whose state's envelope in the call is
    co-funded by an organisation the user represents, in proposals still being prepared for calls
    that ask for the endorsement; not those of a state the user is the contact point of, which
    :func:`partners_to_endorse` lists already. Done on the co-funder's page."""
    funders = [int(scope) for scope in user.scopes(Role.CO_FUNDER) if scope.isdigit()]
    if not funders:
        return []
    co_funded = exists().where(CallEnvelope.call_id == Proposal.call_id,
                               CallEnvelope.state_code == Organisation.state_code,
                               CallEnvelope.co_funder_organisation_id.in_(funders))
    rows = _waiting_partners(co_funded, ProposalPartner.endorsed_at.is_(None),
                             Call.requires_endorsement.is_(True),
                             Organisation.state_code.not_in(sorted(user.scopes(Role.CONTACT_POINT))))
    return [WaitingTask(TaskKind.ENDORSE_PARTNER,
                        _("Endorse %(organisation)s in %(acronym)s",
                          organisation=name, acronym=acronym),
                        "proposal", proposal_id, "proposals.co_funding", due_at=closes_at,
                        anchor=f"proposal-{proposal_id}")
            for proposal_id, acronym, name, closes_at in rows]


def proposals_to_screen(user, now: datetime) -> list[WaitingTask]:
    """One statement: for the secretariat, the proposals found ineligible in the last
    :data:`SCREENING_DAYS` days, due at the end of that time."""
    if not user.has_role(Role.SECRETARIAT):
        return []
    window = timedelta(days=SCREENING_DAYS)
    rows = db.session.execute(
        select(Proposal.id, Proposal.acronym, Proposal.eligibility_checked_at)
        .where(Proposal.status == ProposalStatus.INELIGIBLE,
               Proposal.eligibility_checked_at > now - window)
        .order_by(Proposal.eligibility_checked_at, Proposal.id).limit(MAX_PER_PROVIDER))
    return [_proposal_task(TaskKind.SCREEN_PROPOSAL,
                           _("Screen %(acronym)s: the eligibility check failed", acronym=acronym),
                           proposal_id, checked_at + window)
            for proposal_id, acronym, checked_at in rows]
