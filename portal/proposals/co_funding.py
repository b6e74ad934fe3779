"""What a national co-funder reads (DESIGN 4.10): for each call it co-funds, its state's envelope
and the proposals with partners of that state, drafts included, since a partner is endorsed
before the proposal is submitted (DESIGN 4.4, rule 4).

Of each proposal the co-funder learns only its title, acronym, status and classification, and
of its partners only those of the envelope's state: each one's requested grant, whether it is
confirmed and endorsed. Who co-funds what is :func:`portal.proposals.permissions.co_funded_envelopes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.roles import Role
from portal.calls.models import CallEnvelope
from portal.calls.serialise import iso, number
from portal.extensions import db
from portal.proposals.budget import partner_budget
from portal.proposals.eligibility import CENT
from portal.proposals.labels import CLASSIFICATION_NAMES, status_name
from portal.proposals.models import Proposal, ProposalPartner
from portal.proposals.permissions import co_funded_envelopes
from portal.proposals.workflow import EDITABLE
from portal.registry.models import Organisation


@dataclass(frozen=True)
class CoFundedPartner:
    partner: ProposalPartner
    #: What the partner asks for in the call's currency: its converted budget times
    #: (1 − its co-financing rate), to the cent; ``None`` when a line has no stored rate.
    grant: Decimal | None
    #: The same in each currency the partner budgets in, in the order first used.
    own_grants: tuple[tuple[str, Decimal], ...]

    @property
    def endorsable(self) -> bool:
        """Still to be endorsed, and still possible: the proposal is not submitted yet."""
        return self.partner.endorsed_at is None and self.partner.proposal.status in EDITABLE


@dataclass(frozen=True)
class CoFundedProposal:
    proposal: Proposal
    partners: tuple[CoFundedPartner, ...]


@dataclass(frozen=True)
class CoFundedCall:
    envelope: CallEnvelope
    proposals: tuple[CoFundedProposal, ...]


def _grant(amount: Decimal, cofinancing_rate: Decimal) -> Decimal:
    return (amount * (1 - cofinancing_rate)).quantize(CENT, ROUND_HALF_UP)


def co_funded_partner(partner: ProposalPartner) -> CoFundedPartner:
    budget = partner_budget(partner, partner.proposal.call.currency)
    rate = partner.cofinancing_rate
    return CoFundedPartner(
        partner,
        _grant(budget.converted_total, rate) if budget.converted_total is not None else None,
        tuple((currency, _grant(total, rate)) for currency, total in budget.own_totals))


def _envelopes(user) -> list[CallEnvelope]:
    funders = [int(scope) for scope in user.scopes(Role.CO_FUNDER)]
    if not funders:
        return []
    return list(db.session.scalars(
        select(CallEnvelope).options(joinedload(CallEnvelope.call))
        .where(CallEnvelope.co_funder_organisation_id.in_(funders))
        .order_by(CallEnvelope.call_id.desc(), CallEnvelope.state_code)))


def _proposals(envelopes: list[CallEnvelope]) -> list[Proposal]:
    """The proposals with a partner of an envelope's state in its call, their partners and
    budget lines: two statements however many there are."""
    if not envelopes:
        return []
    concerned = (select(ProposalPartner.proposal_id)
                 .join(Organisation, Organisation.id == ProposalPartner.organisation_id)
                 .join(Proposal, Proposal.id == ProposalPartner.proposal_id)
                 .where(or_(*(and_(Proposal.call_id == e.call_id,
                                   Organisation.state_code == e.state_code)
                              for e in envelopes))))
    return list(db.session.scalars(
        select(Proposal).where(Proposal.id.in_(concerned))
        .options(joinedload(Proposal.call),
                 selectinload(Proposal.partners).selectinload(ProposalPartner.budget))
        .order_by(Proposal.id.desc())))


def co_funded_calls(user) -> list[CoFundedCall]:
    """Each envelope ``user`` co-funds (the newest call first) with the proposals that have a
    partner of its state and only those partners; a fixed number of statements."""
    envelopes = _envelopes(user)
    proposals = _proposals(envelopes)
    found = []
    for envelope in envelopes:
        rows = []
        for proposal in proposals:
            if proposal.call_id != envelope.call_id:
                continue
            partners = tuple(co_funded_partner(partner) for partner in proposal.partners
                             if partner.organisation.state_code == envelope.state_code)
            if partners:
                rows.append(CoFundedProposal(proposal, partners))
        found.append(CoFundedCall(envelope, tuple(rows)))
    return found


def co_funded_partner_json(row: CoFundedPartner) -> dict:
    partner = row.partner
    return {"organisation_id": partner.organisation_id, "name": partner.organisation.name,
            "state": partner.organisation.state_code,
            "requested_grant": number(row.grant),
            "requested_grant_own": [{"currency": currency, "amount": number(amount)}
                                    for currency, amount in row.own_grants],
            "confirmed": partner.confirmed_at is not None,
            "endorsed": partner.endorsed_at is not None,
            "endorsed_at": iso(partner.endorsed_at), "may_endorse": row.endorsable}


def co_funded_proposal_json(proposal: Proposal, states: frozenset[str] | set[str]) -> dict:
    """The proposal as a co-funder of ``states`` may read it: never its content, its budget as a
    whole, its reviews or its other partners."""
    return {"id": proposal.id, "call_id": proposal.call_id, "title": proposal.title,
            "acronym": proposal.acronym, "status": proposal.status,
            "status_label": status_name(proposal.status),
            "classification": proposal.classification,
            "classification_label": str(CLASSIFICATION_NAMES.get(proposal.classification,
                                                                 proposal.classification)),
            "partners": [co_funded_partner_json(co_funded_partner(partner))
                         for partner in proposal.partners
                         if partner.organisation.state_code in states]}


def co_funded_call_json(row: CoFundedCall) -> dict:
    envelope, call = row.envelope, row.envelope.call
    return {"call": {"id": call.id, "title": call.title, "currency": call.currency,
                     "opens_at": iso(call.opens_at), "closes_at": iso(call.closes_at)},
            "envelope": {"state": envelope.state_code, "amount": number(envelope.amount),
                         "currency": envelope.currency,
                         "co_funder_organisation_id": envelope.co_funder_organisation_id},
            "proposals": [co_funded_proposal_json(p.proposal, {envelope.state_code})
                          for p in row.proposals]}


def states_co_funded_in(user, proposal: Proposal) -> frozenset[str]:
    """The states whose partners of ``proposal`` ``user`` co-funds."""
    return frozenset(state for call_id, state in co_funded_envelopes(user)
                     if call_id == proposal.call_id)
