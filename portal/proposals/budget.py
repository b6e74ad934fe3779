"""Each partner's budget as its readers see it: every line in its own currency and in the
call's, with the stored rate and the rate's date, and the partner's totals in both."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.proposals.eligibility import CENT
from portal.proposals.models import BudgetLine, Proposal, ProposalPartner


@dataclass(frozen=True)
class LineView:
    category: str
    amount: Decimal
    currency: str
    #: Units of the call's currency per unit of ``currency``; ``None`` without a stored rate.
    rate: Decimal | None
    rate_date: date | None
    #: The amount in the call's currency, to the cent; ``None`` without a rate.
    converted: Decimal | None


@dataclass(frozen=True)
class PartnerBudget:
    partner: ProposalPartner
    lines: tuple[LineView, ...]
    #: The partner's total in each currency it budgets in, in the order first used.
    own_totals: tuple[tuple[str, Decimal], ...]
    #: The partner's total in the call's currency; ``None`` when a line has no rate.
    converted_total: Decimal | None


def _line(line: BudgetLine, call_currency: str) -> LineView:
    rate = Decimal(1) if line.currency == call_currency else line.rate
    converted = (line.amount * rate).quantize(CENT, ROUND_HALF_UP) if rate else None
    return LineView(line.category, line.amount, line.currency, rate,
                    line.rate_date if line.currency != call_currency else None, converted)


def partner_budget(partner: ProposalPartner, call_currency: str) -> PartnerBudget:
    lines = tuple(_line(line, call_currency) for line in partner.budget)
    own: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        own[line.currency] += line.amount
    converted = [line.converted for line in lines]
    total = (sum((amount for amount in converted if amount is not None), Decimal(0))
             if None not in converted else None)
    return PartnerBudget(partner, lines, tuple(own.items()), total)


def partner_budgets(proposal: Proposal) -> list[PartnerBudget]:
    """The budget of each partner of ``proposal``, in the order of the partners."""
    return [partner_budget(partner, proposal.call.currency) for partner in proposal.partners]
