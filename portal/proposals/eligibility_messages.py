"""The eligibility reasons in words, in the reader's language (of the request, or of
``force_locale`` in a task or an e-mail).

Amounts and percentages are formatted for the reader's locale; dates are shown in the reader's
time zone; technology fields, sections, attachment kinds and budget categories by their names
when the caller gives them (``labels``), else by the built-in names below or a budget category's
own name, else by their keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.core import numbers
from portal.core.timezones import format_moment
from portal.proposals.eligibility import Reason
from portal.proposals.labels import CATEGORY_NAMES
from portal.reference.queries import state_name

MESSAGES = {
    "call_not_open": _l("The proposal was submitted on %(submitted_at)s, outside the call's "
                        "submission period, from %(opens_at)s to %(closes_at)s."),
    "too_few_states": _l("The partners come from too few member states: %(found)s, where the "
                         "call requires at least %(required)s."),
    "lead_not_in_member_state": _l("The lead partner, %(organisation)s, is not based in a member "
                                   "state of the Union."),
    "no_lead": _l("None of the partners is named as the lead partner."),
    "partner_not_in_member_state": _l("The partner %(organisation)s is not based in a member state "
                                      "of the Union."),
    "not_confirmed": _l("%(organisation)s has not confirmed its participation in the proposal."),
    "not_endorsed": _l("%(organisation)s has not been endorsed by the national contact point of "
                       "its state, which the call requires."),
    "empty_budget": _l("The budget has no lines."),
    "missing_rate": _l("The budget line “%(category)s” of %(organisation)s is in %(currency)s, "
                       "and no dated exchange rate is stored to convert it into the call's "
                       "currency."),
    "negative_amount": _l("The budget line “%(category)s” of %(organisation)s has a negative "
                          "amount: %(amount)s %(currency)s."),
    "grant_above_maximum": _l("The requested grant of %(grant)s %(currency)s is above the call's "
                              "maximum of %(maximum)s %(currency)s."),
    "cofinancing_below_minimum": _l("The partners co-finance %(rate)s of the budget; the call "
                                    "requires at least %(minimum)s."),
    "budget_mismatch": _l("The stated grant of %(declared)s %(currency)s does not match the "
                          "budget lines, which add up to a grant of %(computed)s %(currency)s."),
    "national_envelope": _l("The partners from %(state)s request a grant of %(grant)s "
                            "%(currency)s; their state's national envelope has only "
                            "%(remaining)s %(currency)s left."),
    "no_technology_field": _l("The proposal names no technology field."),
    "field_not_in_call": _l("The technology field “%(field)s” is not among the call's."),
    "missing_section": _l("The section “%(section)s” is missing."),
    "missing_attachment": _l("The attachment “%(kind)s” is missing."),
    "no_consortium_agreement": _l("The call requires a signed consortium agreement, and none is "
                                  "attached."),
    "no_ip_section": _l("The call requires the IP section: who owns the results of the "
                        "project is not stated."),
    "no_indicator": _l("No indicator has both a baseline and a target."),
}

#: Names of the sections and attachment kinds the calls ask for by default.
LABELS = {
    "summary": _l("Summary"),
    "work_plan": _l("Work plan"),
    "letter_of_intent": _l("Letter of intent"),
}

_AMOUNTS = frozenset({"grant", "maximum", "declared", "computed", "amount", "remaining"})
_PERCENTAGES = frozenset({"rate", "minimum"})
_DATES = frozenset({"submitted_at", "opens_at", "closes_at"})
_KEYS = frozenset({"field", "section", "kind", "category"})


def describe(reason: Reason, labels: Mapping[str, str] | None = None) -> str:
    """The reason as a sentence in the current language. ``labels`` maps technology field keys,
    section keys, attachment kinds and budget categories to their names in that language."""
    names = {**LABELS, **(labels or {})}
    params = {name: _formatted(name, value, names) for name, value in reason.params.items()}
    return str(MESSAGES[reason.code]) % params


def _formatted(name: str, value: str | int, names: Mapping[str, str]) -> str | int:
    if name in _AMOUNTS:
        return numbers.amount(Decimal(value), None)
    if name in _PERCENTAGES:  # a percentage (``36.60``), written as the language writes one
        return numbers.percent(Decimal(value) / 100)
    if name in _DATES:
        return format_moment(datetime.fromisoformat(str(value)))
    if name == "category":  # the caller's name, else the category's own (an attachment may be "other" too)
        return str(names.get(str(value)) or CATEGORY_NAMES.get(str(value), value))
    if name in _KEYS:
        return str(names.get(str(value), value))
    if name == "state":
        return state_name(str(value))
    return value
