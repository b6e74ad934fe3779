"""The grant agreement in the JSON API (API.md "Funded projects"): recording it, which starts
the project and its reporting schedule, and the signed PDF, uploaded and downloaded."""

from __future__ import annotations

import io

from flask import request, send_file
from flask_babel import gettext as _

from portal.calls.serialise import number
from portal.core.api import bp, json_body, require, token_required
from portal.core.errors import ValidationError
from portal.extensions import db
from portal.projects import agreement
from portal.projects.models import Project
from portal.projects.permissions import may_read_agreements, may_record_agreement
from portal.proposals.attachments import max_bytes


def _secretariat():
    return require(may_record_agreement, _("Only the secretariat records grant agreements."))


def project_json(project: Project) -> dict:
    """The project as its agreement made it: dates, grants and the reporting schedule."""
    call = project.proposal.call
    pdf = None
    if project.agreement_stored_name is not None:
        pdf = {"filename": project.agreement_filename, "size": project.agreement_size,
               "sha256": project.agreement_sha256,
               "url": f"/api/v1/projects/{project.id}/agreement-file"}
    return {
        "id": project.id, "proposal_id": project.proposal_id,
        "decision_id": project.decision_id, "signed_on": project.signed_on.isoformat(),
        "starts_on": project.starts_on.isoformat(), "ends_on": project.ends_on.isoformat(),
        "reporting_period_months": project.reporting_period_months,
        "conditions_note": project.conditions_note,
        "grants": [{"organisation_id": grant.organisation_id,
                    "name": grant.organisation.name, "state": grant.organisation.state_code,
                    "amount": number(grant.amount)} for grant in project.grants],
        "grant": number(sum(grant.amount for grant in project.grants)),
        "currency": call.currency, "timezone": call.timezone,
        "periods": [{"id": period.id, "number": period.number,
                     "starts_on": period.starts_on.isoformat(),
                     "ends_on": period.ends_on.isoformat(), "due_on": period.due_on.isoformat(),
                     "final": period.final} for period in project.periods],
        "agreement_file": pdf,
    }


@bp.post("/proposals/<int:proposal_id>/agreement")
@token_required
def record_agreement(proposal_id: int):
    """Record the grant agreement of an approved proposal.
    ---
    post:
      summary: Record the grant agreement, which starts the project (the secretariat)
      description: >
        For an approved proposal whose decision is in force. The proposal becomes
        in_implementation and its project is created with a grant per partner given and its
        reporting schedule: a period every reporting_period_months from the day after signing
        through the proposal's duration, the last one's report being the final report; each
        report is due by the end of due_on in the call's time zone. It cannot be undone. The
        signed PDF is uploaded with PUT /projects/{id}/agreement-file.
      tags: [projects]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [signed_on, grants]
              properties:
                signed_on: {type: string, format: date,
                            description: "not in the future, not before the decision"}
                grants:
                  type: array
                  description: "at most one per partner; their total at most the call's
                    max_grant"
                  items:
                    type: object
                    required: [organisation_id, amount]
                    properties:
                      organisation_id: {type: integer, description: "a partner"}
                      amount: {type: number, exclusiveMinimum: 0,
                               description: "in the call's currency, at most 2 decimals"}
                reporting_period_months: {type: integer, minimum: 1, maximum: 24,
                                          description: "the call's setting by default"}
                conditions_note: {type: string, maxLength: 10000,
                                  description: "how the decision's conditions were met;
                                    required when it was adopted with conditions"}
      responses:
        201: {description: "the project {id, proposal_id, signed_on, starts_on, ends_on,
              reporting_period_months, grants: [{organisation_id, name, state, amount}],
              grant, currency, periods: [{id, number, starts_on, ends_on, due_on, final}]}"}
        400: {description: "the body is not a JSON object"}
        401: {description: "no valid token"}
        403: {description: "not the secretariat"}
        404: {description: "no such proposal"}
        409: {description: "not approved, the decision not in force, or the agreement already
              recorded"}
        422: {description: "invalid values, every one listed in fields (grants.N.amount...)"}
    """
    user = _secretariat()
    body = json_body()
    project = agreement.record_agreement(
        proposal_id, body.get("signed_on"), body.get("grants"), user,
        reporting_period_months=body.get("reporting_period_months"),
        conditions_note=body.get("conditions_note", ""))
    db.session.commit()
    return project_json(project), 201


@bp.put("/projects/<int:project_id>/agreement-file")
@token_required
def upload_agreement_file(project_id: int):
    """Upload the signed agreement.
    ---
    put:
      summary: The signed grant agreement as a PDF (the secretariat); replaces an earlier one
      description: >
        As a proposal's attachments: PDF only, read by a PDF reader before it is accepted, at
        most 500 pages and the configured size (10 MB by default); a refused file leaves
        nothing stored.
      tags: [projects]
      parameters:
        - {name: project_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
      responses:
        200: {description: "the project, with agreement_file {filename, size, sha256, url}"}
        401: {description: "no valid token"}
        403: {description: "not the secretariat"}
        404: {description: "no such project"}
        413: {description: "the request is larger than the server accepts"}
        422: {description: "no file, an empty or too large file, or not a readable PDF
              (error.fields.file)"}
    """
    user = _secretariat()
    upload = request.files.get("file")
    if upload is None:
        agreement.get_project(project_id)
        message = _("Choose a file.")
        raise ValidationError(message, {"file": [message]})
    pdf = agreement.SignedPdf(upload.filename or "", upload.read(max_bytes() + 1))
    project = agreement.attach_agreement_file(project_id, pdf, user)
    db.session.commit()
    return project_json(project)


@bp.get("/projects/<int:project_id>/agreement-file")
@token_required
def download_agreement_file(project_id: int):
    """Download the signed agreement.
    ---
    get:
      summary: The signed agreement's PDF; every download is audited
      description: For the secretariat, the members of the partner organisations and the
        council.
      tags: [projects]
      parameters:
        - {name: project_id, in: path, required: true, schema: {type: integer}}
      responses:
        200:
          description: "the PDF"
          content:
            application/pdf:
              schema: {type: string, format: binary}
        401: {description: "no valid token"}
        403: {description: "neither the secretariat, a partner's member nor the council"}
        404: {description: "no such project, or no signed agreement uploaded"}
    """
    user = require(may_read_agreements, _("Only the secretariat, the partners' members and the "
                                          "council read signed agreements."))
    project, path = agreement.open_agreement_file(project_id, user)
    db.session.commit()
    return send_file(io.BytesIO(path.read_bytes()), mimetype="application/pdf",
                     as_attachment=True, download_name=project.agreement_filename)
