"""The eligibility checks of a submitted proposal (DESIGN 4.4), as a pure function over plain data.

The worker gathers the facts of the proposal (:class:`ProposalFacts`) and the terms of its call
(:class:`CallTerms`) and calls :func:`check_eligibility`, which returns every failing reason,
never just the first, in the order of the rules below; an empty tuple means eligible. Nothing
here touches the database, so the rules run and are tested without one.

A reason carries a code and parameters, not a sentence, so that the applicant, the secretariat
and the API each read it in their own language, also long after the check ran
(``eligibility_messages.describe``). Amounts in the parameters are call-currency strings with
two decimals; rates are percentages.

Money is :class:`~decimal.Decimal` throughout: each budget line is converted into the call's
currency at its stored, dated rate, the sums are exact, and only the totals are rounded, half
up, to 0.01 (:func:`summarise_budget`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

#: The member states of the Union (DESIGN 2).
MEMBER_STATES = frozenset({"AM", "BY", "KZ", "KG", "RU"})

#: Every reason code, in the order :func:`check_eligibility` reports them.
REASON_CODES = (
    # 1. Submitted while the call is open.
    "call_not_open",
    # 2. Member states and the lead.
    "too_few_states", "lead_not_in_member_state", "no_lead", "partner_not_in_member_state",
    # 3. and 4. Confirmation and endorsement of every partner.
    "not_confirmed", "not_endorsed",
    # 5. The budget.
    "empty_budget", "missing_rate", "negative_amount", "grant_above_maximum",
    "cofinancing_below_minimum", "budget_mismatch",
    # 5a. National co-funding: each state's partners within their state's envelope.
    "national_envelope",
    # 6. Technology fields, sections and attachments; joint R&D's agreement and IP section.
    "no_technology_field", "field_not_in_call", "missing_section", "missing_attachment",
    "no_consortium_agreement", "no_ip_section",
    # 7. Indicators.
    "no_indicator",
)

#: The attachment kind of a signed consortium agreement (``AttachmentKind``).
CONSORTIUM_AGREEMENT = "consortium_agreement"

CENT = Decimal("0.01")
#: A rate as a fraction, precise to a hundredth of a percent.
RATE_STEP = Decimal("0.0001")
#: How far the grant the applicant states may be from the computed one.
TOLERANCE = CENT


@dataclass(frozen=True)
class BudgetLine:
    category: str
    amount: Decimal
    currency: str
    #: Call-currency units per one unit of ``currency``; ``None``: no stored rate.
    rate: Decimal | None = None
    rate_date: date | None = None


@dataclass(frozen=True)
class PartnerFacts:
    organisation_id: int
    name: str
    #: ``None``: the organisation is not in a member state.
    state: str | None
    is_lead: bool
    confirmed: bool
    endorsed: bool
    #: 0..1, the share of this partner's budget it pays itself.
    cofinancing_rate: Decimal
    budget: tuple[BudgetLine, ...] = ()


@dataclass(frozen=True)
class IndicatorFacts:
    name: str
    baseline: Decimal | None
    target: Decimal | None


@dataclass(frozen=True)
class CallTerms:
    #: Aware datetimes, in UTC; the call is open from ``opens_at`` up to, not including, ``closes_at``.
    opens_at: datetime
    closes_at: datetime
    currency: str
    max_grant: Decimal
    #: 0..1
    min_cofinancing_rate: Decimal
    min_states: int
    requires_endorsement: bool
    technology_fields: frozenset[str]
    required_sections: tuple[str, ...] = ("summary", "work_plan")
    #: Attachment kinds, e.g. ``("letter_of_intent",)``.
    required_attachments: tuple[str, ...] = ()
    #: ``False`` when the call is funded only from national envelopes.
    common_budget: bool = True
    #: ``{state: (remaining, currency)}``: what each national envelope still has (its amount
    #: minus what adopted decisions committed), in the state's currency.
    national_remaining: Mapping[str, tuple[Decimal, str]] = field(default_factory=dict)
    #: Joint R&D: a signed consortium agreement and the IP section are required.
    requires_consortium_agreement: bool = False


@dataclass(frozen=True)
class ProposalFacts:
    submitted_at: datetime
    technology_fields: frozenset[str]
    partners: tuple[PartnerFacts, ...]
    #: Section key to its text; a blank text counts as missing.
    sections: Mapping[str, str]
    attachment_kinds: frozenset[str]
    indicators: tuple[IndicatorFacts, ...]
    #: The grant the applicant states, in the call's currency.
    declared_grant: Decimal | None = None
    #: ``{state: (grant, currency)}``: what each state's partners ask together, in their
    #: envelope's currency (the call's for a state without one);
    #: :func:`portal.proposals.cofunding.national_grants`.
    national_grants: Mapping[str, tuple[Decimal, str]] = field(default_factory=dict)
    #: Whether the IP section says who owns the results.
    has_ip_section: bool = False


class Params(Mapping[str, str | int]):
    """The read-only, hashable parameters of a reason; equal to a dict with the same items."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str | int] | Iterable[tuple[str, str | int]] = ()):
        self._items = dict(items)

    def __getitem__(self, key: str) -> str | int:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return repr(self._items)


@dataclass(frozen=True)
class Reason:
    """Why a proposal is not eligible; ``code`` is one of :data:`REASON_CODES`."""

    code: str
    params: Mapping[str, str | int] = field(default_factory=Params)

    def __post_init__(self) -> None:
        if self.code not in REASON_CODES:
            raise ValueError(f"unknown eligibility reason: {self.code}")
        object.__setattr__(self, "params", Params(self.params))

    def as_dict(self) -> dict:
        """The stored form, for a JSON column."""
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Reason:
        return cls(str(data["code"]), dict(data.get("params") or {}))


@dataclass(frozen=True)
class BudgetSummary:
    """The budget of a whole proposal in the call's currency; amounts rounded to 0.01, the
    co-financing rate (a fraction) to 0.0001."""

    total: Decimal
    cofinancing: Decimal
    grant: Decimal
    cofinancing_rate: Decimal


def check_eligibility(proposal: ProposalFacts, call: CallTerms) -> tuple[Reason, ...]:
    """Every reason the proposal is not eligible for the call, in the order of
    :data:`REASON_CODES` (and, within one code, of the partners, their lines, the call's
    sections and attachments); ``()`` when it is eligible."""
    return tuple(reason for rule in _RULES for reason in rule(proposal, call))


def summarise_budget(partners: Iterable[PartnerFacts], call_currency: str) -> BudgetSummary | None:
    """Total, co-financing and grant of the partners' budgets in ``call_currency``; ``None`` when
    a line cannot be converted for want of a stored, dated rate. A partner's grant is its
    converted budget times (1 − its co-financing rate)."""
    total = cofinancing = Decimal(0)
    for partner in partners:
        converted = [_converted(line, call_currency) for line in partner.budget]
        amounts = [amount for amount in converted if amount is not None]
        if len(amounts) < len(converted):
            return None
        budget = sum(amounts, Decimal(0))
        total += budget
        cofinancing += budget * partner.cofinancing_rate
    return BudgetSummary(
        total=_money(total), cofinancing=_money(cofinancing), grant=_money(total - cofinancing),
        cofinancing_rate=_share(cofinancing, total).quantize(RATE_STEP, ROUND_HALF_UP),
    )


# The rules, one function per paragraph of DESIGN 4.4.


def _call_open(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    if not call.opens_at <= proposal.submitted_at < call.closes_at:
        yield Reason("call_not_open", {"submitted_at": proposal.submitted_at.isoformat(),
                                       "opens_at": call.opens_at.isoformat(),
                                       "closes_at": call.closes_at.isoformat()})


def _states(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    """A lead outside the member states is reported once, as the lead."""
    states = {partner.state for partner in proposal.partners if _in_member_state(partner)}
    if len(states) < call.min_states:
        yield Reason("too_few_states", {"found": len(states), "required": call.min_states})
    leads = [partner for partner in proposal.partners if partner.is_lead]
    for lead in leads:
        if not _in_member_state(lead):
            yield Reason("lead_not_in_member_state", {"organisation": lead.name})
    if not leads:
        yield Reason("no_lead")
    for partner in proposal.partners:
        if not partner.is_lead and not _in_member_state(partner):
            yield Reason("partner_not_in_member_state", {"organisation": partner.name})


def _confirmations(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    for partner in proposal.partners:
        if not partner.confirmed:
            yield Reason("not_confirmed", {"organisation": partner.name})


def _endorsements(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    if call.requires_endorsement:
        for partner in proposal.partners:
            if not partner.endorsed:
                yield Reason("not_endorsed", {"organisation": partner.name})


def _budget(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    """The totals are checked only when every line converts."""
    lines = [(partner, line) for partner in proposal.partners for line in partner.budget]
    if not lines:
        yield Reason("empty_budget")
        return
    for partner, line in lines:
        if _converted(line, call.currency) is None:
            yield Reason("missing_rate", {"organisation": partner.name, "category": line.category,
                                          "currency": line.currency})
    for partner, line in lines:
        if line.amount < 0:
            yield Reason("negative_amount", {"organisation": partner.name, "category": line.category,
                                             "amount": _text(line.amount), "currency": line.currency})
    summary = summarise_budget(proposal.partners, call.currency)
    if summary is not None:
        yield from _budget_totals(summary, proposal, call)


def _budget_totals(summary: BudgetSummary, proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    if summary.grant > call.max_grant:
        yield Reason("grant_above_maximum", {"grant": _text(summary.grant),
                                             "maximum": _text(call.max_grant), "currency": call.currency})
    if _below_minimum(summary, call.min_cofinancing_rate):
        yield Reason("cofinancing_below_minimum", {
            "rate": _percent(_share(summary.cofinancing, summary.total), ROUND_DOWN),
            "minimum": _percent(call.min_cofinancing_rate, ROUND_HALF_UP)})
    declared = proposal.declared_grant
    if declared is not None and abs(declared - summary.grant) > TOLERANCE:
        yield Reason("budget_mismatch", {"declared": _text(declared), "computed": _text(summary.grant),
                                         "currency": call.currency})


def _national_envelopes(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    """Each state's partners together within what their state's envelope still has; without a
    common budget a state with no envelope has nothing to give."""
    for state, (grant, currency) in sorted(proposal.national_grants.items()):
        if grant <= 0:
            continue
        if state in call.national_remaining:
            remaining, currency = call.national_remaining[state]
        elif call.common_budget:
            continue
        else:
            remaining = Decimal(0)
        if grant > remaining:
            yield Reason("national_envelope", {"state": state, "grant": _text(grant),
                                               "remaining": _text(max(remaining, Decimal(0))),
                                               "currency": currency})


def _technology_fields(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    if not proposal.technology_fields:
        yield Reason("no_technology_field")
    for key in sorted(proposal.technology_fields - call.technology_fields):
        yield Reason("field_not_in_call", {"field": key})


def _documents(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    for section in call.required_sections:
        if not (proposal.sections.get(section) or "").strip():
            yield Reason("missing_section", {"section": section})
    for kind in call.required_attachments:
        if kind not in proposal.attachment_kinds:
            yield Reason("missing_attachment", {"kind": kind})
    if call.requires_consortium_agreement:
        if CONSORTIUM_AGREEMENT not in proposal.attachment_kinds:
            yield Reason("no_consortium_agreement")
        if not proposal.has_ip_section:
            yield Reason("no_ip_section")


def _indicators(proposal: ProposalFacts, call: CallTerms) -> Iterator[Reason]:
    if not any(i.baseline is not None and i.target is not None for i in proposal.indicators):
        yield Reason("no_indicator")


_RULES = (_call_open, _states, _confirmations, _endorsements, _budget, _national_envelopes,
          _technology_fields, _documents, _indicators)


# Helpers.


def _in_member_state(partner: PartnerFacts) -> bool:
    return partner.state in MEMBER_STATES


def _converted(line: BudgetLine, call_currency: str) -> Decimal | None:
    """The line's amount in the call's currency, exact; ``None`` without a usable stored rate."""
    if line.currency == call_currency:
        return line.amount
    if line.rate is None or line.rate_date is None or line.rate <= 0:
        return None
    return line.amount * line.rate


def _below_minimum(summary: BudgetSummary, minimum: Decimal) -> bool:
    if summary.total > 0:
        return summary.cofinancing < minimum * summary.total
    return minimum > 0


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole if whole else Decimal(0)


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def _text(amount: Decimal) -> str:
    return str(_money(amount))


def _percent(rate: Decimal, rounding: str) -> str:
    """A rate as a percentage with two decimals; a rate that fails the minimum is rounded down,
    so that it never reads as equal to the minimum."""
    return str((rate * 100).quantize(CENT, rounding))
