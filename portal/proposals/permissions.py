"""Who may see and act on a proposal.

=============================  ==============================================================
predicate                      true for
=============================  ==============================================================
is_applicant(user, proposal)   the cluster manager who created it, and the members of its lead
                               organisation (org_admin, org_member)
is_partner_member              a member of one of the consortium's organisations
can_view(user, proposal)       its applicants and partner members, the contact points of the
                               partners' states, the secretariat, the administrator, and the
                               readers a feature above registers (the council, once the
                               proposal is on an agenda); experts through their assignment
co_funds(user, proposal)       the national co-funder of a partner's state in the proposal's
                               call (the holder of ``co_funder:O`` where O is the co-funder of
                               that state's envelope): it reads only what concerns the partners
                               of its states, on its own page (DESIGN 4.10)
may_endorse_partner            the contact point of the partner's state, and the co-funder of
                               that state in the proposal's call (DESIGN 4.4, rule 4)
can_edit(user, proposal)       its applicants while the proposal is editable
may_lead(user, organisation)   an organisation the user acts for may lead their proposal: one
                               they are a member of (org_admin, org_member), or one of a
                               cluster they manage (its management organisation or a
                               member); the secretariat enters proposals for any
parties_of(user, proposal)     the workflow parties (applicant, secretariat, rapporteur,
                               council) the user acts as on this proposal; the rapporteur as
                               the review registers it
can_prepare_proposal           a cluster manager or the secretariat, while the call is open
can_see_reviewer_identities    the secretariat and the administrator: everyone else reads "the
                               rapporteur", "Reviewer 1"… (DESIGN 4.5)
=============================  ==============================================================
"""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.roles import Role
from portal.calls.models import CallEnvelope
from portal.core.permissions import signed_in
from portal.extensions import db
from portal.proposals.hooks import readers, registered_parties
from portal.proposals.models import Proposal, ProposalPartner
from portal.proposals.workflow import EDITABLE, Party
from portal.registry.models import Cluster, ClusterMember, Organisation
from portal.registry.permissions import is_organisation_member


def is_applicant(user, proposal: Proposal) -> bool:
    return signed_in(user) and (proposal.created_by_id == user.id
                                 or is_organisation_member(user, proposal.lead_organisation))


def is_partner_member(user, proposal: Proposal) -> bool:
    return signed_in(user) and any(is_organisation_member(user, partner.organisation)
                                    for partner in proposal.partners)


def is_contact_point_for(user, partner: ProposalPartner) -> bool:
    return signed_in(user) and user.has_role(Role.CONTACT_POINT,
                                              partner.organisation.state_code)


def co_funded_envelopes(user) -> frozenset[tuple[int, str]]:
    """One statement (none without the role): the (call id, state) of every envelope whose
    co-funder is an organisation ``user`` holds ``co_funder`` for."""
    funders = [int(scope) for scope in user.scopes(Role.CO_FUNDER)] if signed_in(user) else []
    if not funders:
        return frozenset()
    return frozenset((call_id, state) for call_id, state in db.session.execute(
        select(CallEnvelope.call_id, CallEnvelope.state_code)
        .where(CallEnvelope.co_funder_organisation_id.in_(funders))))


def is_co_funder_for(user, partner: ProposalPartner) -> bool:
    return ((partner.proposal.call_id, partner.organisation.state_code)
            in co_funded_envelopes(user))


def co_funds(user, proposal: Proposal) -> bool:
    """Whether ``user`` co-funds a partner of ``proposal``: it may know the proposal exists and
    read what concerns the partners of its states."""
    envelopes = co_funded_envelopes(user)
    return any((proposal.call_id, partner.organisation.state_code) in envelopes
               for partner in proposal.partners)


def may_endorse_partner(user, partner: ProposalPartner) -> bool:
    """The one rule of who endorses a partner: the contact point of its state, or the national
    co-funder of its state in the proposal's call."""
    return is_contact_point_for(user, partner) or is_co_funder_for(user, partner)


def can_view(user, proposal: Proposal) -> bool:
    if not signed_in(user):
        return False
    if user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN):
        return True
    return (is_applicant(user, proposal) or is_partner_member(user, proposal)
            or any(is_contact_point_for(user, partner) for partner in proposal.partners)
            or any(reader.reads(user, proposal) for reader in readers()))


def can_see_reviewer_identities(user) -> bool:
    """Who may know which expert reviewed a proposal, wherever a reviewer would be named."""
    return signed_in(user) and (user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN))


def _managed_cluster_holds(user, organisation: Organisation) -> bool:
    managed = [int(scope) for scope in user.scopes(Role.CLUSTER_MANAGER)]
    if not managed:
        return False
    members = select(ClusterMember.cluster_id).where(
        ClusterMember.organisation_id == organisation.id)
    return db.session.scalar(select(Cluster.id).where(
        Cluster.id.in_(managed),
        (Cluster.management_organisation_id == organisation.id) | Cluster.id.in_(members))
        .limit(1)) is not None


def may_lead(user, organisation: Organisation | None) -> bool:
    """Whether ``organisation`` may lead a proposal ``user`` prepares: its members become the
    proposal's applicants, so it must be one the user acts for (see the table above)."""
    if organisation is None or not signed_in(user):
        return False
    return (user.has_role(Role.SECRETARIAT) or is_organisation_member(user, organisation)
            or _managed_cluster_holds(user, organisation))


def can_edit(user, proposal: Proposal) -> bool:
    return proposal.status in EDITABLE and is_applicant(user, proposal)


def may_create_proposals(user) -> bool:
    """A cluster manager leads proposals (DESIGN 2); the secretariat may enter one for them."""
    return signed_in(user) and (bool(user.scopes(Role.CLUSTER_MANAGER))
                                 or user.has_role(Role.SECRETARIAT))


def can_prepare_proposal(user, call, now) -> bool:
    """The call page's button: one who prepares proposals, while the call is open."""
    return may_create_proposals(user) and call.is_open(now)


def parties_of(user, proposal: Proposal) -> frozenset[Party]:
    """The workflow parties ``user`` acts as on ``proposal``; never :attr:`Party.WORKER`. The
    rapporteur is recognised by the review, which registers it (:mod:`portal.proposals.hooks`)."""
    if not signed_in(user):
        return frozenset()
    parties = set()
    if is_applicant(user, proposal):
        parties.add(Party.APPLICANT)
    if user.has_role(Role.SECRETARIAT):
        parties.add(Party.SECRETARIAT)
    if user.has_role(Role.COUNCIL_MEMBER) or user.has_role(Role.COUNCIL_ALTERNATE):
        parties.add(Party.COUNCIL)
    parties |= registered_parties(user, proposal)
    return frozenset(parties)


def may_apply(user) -> bool:
    """Could be an applicant of some proposal: checked before anything is loaded."""
    return may_create_proposals(user) or (
        signed_in(user) and bool(user.scopes(Role.ORG_ADMIN) | user.scopes(Role.ORG_MEMBER)))


def is_contact_point(user) -> bool:
    return signed_in(user) and bool(user.scopes(Role.CONTACT_POINT))


def may_co_fund(user) -> bool:
    """Holds the role of a national co-funder's representative: checked before anything is
    loaded."""
    return signed_in(user) and bool(user.scopes(Role.CO_FUNDER))


def may_endorse(user) -> bool:
    """Could endorse some partner: a contact point or a co-funder's representative."""
    return is_contact_point(user) or may_co_fund(user)


def sees_every_proposal(user) -> bool:
    """The staff read the list of every proposal (with its filters), not a list of their own."""
    return signed_in(user) and (user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN))


def may_see_proposals(user) -> bool:
    """Shows the proposal pages: applicants, partners, contact points, the staff, and the
    readers a feature above registers (council members and alternates)."""
    return may_apply(user) or is_contact_point(user) or (signed_in(user) and (
        user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN)
        or any(reader.may_read(user) for reader in readers())))


def can_confirm(user, partner: ProposalPartner) -> bool:
    """The confirm button: a member of the partner, before submission, not yet confirmed."""
    return (partner.confirmed_at is None and partner.proposal.status in EDITABLE
            and is_organisation_member(user, partner.organisation))


def can_endorse(user, partner: ProposalPartner) -> bool:
    """The endorse button: one who may endorse the partner, before submission."""
    return (partner.endorsed_at is None and partner.proposal.status in EDITABLE
            and may_endorse_partner(user, partner))


def reads_consortium_matches(user, proposal) -> bool:
    """The people for whom a consortium's partner suggestions are: its applicants and the
    secretariat (whatever the proposal's status)."""
    if proposal is None or user is None or not user.is_authenticated:
        return False
    return user.has_role(Role.SECRETARIAT) or is_applicant(user, proposal)


def may_see_consortium_matches(user, proposal) -> bool:
    """Partner suggestions for a consortium are shown to its readers while the proposal is
    editable (a partner can no longer be added once it is submitted)."""
    return (proposal is not None and proposal.status in EDITABLE
            and reads_consortium_matches(user, proposal))
