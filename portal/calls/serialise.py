"""Calls as JSON for the API (API.md "Calls and proposals")."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.calls.committed import committed_of, envelope_rows
from portal.calls.models import Call


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def number(value) -> str | None:
    """Money, rates and scores as decimal strings, so that no precision is lost in JSON."""
    return None if value is None else str(value)


def envelopes_json(call: Call, committed: dict | None = None) -> list[dict]:
    """``national_envelopes``: each state's envelope, its co-funder, committed and remaining."""
    return [{"state": row["state"], "amount": number(row["amount"]), "currency": row["currency"],
             "co_funder": {"organisation_id": row["co_funder"].id, "name": row["co_funder"].name},
             "committed": number(row["committed"]), "remaining": number(row["remaining"])}
            for row in envelope_rows(call, committed)]


def calls_json(calls: list[Call], now: datetime) -> list[dict]:
    """A page of calls, what their decisions committed read at once."""
    committed = committed_of(call.id for call in calls if call.envelopes)
    return [call_json(call, now, committed.get(call.id, {})) for call in calls]


def call_json(call: Call, now: datetime, committed: dict | None = None) -> dict:
    """The call; ``committed`` (per state) is read when not given."""
    return {
        "id": call.id, "title": call.title, "description": call.description,
        "language": call.language, "opens_at": iso(call.opens_at),
        "closes_at": iso(call.closes_at), "timezone": call.timezone,
        "open": call.is_open(now),
        "technology_fields": [field.key for field in call.technology_fields],
        "budget": number(call.budget), "currency": call.currency,
        "max_grant": number(call.max_grant),
        "min_cofinancing_rate": number(call.min_cofinancing_rate),
        "national_envelopes": envelopes_json(call, committed) if call.envelopes else [],
        "min_states": call.min_states, "requires_endorsement": call.requires_endorsement,
        "requires_consortium_agreement": call.requires_consortium_agreement,
        "required_attachments": list(call.required_attachments or []),
        "criteria": [{"key": c.key, "name": c.name, "weight": number(c.weight),
                      "threshold": number(c.threshold)} for c in call.criteria],
        "overall_threshold": number(call.overall_threshold),
        "experts_per_proposal": call.experts_per_proposal, "review_days": call.review_days,
        "reporting_period_months": call.reporting_period_months,
        "decision_rule": call.decision_rule, "created_at": iso(call.created_at),
        "version": call.version,
    }
