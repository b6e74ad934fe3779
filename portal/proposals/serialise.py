"""Proposals as JSON for the API (API.md "Calls and proposals"): the eligibility reasons in the
caller's language, the classification with its border pairs, and what the features above add
(the council's decision once there is one: :func:`portal.proposals.hooks.register_summary`)."""

from __future__ import annotations

from portal.calls.serialise import iso, number
from portal.proposals import facts
from portal.proposals.eligibility import Reason
from portal.proposals.eligibility_messages import describe
from portal.proposals.history import HistoryEntry
from portal.proposals.hooks import summaries
from portal.proposals.labels import (
    background_kind_name,
    next_step,
    ownership_name,
    status_name,
)
from portal.proposals.models import Proposal


def eligibility_json(proposal: Proposal) -> dict:
    reasons = [Reason.from_dict(r) for r in proposal.eligibility_reasons or []]
    return {"passed": proposal.eligibility_passed, "checked_at": iso(proposal.eligibility_checked_at),
            "reasons": [{"code": r.code, "message": describe(r), "params": dict(r.params)}
                        for r in reasons]}


def budget_json(proposal: Proposal) -> dict:
    summary = facts.budget_summary(proposal)
    return {"currency": proposal.call.currency,
            "total": number(summary.total) if summary else None,
            "cofinancing": number(summary.cofinancing) if summary else None,
            "grant": number(summary.grant) if summary else None,
            "cofinancing_rate": number(summary.cofinancing_rate) if summary else None,
            "complete": summary is not None}


def partner_json(partner) -> dict:
    return {
        "organisation_id": partner.organisation_id, "name": partner.organisation.name,
        "state": partner.organisation.state_code, "region": partner.organisation.region_code,
        "lead": partner.organisation_id == partner.proposal.lead_organisation_id,
        "cofinancing_rate": number(partner.cofinancing_rate),
        "confirmed": partner.confirmed_at is not None,
        "confirmed_at": iso(partner.confirmed_at),
        "endorsed": partner.endorsed_at is not None, "endorsed_at": iso(partner.endorsed_at),
        "budget": [{"category": line.category, "amount": number(line.amount),
                    "currency": line.currency, "rate": number(line.rate),
                    "rate_date": line.rate_date.isoformat() if line.rate_date else None}
                   for line in partner.budget],
    }


def ip_json(proposal: Proposal) -> dict:
    """The IP section (DESIGN 4.10), with the names of kinds and ownership in the reader's
    language."""
    return {
        "background": [{"organisation_id": row.organisation_id, "name": row.organisation.name,
                        "title": row.title, "kind": row.kind,
                        "kind_label": background_kind_name(row.kind), "terms": row.terms}
                       for row in proposal.background_ip],
        "results_ownership": proposal.ip_results_ownership,
        "results_ownership_label": ownership_name(proposal.ip_results_ownership),
        "access_rights": proposal.ip_access_rights,
    }


def proposal_json(proposal: Proposal, known: dict[str, dict[int, object]] | None = None) -> dict:
    """The proposal; ``known`` holds the summaries of a list's proposals
    (:func:`portal.proposals.hooks.summaries_of_many`)."""
    classified = facts.classification(proposal)
    return {
        "id": proposal.id, "call_id": proposal.call_id, "title": proposal.title,
        "acronym": proposal.acronym, "summary": proposal.summary,
        "work_plan": proposal.work_plan, "language": proposal.language,
        "technology_fields": [field.key for field in proposal.technology_fields],
        "duration_months": proposal.duration_months,
        "lead_organisation_id": proposal.lead_organisation_id,
        "status": proposal.status, "status_label": status_name(proposal.status),
        "next_step": next_step(proposal.status),
        "classification": proposal.classification,
        "border_pairs": [list(pair) for pair in classified.border_pairs],
        "states": list(classified.states),
        "eurasian_programme": classified.eurasian_programme,
        "eligibility": eligibility_json(proposal),
        "partners": [partner_json(partner) for partner in proposal.partners],
        "budget": budget_json(proposal),
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": number(i.baseline),
                        "target": number(i.target)} for i in proposal.indicators],
        "milestones": [{"title": m.title, "month": m.month, "deliverable": m.deliverable}
                       for m in proposal.milestones],
        "ip": ip_json(proposal),
        "submitted_at": iso(proposal.submitted_at), "created_at": iso(proposal.created_at),
        "updated_at": iso(proposal.updated_at), "snapshot_number": proposal.snapshot_number,
        "version": proposal.version, **summaries(proposal, known),
    }


def history_json(entry: HistoryEntry) -> dict:
    """One entry of the history as its reader may know it: ``actor`` is ``None`` for the worker,
    and has no id where the reader may not know who acted (the rapporteur, to applicants)."""
    return {"from": entry.from_status, "to": entry.to_status, "action": entry.action,
            "actor": ({"id": entry.actor_id, "name": entry.actor_name}
                      if entry.actor_name is not None else None),
            "at": iso(entry.at), "note": entry.note}
