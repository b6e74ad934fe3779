"""Each state's commitment (DESIGN 4.10): what an adopted decision draws from the national
envelopes of its call, written with the decision, and what the decisions of calls commit
together (registered with :mod:`portal.calls.committed` from the council's ``init_app``).

A decision whose reconsideration was requested, or whose outcome funds nothing, commits
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from portal.council.models import Decision
from portal.council.tally import Outcome
from portal.extensions import db
from portal.proposals.cofunding import national_grants
from portal.proposals.models import Proposal
from portal.registry.models import Organisation


def commitments_for(proposal: Proposal, outcome: str, on: datetime) -> list[dict]:
    """``[{state, amount, currency, co_funder_organisation_id}]``: one per state with an
    envelope whose partners get a grant, for an adopted outcome; none otherwise."""
    if outcome != Outcome.ADOPTED or not proposal.call.envelopes:
        return []
    grants = national_grants(proposal, on.date())
    return [{"state": envelope.state_code, "amount": str(grants[envelope.state_code][0]),
             "currency": envelope.currency,
             "co_funder_organisation_id": envelope.co_funder_organisation_id}
            for envelope in sorted(proposal.call.envelopes, key=lambda e: e.state_code)
            if envelope.state_code in grants and grants[envelope.state_code][0] > 0]


def committed_by_call(call_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """``{call id: {state: amount}}`` that the standing adopted decisions of the calls commit,
    in one statement."""
    rows = db.session.execute(
        select(Proposal.call_id, Decision.commitments)
        .join(Proposal, Proposal.id == Decision.proposal_id)
        .where(Proposal.call_id.in_(call_ids), Decision.outcome == Outcome.ADOPTED,
               Decision.reconsideration_requested_at.is_(None)))
    committed: dict[int, dict[str, Decimal]] = {}
    for call_id, commitments in rows:
        per_state = committed.setdefault(call_id, {})
        for commitment in commitments or ():
            state = commitment["state"]
            per_state[state] = per_state.get(state, Decimal(0)) + Decimal(commitment["amount"])
    return committed


def co_funder_names(decisions: Iterable[Decision]) -> dict[int, str]:
    """The names of the co-funders the decisions' commitments name, in one statement."""
    ids = {c["co_funder_organisation_id"] for d in decisions for c in d.commitments or ()}
    if not ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name)
                                   .where(Organisation.id.in_(ids))).all())


def commitments_json(decision: Decision, names: dict[int, str]) -> list[dict]:
    """``[{state, amount, currency, co_funder: {organisation_id, name}}]``."""
    return [{"state": c["state"], "amount": c["amount"], "currency": c["currency"],
             "co_funder": {"organisation_id": c["co_funder_organisation_id"],
                           "name": names.get(c["co_funder_organisation_id"])}}
            for c in decision.commitments or ()]
