"""The plain facts the eligibility rules (:mod:`portal.proposals.eligibility`) and the
classifier need, read from a proposal's rows and its call's."""

from __future__ import annotations

from datetime import datetime

from portal.calls.committed import committed_of
from portal.calls.models import Call
from portal.money.conversion import RateBook
from portal.proposals import eligibility
from portal.proposals.cofunding import national_grants
from portal.proposals.models import BudgetLine, Proposal
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
        required_attachments=tuple(call.required_attachments or ()),
        common_budget=call.budget is not None, national_remaining=national_remaining(call),
        requires_consortium_agreement=call.requires_consortium_agreement)


def national_remaining(call: Call) -> dict:
    """``{state: (remaining, currency)}`` of the call's national envelopes."""
    if not call.envelopes:
        return {}
    committed = committed_of([call.id]).get(call.id, {})
    return {envelope.state_code: (envelope.amount - committed.get(envelope.state_code, 0),
                                  envelope.currency) for envelope in call.envelopes}


def _line(line: BudgetLine, call: Call, rates: RateBook | None) -> eligibility.BudgetLine:
    """A budget line with its stored rate, or with the rate in force on ``rates``' day."""
    if rates is None:
        return eligibility.BudgetLine(line.category, line.amount, line.currency, line.rate,
                                      line.rate_date)
    conversion = rates.conversion(line.currency, call.currency)
    return eligibility.BudgetLine(line.category, line.amount, line.currency,
                                  conversion.rate if conversion else None,
                                  conversion.on if conversion else None)


def proposal_facts(proposal: Proposal, submitted_at: datetime,
                   rates: RateBook | None = None) -> eligibility.ProposalFacts:
    """The facts of ``proposal``; its budget at the stored rates, or at those of ``rates``."""
    partners = tuple(
        eligibility.PartnerFacts(
            organisation_id=partner.organisation_id, name=partner.organisation.name,
            state=partner.organisation.state_code,
            is_lead=partner.organisation_id == proposal.lead_organisation_id,
            confirmed=partner.confirmed_at is not None, endorsed=partner.endorsed_at is not None,
            cofinancing_rate=partner.cofinancing_rate,
            budget=tuple(_line(line, proposal.call, rates) for line in partner.budget))
        for partner in proposal.partners)
    return eligibility.ProposalFacts(
        submitted_at=submitted_at,
        technology_fields=frozenset(field.key for field in proposal.technology_fields),
        partners=partners,
        sections={name: getattr(proposal, name) or "" for name in SECTIONS},
        attachment_kinds=frozenset(attachment.kind for attachment in proposal.attachments),
        indicators=tuple(eligibility.IndicatorFacts(i.name, i.baseline, i.target)
                         for i in proposal.indicators),
        national_grants=national_grants(proposal, submitted_at.date()),
        has_ip_section=proposal.ip_results_ownership is not None)


def check(proposal: Proposal, at: datetime,
          rates: RateBook | None = None) -> tuple[eligibility.Reason, ...]:
    """Every eligibility reason of ``proposal`` as if it were submitted at ``at``: with its
    stored rates, or with those of ``rates`` (the preview of a submission, which converts
    the budget again on its day)."""
    return eligibility.check_eligibility(proposal_facts(proposal, at, rates),
                                         call_terms(proposal.call))


def preview(proposal: Proposal, at: datetime) -> tuple[eligibility.Reason, ...]:
    """The eligibility preview of submitting ``proposal`` at ``at``: the budget converted at
    the rates in force that day, as the submission will convert it."""
    return check(proposal, at, RateBook(at.date()))


def budget_summary(proposal: Proposal) -> eligibility.BudgetSummary | None:
    return eligibility.summarise_budget(proposal_facts(proposal, proposal.created_at).partners,
                                        proposal.call.currency)


def classification(proposal: Proposal) -> ClassificationResult:
    """The classifier's verdict on the partners' regions (DESIGN 4.1)."""
    return classify([partner.organisation.region_code for partner in proposal.partners],
                    border_pairs())
