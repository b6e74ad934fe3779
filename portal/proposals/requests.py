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


def _recipients(partner: ProposalPartner, kind: PartnerRequestKind) -> list[User]:
    if kind is PartnerRequestKind.CONFIRMATION:
        return organisation_members(partner.organisation_id)
    return contact_points(partner.organisation.state_code)


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
    recipients = [user for user in _recipients(partner, kind) if user is not skip]
    db.session.add(PartnerRequest(partner_id=partner.id, kind=kind, sent_on=now.date(),
                                  sent_at=now, recipients=len(recipients)))
    template = ("proposal_confirmation_request" if kind is PartnerRequestKind.CONFIRMATION
                else "proposal_endorsement_request")
    for user in recipients:
        mail_user(user, template, proposal=partner.proposal, partner=partner,
                  organisation=partner.organisation, reminder=reminder,
                  link=proposal_link(partner.proposal))
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
