"""Period reports in the JSON API (API.md "Funded projects"): the partners write and the lead
submits, the secretariat accepts or returns; every submission is kept as a version.

Each handler refuses a caller who holds no role that could allow the action (403) before it
loads anything, then lets the service decide on the report itself."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core.api import bp, json_body, paginate, require, token_required
from portal.extensions import db
from portal.projects import reports
from portal.projects.models import Report, ReportVersion
from portal.projects.permissions import may_assess_reports, may_see_reports
from portal.projects.report_content import report_content

NO_PART = _l("Only the partners, the secretariat, the council and the contact points of the "
            "partners' states take part in a project's reports.")
SECRETARIAT_ONLY = _l("Only the secretariat assesses reports.")


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def report_json(report: Report) -> dict:
    period = report.period
    return {
        "id": report.id, "project_id": report.project_id,
        "period": {"id": period.id, "number": period.number,
                   "starts_on": period.starts_on.isoformat(),
                   "ends_on": period.ends_on.isoformat(), "due_on": period.due_on.isoformat(),
                   "final": period.final},
        "status": report.status, "version": report.version,
        **report_content(report),
        "return_reason": report.return_reason,
        "submitted_at": _iso(report.submitted_at), "assessed_at": _iso(report.assessed_at),
        "versions": len(report.versions),
    }


def version_json(version: ReportVersion) -> dict:
    return {"number": version.number, "submitted_at": _iso(version.submitted_at),
            "submitted_by_id": version.submitted_by_id, "outcome": version.outcome,
            "outcome_reason": version.outcome_reason, "content": version.content}


#: A report's content, as written (POST) and changed (PATCH).
REPORT_CONTENT = {
    "type": "object",
    "properties": {
        "summary": {"type": "string", "maxLength": 2000,
                    "description": "for the public once accepted"},
        "narrative": {"type": "string", "maxLength": 20000},
        "patents_filed": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000,
                          "description": "patent applications filed on the project's results "
                                         "so far (cumulative); null when not stated"},
        "licences_granted": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000,
                             "description": "licences granted on the project's results so far "
                                            "(cumulative); null when not stated"},
        "indicator_values": {
            "type": "array", "maxItems": 50,
            "description": "cumulative values at the period's end, of the proposal's indicators",
            "items": {"type": "object", "properties": {
                "indicator_id": {"type": "integer"}, "value": {"type": ["number", "string"]}}}},
        "milestones": {
            "type": "array", "maxItems": 50,
            "items": {"type": "object", "properties": {
                "milestone_id": {"type": "integer"},
                "reached_on": {"type": "string", "format": "date"},
                "deliverable": {"type": "string"}}}},
        "spending": {
            "type": "array", "maxItems": 50,
            "items": {"type": "object", "properties": {
                "organisation_id": {"type": "integer"}, "category": {"type": "string"},
                "amount": {"type": ["number", "string"]},
                "currency": {"type": "string",
                             "description": "the partner's state currency by default"}}}},
    },
}


@bp.post("/projects/<int:project_id>/reports")
@token_required
def create_report(project_id: int):
    """Start the report of a reporting period.
    ---
    post:
      summary: Start a period's report (a partner's member); one per period, once it has begun
      tags: [projects]
      parameters:
        - {name: project_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: '#/components/schemas/ReportContent'
                - {type: object, required: [period_id], properties: {period_id: {type: integer}}}
      responses:
        201: {description: "the report, status draft, with its version"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not a member of a partner organisation"}
        404: {description: "no such project"}
        409: {description: "the period has a report already, has not begun, or the project is completed"}
        422: {description: "invalid values, every one under its field"}
    """
    user = require(may_see_reports, NO_PART)
    body = json_body()
    period_id = body.pop("period_id", None)
    report = reports.create_report(project_id, period_id, body, user)
    db.session.commit()
    return report_json(report), 201


@bp.get("/reports/<int:report_id>")
@token_required
def get_report(report_id: int):
    """A period report.
    ---
    get:
      summary: A report (partners, secretariat, administrator, council, partners' contact points)
      tags: [projects]
      parameters:
        - {name: report_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "{id, project_id, period, status, version, summary, narrative,
                            indicator_values, milestones, spending, return_reason,
                            submitted_at, assessed_at, versions}"}
        403: {description: "not a reader of the project's reports"}
        404: {description: "no such report"}
    """
    user = require(may_see_reports, NO_PART)
    return report_json(reports.get_report(report_id, user))


@bp.patch("/reports/<int:report_id>")
@token_required
def update_report(report_id: int):
    """Change a draft or returned report.
    ---
    patch:
      summary: Change a draft or returned report (the partners' members); each list sent is replaced
      tags: [projects]
      parameters:
        - {name: report_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: '#/components/schemas/ReportContent'
                - {type: object, required: [version], properties: {version: {type: integer}}}
      responses:
        200: {description: "the report"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not a member of a partner organisation"}
        404: {description: "no such report"}
        409: {description: "a stale version, or the report is submitted or accepted"}
        422: {description: "invalid values"}
    """
    user = require(may_see_reports, NO_PART)
    body = json_body()
    version = body.pop("version", None)
    report = reports.update_report(report_id, body, version, user)
    db.session.commit()
    return report_json(report)


@bp.post("/reports/<int:report_id>/submit")
@token_required
def submit_report(report_id: int):
    """Submit a report to the secretariat.
    ---
    post:
      summary: Submit a draft or returned report (a lead's member); it is kept as a new version
      tags: [projects]
      parameters:
        - {name: report_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the report, status submitted"}
        403: {description: "not a member of the lead organisation"}
        404: {description: "no such report"}
        409: {description: "the report is submitted or accepted already"}
        422: {description: "what is missing: a summary, a value for each indicator"}
    """
    user = require(may_see_reports, NO_PART)
    report = reports.submit_report(report_id, user)
    db.session.commit()
    return report_json(report)


@bp.post("/reports/<int:report_id>/accept")
@token_required
def accept_report(report_id: int):
    """Accept a submitted report.
    ---
    post:
      summary: Accept a submitted report (the secretariat); the final period's completes the project
      tags: [projects]
      parameters:
        - {name: report_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the report, status accepted"}
        403: {description: "not the secretariat"}
        404: {description: "no such report"}
        409: {description: "the report is not submitted"}
    """
    user = require(may_assess_reports, SECRETARIAT_ONLY)
    report = reports.accept_report(report_id, user)
    db.session.commit()
    return report_json(report)


@bp.post("/reports/<int:report_id>/return")
@token_required
def return_report(report_id: int):
    """Return a submitted report with a reason.
    ---
    post:
      summary: Return a submitted report to the partners with a reason (the secretariat)
      tags: [projects]
      parameters:
        - {name: report_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [reason]
              properties:
                reason: {type: string, maxLength: 10000}
      responses:
        200: {description: "the report, status returned"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not the secretariat"}
        404: {description: "no such report"}
        409: {description: "the report is not submitted"}
        422: {description: "no reason, or one too long"}
    """
    user = require(may_assess_reports, SECRETARIAT_ONLY)
    body = json_body()
    report = reports.return_report(report_id, body.get("reason"), user)
    db.session.commit()
    return report_json(report)


@bp.get("/reports/<int:report_id>/versions")
@token_required
def list_report_versions(report_id: int):
    """The submitted versions of a report.
    ---
    get:
      summary: Every submitted version of a report, the first first, with the secretariat's outcome
      tags: [projects]
      parameters:
        - {name: report_id, in: path, required: true, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of {number, submitted_at, submitted_by_id, outcome,
                            outcome_reason, content}"}
        403: {description: "not a reader of the project's reports"}
        404: {description: "no such report"}
    """
    user = require(may_see_reports, NO_PART)
    report = reports.get_report(report_id, user)
    return paginate(select(ReportVersion).where(ReportVersion.report_id == report.id)
                    .order_by(ReportVersion.number), version_json)
