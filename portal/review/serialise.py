"""Assignments, reviews and the consensus report as JSON, shaped by what the reader may see.

Two rules: an expert reads only the title and abstract of a proposal until they accept with the
declaration of no conflict; and reviewer identities (ids, names) appear only for the staff.
:func:`consolidated_report_json` is what applicants read: it never has an author or an expert.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from flask_babel import gettext as _

from portal.proposals.models import Proposal
from portal.proposals.serialise import ip_json
from portal.review import permissions, services
from portal.review.models import Assignment, ConsensusReport, Review
from portal.review.scoring import Consolidation


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _number(value: Decimal | str) -> float:
    return float(Decimal(value))


def assignment_json(assignment: Assignment) -> dict:
    return {"id": assignment.id, "proposal_id": assignment.proposal_id,
            "status": assignment.status, "due_at": iso(assignment.due_at),
            "rapporteur": assignment.rapporteur}


def _criteria(proposal: Proposal) -> list[dict]:
    return [{"key": c.key, "name": c.name, "weight": _number(c.weight),
             "threshold": _number(c.threshold)} for c in proposal.call.criteria]


def proposal_for_expert(proposal: Proposal, full: bool) -> dict:
    """Title and abstract; the whole proposal once the expert accepted with the declaration."""
    data = {"id": proposal.id, "title": proposal.title, "summary": proposal.summary,
            "language": proposal.language, "full": full}
    if not full:
        return data
    data.update({
        "acronym": proposal.acronym, "work_plan": proposal.work_plan,
        "duration_months": proposal.duration_months, "classification": proposal.classification,
        "technology_fields": [field.key for field in proposal.technology_fields],
        "partners": [{"organisation_id": p.organisation_id, "name": p.organisation.name,
                      "state": p.organisation.state_code,
                      "lead": p.organisation_id == proposal.lead_organisation_id}
                     for p in proposal.partners],
        "indicators": [{"name": i.name, "unit": i.unit,
                        "baseline": None if i.baseline is None else _number(i.baseline),
                        "target": None if i.target is None else _number(i.target)}
                       for i in proposal.indicators],
        "milestones": [{"title": m.title, "month": m.month, "deliverable": m.deliverable}
                       for m in proposal.milestones],
        "ip": ip_json(proposal),
        "criteria": _criteria(proposal),
    })
    return data


def review_json(review: Review, label: str, identity: dict | None = None) -> dict:
    data = {"reviewer": label, "scores": {k: _number(v) for k, v in review.scores.items()},
            "comments": review.comments, "recommendation": review.recommendation,
            "total": _number(review.total), "submitted_at": iso(review.submitted_at)}
    if identity is not None:
        data["expert"] = identity
    return data


def assignment_detail_json(assignment: Assignment, user) -> dict:
    proposal = services.get_proposal(assignment.proposal_id)
    full = permissions.can_see_full_proposal(user, assignment)
    data = assignment_json(assignment)
    data.update({"assigned_at": iso(assignment.assigned_at),
                 "declared_at": iso(assignment.declared_at),
                 "proposal": proposal_for_expert(proposal, full)})
    if assignment.review is not None:
        data["review"] = review_json(assignment.review, "you")
    return data


def reviewer_labels(proposal: Proposal, user) -> dict[int, str]:
    """"Reviewer 1, 2…" by assignment id, in the order the reviews came in."""
    return {review.assignment_id: _("Reviewer %(n)d", n=n)
            for n, review in enumerate(services.submitted_reviews(proposal), start=1)}


def figures_json(figures: Consolidation | None, proposal: Proposal) -> dict | None:
    if figures is None:
        return None
    return {"mean_total": _number(figures.mean_total),
            "criterion_means": {k: _number(v) for k, v in figures.criterion_means.items()},
            "failed_criteria": list(figures.failed_criteria),
            "passes_overall": figures.passes_overall, "disagreement": figures.disagreement,
            "spread": _number(figures.spread),
            "overall_threshold": _number(proposal.call.overall_threshold)}


def consolidated_report_json(report: ConsensusReport) -> dict:
    """The report as applicants read it: no author, no expert, ever."""
    return {"scores": {k: _number(v) for k, v in report.scores.items()},
            "total": _number(report.total), "recommendation": report.recommendation,
            "text": report.text, "conditions": report.conditions,
            "disagreement": report.disagreement, "locked_at": iso(report.locked_at)}


def reviews_json(proposal: Proposal, user) -> dict:
    """What ``user`` may see of the review of ``proposal``."""
    data: dict = {"proposal_id": proposal.id, "status": proposal.status}
    if permissions.can_see_reviews(user, proposal):
        identities = permissions.can_see_identities(user, proposal)
        labels = reviewer_labels(proposal, user)
        reviews = services.submitted_reviews(proposal)
        data["reviews"] = [
            review_json(review, labels[review.assignment_id],
                        {"id": review.assignment.expert_id, "name": review.assignment.expert.name}
                        if identities else None)
            for review in reviews]
        data["consolidation"] = figures_json(services.consolidation_of(proposal), proposal)
        data["criteria"] = _criteria(proposal)
    report = services.report_of(proposal)
    if permissions.can_see_report(user, proposal, report):
        data["report"] = consolidated_report_json(report)
    return data
