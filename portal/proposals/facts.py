"""The plain facts the eligibility rules (:mod:`portal.proposals.eligibility`) and the
classifier need, read from a proposal's rows and its call's."""

from __future__ import annotations

from datetime import datetime

from portal.calls.models import Call
from portal.proposals import eligibility
from portal.proposals.models import Proposal
from portal.reference.classifier import ClassificationResult, classify
from portal.reference.queries import border_pairs

SECTIONS = ("summary", "work_plan")


def call_terms(call: Call) -> eligibility.CallTerms:
    return eligibility.CallTerms(
        opens_at=call.opens_at, closes_at=call.closes_at, currency=call.currency,
        max_grant=call.max_grant, min_cofinancing_rate=call.min_cofinancing_rate,
        min_states=call.min_states, requires_endorsement=call.requires_endorsement,
        technology_fields=frozenset(field.key for field in call.technology_fields),
        required_sections=SECTIONS,
        required_attachments=tuple(call.required_attachments or ()))


def proposal_facts(proposal: Proposal, submitted_at: datetime) -> eligibility.ProposalFacts:
    partners = tuple(
        eligibility.PartnerFacts(
            organisation_id=partner.organisation_id, name=partner.organisation.name,
            state=partner.organisation.state_code,
            is_lead=partner.organisation_id == proposal.lead_organisation_id,
            confirmed=partner.confirmed_at is not None, endorsed=partner.endorsed_at is not None,
            cofinancing_rate=partner.cofinancing_rate,
            budget=tuple(eligibility.BudgetLine(line.category, line.amount, line.currency,
                                                line.rate, line.rate_date)
                         for line in partner.budget))
        for partner in proposal.partners)
    return eligibility.ProposalFacts(
        submitted_at=submitted_at,
        technology_fields=frozenset(field.key for field in proposal.technology_fields),
        partners=partners,
        sections={name: getattr(proposal, name) or "" for name in SECTIONS},
        attachment_kinds=frozenset(attachment.kind for attachment in proposal.attachments),
        indicators=tuple(eligibility.IndicatorFacts(i.name, i.baseline, i.target)
                         for i in proposal.indicators))


def check(proposal: Proposal, at: datetime) -> tuple[eligibility.Reason, ...]:
    """Every eligibility reason of ``proposal`` as if it were submitted at ``at``."""
    return eligibility.check_eligibility(proposal_facts(proposal, at), call_terms(proposal.call))


def budget_summary(proposal: Proposal) -> eligibility.BudgetSummary | None:
    return eligibility.summarise_budget(proposal_facts(proposal, proposal.created_at).partners,
                                        proposal.call.currency)


def classification(proposal: Proposal) -> ClassificationResult:
    """The classifier's verdict on the partners' regions (DESIGN 4.1)."""
    return classify([partner.organisation.region_code for partner in proposal.partners],
                    border_pairs())
