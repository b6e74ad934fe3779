"""The frozen content of a proposal at a submission, and the field-by-field comparison of two
snapshots in words. The content is plain JSON: texts, numbers as decimal strings, ids and
names."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import NotFound
from portal.extensions import db
from portal.proposals.comparison import Difference, differences
from portal.proposals.models import Proposal, ProposalSnapshot


def _number(value) -> str | None:
    return None if value is None else str(value)


def proposal_content(proposal: Proposal) -> dict:
    return {
        "title": proposal.title, "acronym": proposal.acronym, "summary": proposal.summary,
        "work_plan": proposal.work_plan, "language": proposal.language,
        "duration_months": proposal.duration_months,
        "lead_organisation_id": proposal.lead_organisation_id,
        "classification": proposal.classification,
        "technology_fields": [field.key for field in proposal.technology_fields],
        "partners": [{
            "organisation_id": p.organisation_id, "name": p.organisation.name,
            "state": p.organisation.state_code, "region": p.organisation.region_code,
            "cofinancing_rate": _number(p.cofinancing_rate),
            "confirmed": p.confirmed_at is not None, "endorsed": p.endorsed_at is not None,
            "budget": [{"category": line.category, "amount": _number(line.amount),
                        "currency": line.currency, "rate": _number(line.rate),
                        "rate_date": line.rate_date.isoformat() if line.rate_date else None}
                       for line in p.budget]} for p in proposal.partners],
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": _number(i.baseline),
                        "target": _number(i.target)} for i in proposal.indicators],
        "milestones": [{"title": m.title, "month": m.month, "deliverable": m.deliverable}
                       for m in proposal.milestones],
        "ip": {"background": [{"organisation_id": row.organisation_id,
                               "name": row.organisation.name, "title": row.title,
                               "kind": row.kind, "terms": row.terms}
                              for row in proposal.background_ip],
               "results_ownership": proposal.ip_results_ownership,
               "access_rights": proposal.ip_access_rights},
        "attachments": [{"kind": a.kind, "filename": a.filename, "sha256": a.sha256}
                        for a in proposal.attachments],
    }


def snapshot(proposal: Proposal, number: int) -> ProposalSnapshot:
    found = db.session.scalar(select(ProposalSnapshot).where(
        ProposalSnapshot.proposal_id == proposal.id, ProposalSnapshot.number == number))
    if found is None:
        raise NotFound(_("This proposal has no version %(n)d.", n=number))
    return found


def compare_snapshots(proposal: Proposal, a: int, b: int) -> list[Difference]:
    """Every real difference between versions ``a`` and ``b``, in words
    (:mod:`portal.proposals.comparison`); 404 for a version the proposal does not have."""
    return differences(snapshot(proposal, a).content, snapshot(proposal, b).content)
