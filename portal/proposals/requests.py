"""Asking partners to confirm and their contact points to endorse (DESIGN 4.4, rules 3 and 4):
by e-mail when a partner joins a proposal, and again every few days while a draft waits.

Each request is recorded (:class:`PartnerRequest`, one per partner, kind and day), so the
reminder sweep sends a partner's reminder at most once every :data:`REMINDER_DAYS` days and a
repeated sweep sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.accounts.links import external_url
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.calls.models import CallEnvelope
from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.proposals.models import (
    PartnerRequest,
    PartnerRequestKind,
    Proposal,
    ProposalPartner,
)
from portal.proposals.workflow import EDITABLE

REMINDER_DAYS = 3


def _users_with(roles: tuple[Role, ...], scope: str) -> list[User]:
    users = db.session.scalars(
        select(User).join(RoleAssignment).where(RoleAssignment.role.in_([str(r) for r in roles]),
                                                RoleAssignment.scope == scope)
        .order_by(User.id).distinct())
    return [user for user in users if user.is_active]


def organisation_members(organisation_id: int) -> list[User]:
    return _users_with((Role.ORG_ADMIN, Role.ORG_MEMBER), str(organisation_id))


def contact_points(state_code: str) -> list[User]:
    return _users_with((Role.CONTACT_POINT,), state_code)


def proposal_link(proposal: Proposal) -> str:
    return external_url("proposals.proposal", proposal_id=proposal.id)


def _pending(partner: ProposalPartner, kind: PartnerRequestKind) -> bool:
    if kind is PartnerRequestKind.CONFIRMATION:
        return partner.confirmed_at is None
    return partner.endorsed_at is None and partner.proposal.call.requires_endorsement


def co_funders(partner: ProposalPartner) -> list[User]:
    """The people of the national co-funder of the partner's state in the proposal's call, if
    the call has an envelope for that state."""
    funder = db.session.scalar(select(CallEnvelope.co_funder_organisation_id).where(
        CallEnvelope.call_id == partner.proposal.call_id,
        CallEnvelope.state_code == partner.organisation.state_code))
    return _users_with((Role.CO_FUNDER,), str(funder)) if funder is not None else []


def _recipients(partner: ProposalPartner, kind: PartnerRequestKind
                ) -> list[tuple[User, str, str]]:
    """Who is asked, each with the mail's template and the page it links to: the partner's
    members confirm; the contact points of its state (on the proposal's page) and its state's
    co-funder in the call (on the co-funding page, since it reads no proposal in full) endorse."""
    if kind is PartnerRequestKind.CONFIRMATION:
        link = proposal_link(partner.proposal)
        return [(user, "proposal_confirmation_request", link)
                for user in organisation_members(partner.organisation_id)]
    link = proposal_link(partner.proposal)
    asked = [(user, "proposal_endorsement_request", link)
             for user in contact_points(partner.organisation.state_code)]
    known = {user.id for user, _template, _link in asked}
    co_funding = external_url("proposals.co_funding") + f"#proposal-{partner.proposal_id}"
    asked += [(user, "proposal_co_funder_endorsement_request", co_funding)
              for user in co_funders(partner) if user.id not in known]
    return asked


def request_partner(partner: ProposalPartner, kind: PartnerRequestKind, now: datetime,
                    reminder: bool = False, skip=None) -> bool:
    """Mail the request once for today; ``False`` when already sent today or nobody to ask."""
    if not _pending(partner, kind):
        return False
    already = db.session.scalar(select(PartnerRequest.id).where(
        PartnerRequest.partner_id == partner.id, PartnerRequest.kind == kind,
        PartnerRequest.sent_on == now.date()))
    if already is not None:
        return False
    recipients = [asked for asked in _recipients(partner, kind) if asked[0] is not skip]
    db.session.add(PartnerRequest(partner_id=partner.id, kind=kind, sent_on=now.date(),
                                  sent_at=now, recipients=len(recipients)))
    for user, template, link in recipients:
        mail_user(user, template, proposal=partner.proposal, partner=partner,
                  organisation=partner.organisation, reminder=reminder, link=link)
    db.session.flush()
    return True


def request_new_partners(partners: list[ProposalPartner], actor, now: datetime) -> None:
    """Ask each new partner for its confirmation and, if the call wants it, its endorsement."""
    db.session.flush()
    for partner in partners:
        for kind in PartnerRequestKind:
            request_partner(partner, kind, now, skip=actor)


def send_partner_reminders(now: datetime | None = None) -> int:
    """Remind the partners of draft proposals that have not confirmed or been endorsed, at most
    once every :data:`REMINDER_DAYS` days each. Returns how many reminders went out."""
    now = now or utcnow()
    partners = db.session.scalars(
        select(ProposalPartner).join(Proposal).where(
            Proposal.status.in_([str(s) for s in EDITABLE]),
            (ProposalPartner.confirmed_at.is_(None)) | (ProposalPartner.endorsed_at.is_(None)))
        .order_by(ProposalPartner.id))
    sent = 0
    due_before = now.date() - timedelta(days=REMINDER_DAYS - 1)
    for partner in partners:
        for kind in PartnerRequestKind:
            latest = db.session.scalar(select(func.max(PartnerRequest.sent_on)).where(
                PartnerRequest.partner_id == partner.id, PartnerRequest.kind == kind))
            if latest is not None and latest >= due_before:
                continue
            sent += request_partner(partner, kind, now, reminder=True)
    return sent
