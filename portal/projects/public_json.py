"""Funded projects as JSON for the API (API.md "Funded projects"): money and progress as
decimal strings, times in ISO 8601 with a zone, reasons for being at risk with their message in
the caller's language."""

from __future__ import annotations

from decimal import Decimal

from portal.calls.serialise import iso, number
from portal.projects.public_labels import describe_risk
from portal.projects.queries import PROGRESS_PLACES, ProjectView
from portal.projects.risk import RiskCode, RiskReason


def risk_json(reason: RiskReason) -> dict:
    shaped: dict = {"code": reason.code, "message": describe_risk(reason),
                    "period_number": reason.period_number}
    if reason.code == RiskCode.INDICATOR_BEHIND:
        shaped.update(indicator_id=reason.indicator_id,
                      progress=number(_places(reason.progress)),
                      expected=number(_places(reason.expected)))
    else:
        shaped.update(due_at=iso(reason.due_at), report_status=reason.report_status)
    return shaped


def _places(share: Decimal | None) -> Decimal | None:
    return None if share is None else share.quantize(PROGRESS_PLACES)


def project_json(view: ProjectView) -> dict:
    """A project of the list."""
    return {
        "id": view.id, "proposal_id": view.proposal.id, "acronym": view.proposal.acronym,
        "title": view.proposal.title, "language": view.proposal.language,
        "status": view.proposal.status,
        "classification": str(view.classification.classification),
        "states": list(view.classification.states),
        "partners": [{"organisation_id": p.organisation_id, "name": p.name, "state": p.state,
                      "region": p.region, "lead": p.lead, "grant": number(p.grant)}
                     for p in view.partners],
        "grant": number(view.grant), "currency": view.currency,
        "decision_number": view.decision_number,
        "indicators": [{"id": i.id, "name": i.name, "unit": i.unit,
                        "baseline": number(i.baseline), "target": number(i.target),
                        "latest_value": number(i.latest_value), "progress": number(i.progress)}
                       for i in view.indicators],
        "at_risk": view.at_risk,
        "ip": {"patents_filed": view.ip.patents_filed,
               "licences_granted": view.ip.licences_granted},
    }


def project_detail_json(view: ProjectView) -> dict:
    """A project with its reports, periods, milestones, border pairs and risks."""
    project = view.project
    return {
        **project_json(view),
        "call_id": view.proposal.call_id,
        "decision": ({"id": project.decision_id, "number": view.decision_number}
                     if project.decision_id is not None else None),
        "signed_on": project.signed_on.isoformat(), "starts_on": project.starts_on.isoformat(),
        "ends_on": project.ends_on.isoformat(), "completed_at": iso(project.completed_at),
        "border_pairs": [list(pair) for pair in view.classification.border_pairs],
        "at_risk_reasons": [risk_json(reason) for reason in view.risk],
        "reports": [{"id": p.report_id, "period_number": p.number, "summary": p.summary,
                     "accepted_at": iso(p.accepted_at)} for p in view.accepted_reports],
        "periods": [{"id": p.id, "number": p.number, "starts_on": p.starts_on.isoformat(),
                     "ends_on": p.ends_on.isoformat(), "due_on": p.due_on.isoformat(),
                     "final": p.final, "report_status": p.report_status}
                    for p in view.periods],
        "milestones": [{"id": m.id, "title": m.title, "month": m.month,
                        "deliverable": m.deliverable,
                        "reached_on": m.reached_on.isoformat() if m.reached_on else None}
                       for m in view.milestones],
    }
