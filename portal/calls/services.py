"""Opening a call (DESIGN 4.2), with every value checked and every problem reported at once.

:func:`open_call` takes the values of API.md's ``POST /api/v1/calls`` (ISO 8601 strings or aware
datetimes for the times, numbers or numeric strings for money and rates), checks the secretariat
is acting, writes the call and its criteria, audits and flushes; the caller commits.
"""

from __future__ import annotations

import re
from datetime import UTC
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from sqlalchemy import Select, select

from portal.accounts.models import LANGUAGES
from portal.calls.envelopes import check_envelopes
from portal.calls.models import CALL_CURRENCIES, Call, CallCriterion
from portal.calls.permissions import may_manage_calls
from portal.calls.terms import AttachmentKind, DecisionRule
from portal.calls.validation import (
    boolean,
    decimal,
    in_range,
    integer,
    moment,
    string_list,
    text,
)
from portal.core import audit, limits
from portal.core.errors import NotFound, PermissionDenied
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.reference.models import TechnologyField
from portal.reference.queries import resolve_technology_fields

MAX_CRITERIA = 12
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def valid_timezone(name) -> bool:
    if not isinstance(name, str) or not name.strip() or name.startswith("/"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _technology_fields(problems: Problems, keys) -> list[TechnologyField]:
    keys = string_list(problems, "technology_fields", keys)
    if not keys:
        add_problem(problems, "technology_fields", _("Choose at least one technology field."))
        return []
    fields, unknown = resolve_technology_fields(keys)
    if unknown:
        add_problem(problems, "technology_fields", unknown)
    return fields


def _criteria(problems: Problems, rows) -> list[CallCriterion]:
    if not isinstance(rows, list) or not rows:
        add_problem(problems, "criteria", _("Give at least one evaluation criterion."))
        return []
    if len(rows) > MAX_CRITERIA:
        add_problem(problems, "criteria", _("At most %(n)d criteria.", n=MAX_CRITERIA))
        return []
    criteria, keys = [], set()
    for index, row in enumerate(rows):
        prefix = f"criteria.{index}"
        if not isinstance(row, dict):
            add_problem(problems, prefix, _("Each criterion is an object with key, name, weight "
                                            "and threshold."))
            continue
        key = text(problems, f"{prefix}.key", row.get("key"), 40)
        if key and not KEY_PATTERN.match(key):
            add_problem(problems, f"{prefix}.key", _("Lower-case letters, digits and _, starting "
                                                     "with a letter."))
        elif key in keys:
            add_problem(problems, f"{prefix}.key", _("Each criterion needs its own key."))
        keys.add(key)
        name = text(problems, f"{prefix}.name", row.get("name"), limits.NAME_MAX)
        weight = decimal(problems, f"{prefix}.weight", row.get("weight"), bounds=limits.WEIGHT)
        if weight is not None and weight <= 0:
            add_problem(problems, f"{prefix}.weight", _("The weight must be more than 0."))
        threshold = decimal(problems, f"{prefix}.threshold", row.get("threshold"),
                            bounds=limits.SCORE)
        criteria.append(CallCriterion(key=key, name=name, weight=weight, threshold=threshold,
                                      position=index + 1))
    return criteria


def _money_terms(problems: Problems, values: dict, with_envelopes: bool) -> dict:
    """The common envelope, beside or instead of national ones: the budget is required only
    for a call without national envelopes."""
    budget = decimal(problems, "budget", values.get("budget"), bounds=limits.AMOUNT,
                     required=not with_envelopes)
    if budget is not None and budget <= 0:
        add_problem(problems, "budget", _("The budget must be more than 0."))
    max_grant = decimal(problems, "max_grant", values.get("max_grant"), bounds=limits.AMOUNT)
    if max_grant is not None and max_grant <= 0:
        add_problem(problems, "max_grant", _("The maximum grant must be more than 0."))
    elif max_grant is not None and budget is not None and max_grant > budget:
        add_problem(problems, "max_grant", _("The maximum grant cannot exceed the budget."))
    currency = values.get("currency")
    if currency not in CALL_CURRENCIES:
        add_problem(problems, "currency", _("Unknown currency; one of %(codes)s.",
                                            codes=", ".join(CALL_CURRENCIES)))
    rate = decimal(problems, "min_cofinancing_rate", values.get("min_cofinancing_rate"),
                   bounds=limits.FRACTION)
    if rate is not None and not 0 <= rate < 1:
        add_problem(problems, "min_cofinancing_rate",
                    _("A fraction from 0 up to, not including, 1 (0.25 is 25 %)."))
    return {"budget": budget, "max_grant": max_grant, "currency": currency,
            "min_cofinancing_rate": rate}


def _period(problems: Problems, values: dict) -> dict:
    opens_at = moment(problems, "opens_at", values.get("opens_at"))
    closes_at = moment(problems, "closes_at", values.get("closes_at"))
    if opens_at and closes_at and closes_at <= opens_at:
        add_problem(problems, "closes_at", _("The call must close after it opens."))
    zone = values.get("timezone")
    if not valid_timezone(zone):
        add_problem(problems, "timezone", _("Not a known time zone; give an IANA name such as "
                                            "Asia/Almaty."))
    return {"opens_at": opens_at.astimezone(UTC) if opens_at else None,
            "closes_at": closes_at.astimezone(UTC) if closes_at else None, "timezone": zone}


def _review_terms(problems: Problems, values: dict) -> dict:
    min_states = integer(problems, "min_states", values.get("min_states"), default=2)
    in_range(problems, "min_states", min_states, 2, 5)
    experts = integer(problems, "experts_per_proposal", values.get("experts_per_proposal"),
                      default=3)
    in_range(problems, "experts_per_proposal", experts, 1, 20)
    review_days = integer(problems, "review_days", values.get("review_days"), default=30)
    in_range(problems, "review_days", review_days, 1, 365)
    reporting = integer(problems, "reporting_period_months",
                        values.get("reporting_period_months"), default=6)
    in_range(problems, "reporting_period_months", reporting, 1, 24)
    overall = decimal(problems, "overall_threshold", values.get("overall_threshold"),
                      bounds=limits.SCORE)
    rule = values.get("decision_rule") or DecisionRule.CONSENSUS
    if rule not in set(DecisionRule):
        add_problem(problems, "decision_rule", _("Either consensus or qualified_majority."))
    return {"min_states": min_states, "experts_per_proposal": experts,
            "review_days": review_days, "overall_threshold": overall, "decision_rule": rule,
            "reporting_period_months": reporting,
            "requires_endorsement": boolean(problems, "requires_endorsement",
                                            values.get("requires_endorsement"), True)}


def _attachments(problems: Problems, value) -> list[str]:
    kinds = string_list(problems, "required_attachments", value)
    unknown = [kind for kind in kinds if kind not in set(AttachmentKind)]
    if unknown:
        add_problem(problems, "required_attachments",
                    _("Unknown attachment kind: %(kinds)s", kinds=", ".join(unknown)))
    return kinds


def check_call_values(values: dict) -> dict:
    """Every value of a new call, cleaned; :class:`ValidationError` with every problem."""
    problems: Problems = {}
    language = values.get("language") or "ru"
    if language not in LANGUAGES:
        add_problem(problems, "language", _("Unknown language: %(language)s", language=language))
    cleaned = {
        "title": text(problems, "title", values.get("title"), limits.TITLE_MAX),
        "description": text(problems, "description", values.get("description"),
                            limits.LONG_TEXT_MAX),
        "language": language,
        **_period(problems, values),
        **_review_terms(problems, values),
        "required_attachments": _attachments(problems, values.get("required_attachments")),
        "requires_consortium_agreement": boolean(problems, "requires_consortium_agreement",
                                                 values.get("requires_consortium_agreement"),
                                                 False),
    }
    envelopes = check_envelopes(problems, values.get("national_envelopes"))
    cleaned.update(_money_terms(problems, values, bool(envelopes)))
    fields = _technology_fields(problems, values.get("technology_fields"))
    criteria = _criteria(problems, values.get("criteria"))
    raise_if(problems)
    return {**cleaned, "technology_fields": fields, "criteria": criteria, "envelopes": envelopes}


def open_call(values: dict, actor) -> Call:
    """Open a call for proposals (the secretariat). Times are stored in UTC."""
    if not may_manage_calls(actor):
        raise PermissionDenied(_("Only the secretariat opens calls."))
    cleaned = check_call_values(values)
    call = Call(created_by_id=actor.id, **cleaned)
    db.session.add(call)
    db.session.flush()
    audit.record("call.open", actor, f"call:{call.id}", title=call.title,
                 closes_at=call.closes_at.isoformat(),
                 envelopes=[{"state": e.state_code, "amount": str(e.amount), "currency": e.currency,
                             "co_funder_organisation_id": e.co_funder_organisation_id}
                            for e in call.envelopes])
    return call


def calls_query() -> Select:
    """Every call, the latest to close first."""
    return select(Call).order_by(Call.closes_at.desc(), Call.id.desc())


def open_calls_query(now) -> Select:
    """The calls open for proposals at ``now`` (as :meth:`Call.is_open`), the first to close
    first."""
    return (select(Call).where(Call.opens_at <= now, Call.closes_at > now)
            .order_by(Call.closes_at, Call.id))


def get_call(call_id: int) -> Call:
    call = db.session.get(Call, call_id) if limits.is_id(call_id) else None
    if call is None:
        raise NotFound(_("There is nothing here."))
    return call
