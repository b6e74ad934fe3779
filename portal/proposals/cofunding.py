"""National co-funding (DESIGN 4.10): each partner's grant is drawn from its state's envelope
in the call. The one place that computes what a proposal asks of each state, used by the
eligibility facts and by the council when it records a decision's commitments.

A partner's grant is its budget converted into the envelope's currency times (1 − its
co-financing rate); a state without an envelope counts in the call's currency. A line in
another currency is converted at the rate in force on the day given (the submission's).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.money.conversion import RateBook
from portal.proposals.models import Proposal

CENT = Decimal("0.01")


def envelope_currencies(proposal: Proposal) -> dict[str, str]:
    """``{state: currency}`` of the call's national envelopes."""
    return {envelope.state_code: envelope.currency for envelope in proposal.call.envelopes}


def national_grants(proposal: Proposal, on: date | None = None) -> dict[str, tuple[Decimal, str]]:
    """``{state: (grant, currency)}``: what the partners of each member state ask, together,
    in the currency of their state's envelope (the call's when the state has none), rounded to
    0.01; nothing for a call without national envelopes. A state one of whose lines has no
    rate to convert it is left out (the eligibility check reports the missing rate)."""
    currencies = envelope_currencies(proposal)
    if not currencies:
        return {}
    day = on or (proposal.submitted_at or proposal.created_at).date()
    rates = RateBook(day)
    sums: dict[str, Decimal] = {}
    unconvertible: set[str] = set()
    for partner in proposal.partners:
        state = partner.organisation.state_code
        currency = currencies.get(state, proposal.call.currency)
        budget = Decimal(0)
        for line in partner.budget:
            amount = _converted(line.amount, line.currency, currency, rates)
            if amount is None:
                unconvertible.add(state)
                break
            budget += amount
        sums[state] = sums.get(state, Decimal(0)) + budget * (1 - partner.cofinancing_rate)
    return {state: (amount.quantize(CENT, ROUND_HALF_UP), currencies.get(state, proposal.call.currency))
            for state, amount in sorted(sums.items()) if state not in unconvertible}


def _converted(amount: Decimal, currency: str, target: str, rates: RateBook) -> Decimal | None:
    if currency == target:
        return amount
    conversion = rates.conversion(currency, target)
    return conversion.convert(amount) if conversion else None
