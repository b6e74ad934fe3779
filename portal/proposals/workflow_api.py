"""The secretariat's workflow actions, attachments, and the submitted versions with their
comparison in the JSON API: what the proposal's page does, through the same services and
permission checks (API.md "Funded projects", "Calls and proposals")."""

from __future__ import annotations

import io

from flask import request, send_file
from flask_babel import gettext as _

from portal.accounts.roles import Role
from portal.calls.serialise import iso
from portal.core.api import bp, json_body, require, token_required
from portal.core.errors import NotFound, ValidationError
from portal.core.permissions import signed_in
from portal.core.request_input import row_argument
from portal.extensions import db
from portal.proposals import attachments, permissions, services
from portal.proposals.api import NO_PART
from portal.proposals.labels import attachment_kind_name
from portal.proposals.serialise import proposal_json
from portal.proposals.snapshots import compare_snapshots


def is_secretariat(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARIAT)


def _note() -> str:
    """The optional ``note`` of an action's body; no body at all is an empty note."""
    if not request.get_data():
        return ""
    note = json_body().get("note", "")
    if note is None:
        return ""
    if not isinstance(note, str):
        message = _("Must be text.")
        raise ValidationError(message, {"note": [message]})
    return note


@bp.post("/proposals/<int:proposal_id>/actions/<action>")
@token_required
def take_action(proposal_id: int, action: str):
    """Take a workflow action as the secretariat.
    ---
    post:
      summary: A workflow action of the secretariat, as on the proposal's page
      description: >
        The actions of the workflow table the secretariat takes: override_eligibility (from
        ineligible, with a note), return_to_applicant (from eligible, with a note),
        meet_conditions (once the decision is in force, with a note). Locking the consensus
        report, putting on an agenda, reconsideration and the grant agreement have their own
        endpoints (POST /proposals/{id}/consensus-report, POST /vote-sessions,
        POST /proposals/{id}/agreement) and are refused here with 409, as is complete (a
        project is completed when the secretariat accepts its final report).
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
        - {name: action, in: path, required: true, schema: {type: string, maxLength: 40}}
      requestBody:
        required: false
        content:
          application/json:
            schema:
              type: object
              properties:
                note: {type: string, maxLength: 20000,
                       description: "the reason, required by the actions that need one"}
      responses:
        200: {description: "the proposal after the action"}
        400: {description: "a body that is not a JSON object"}
        403: {description: "not the secretariat, or an action the secretariat does not take"}
        404: {description: "no such proposal, or no such action"}
        409: {description: "not possible in the proposal's status, a guard fails (a note
              missing, the decision not in force), or an action with its own endpoint"}
        422: {description: "a note that is not text or too long"}
    """
    user = require(is_secretariat, _("Only the secretariat takes these actions."))
    proposal = services.take_action(proposal_id, action, user, note=_note())
    db.session.commit()
    return proposal_json(proposal)


def attachment_json(proposal_id: int, attachment) -> dict:
    return {"id": attachment.id, "proposal_id": proposal_id, "kind": attachment.kind,
            "kind_label": attachment_kind_name(attachment.kind), "filename": attachment.filename,
            "size": attachment.size, "sha256": attachment.sha256,
            "uploaded_at": iso(attachment.uploaded_at),
            "url": f"/api/v1/proposals/{proposal_id}/attachments/{attachment.id}"}


@bp.get("/proposals/<int:proposal_id>/attachments")
@token_required
def list_attachments(proposal_id: int):
    """A proposal's documents.
    ---
    get:
      summary: The documents attached to a proposal, for anyone who may read it
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "items {id, kind, kind_label, filename, size, sha256, uploaded_at,
              url}"}
        403: {description: "the caller takes part in no proposal"}
        404: {description: "no such proposal, or not visible to the caller"}
    """
    user = require(permissions.may_see_proposals, NO_PART)
    proposal = services.get_proposal(proposal_id, user)
    items = [attachment_json(proposal.id, a) for a in proposal.attachments]
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}


@bp.post("/proposals/<int:proposal_id>/attachments")
@token_required
def upload_attachment(proposal_id: int):
    """Attach a PDF to a draft.
    ---
    post:
      summary: Attach a PDF (an applicant, while the proposal is a draft or returned)
      description: >
        As on the proposal's page: PDF only, read by a PDF reader before it is accepted (a
        "%PDF-" header is not enough), at most 500 pages and the configured size (10 MB by
        default).
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [kind, file]
              properties:
                kind: {type: string, enum: [letter_of_intent, consortium_agreement,
                                            financial_statement, other]}
                file: {type: string, format: binary}
      responses:
        201: {description: "the attachment"}
        403: {description: "not an applicant of the proposal"}
        404: {description: "no such proposal, or not visible to the caller"}
        409: {description: "the proposal is submitted: it can no longer be changed"}
        413: {description: "the request is larger than the server accepts"}
        422: {description: "no file, an unknown kind, an empty or too large file, or not a
              readable PDF (error.fields.file, error.fields.kind)"}
    """
    user = require(permissions.may_apply, NO_PART)
    upload = request.files.get("file")
    kind = request.form.get("kind", "")
    if upload is None:
        services.get_proposal(proposal_id, user)
        message = _("Choose a file.")
        raise ValidationError(message, {"file": [message]})
    attachment = attachments.upload_attachment(proposal_id, kind, upload.filename or "",
                                               upload.read(attachments.max_bytes() + 1), user)
    db.session.commit()
    return attachment_json(proposal_id, attachment), 201


@bp.get("/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
@token_required
def download_attachment(proposal_id: int, attachment_id: int):
    """Download a document.
    ---
    get:
      summary: The PDF itself, for anyone who may read the proposal; every download is audited
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
        - {name: attachment_id, in: path, required: true, schema: {type: integer}}
      responses:
        200:
          description: "the PDF"
          content:
            application/pdf:
              schema: {type: string, format: binary}
        403: {description: "the caller takes part in no proposal"}
        404: {description: "no such proposal or document, or not visible to the caller"}
    """
    user = require(permissions.may_see_proposals, NO_PART)
    attachment, path = attachments.open_attachment(proposal_id, attachment_id, user)
    db.session.commit()
    return send_file(io.BytesIO(path.read_bytes()), mimetype="application/pdf",
                     as_attachment=True, download_name=attachment.filename)


@bp.get("/proposals/<int:proposal_id>/snapshots")
@token_required
def list_snapshots(proposal_id: int):
    """The submitted versions.
    ---
    get:
      summary: The versions frozen at each submission, oldest first
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "items {number, taken_at, content}; content is the proposal as
              submitted (texts, numbers as decimal strings, partners, budget, indicators,
              milestones, documents)"}
        403: {description: "the caller takes part in no proposal"}
        404: {description: "no such proposal, or not visible to the caller"}
    """
    user = require(permissions.may_see_proposals, NO_PART)
    proposal = services.get_proposal(proposal_id, user)
    items = [{"number": s.number, "taken_at": iso(s.taken_at), "content": s.content}
             for s in services.snapshots(proposal)]
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}


@bp.get("/proposals/<int:proposal_id>/snapshots/compare")
@token_required
def compare(proposal_id: int):
    """What changed between two submitted versions, in words.
    ---
    get:
      summary: The real differences between two versions, each with a readable label
      description: >
        Numbers are compared as numbers ("0.4" and "0.4000" are the same); labels and values
        are in the caller's language, e.g. {"label": "Partner 2 (Vitebsk Sterile): co-financing
        rate", "before": "40%", "after": "50%"}. By default the latest version against the one
        before it.
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
        - {name: from, in: query, schema: {type: integer, minimum: 1},
           description: "the earlier version (default: the one before to)"}
        - {name: to, in: query, schema: {type: integer, minimum: 1},
           description: "the later version (default: the latest)"}
      responses:
        200: {description: "{from, to, items: [{label, before, after}]}; before or after is
              null where that version has no value"}
        403: {description: "the caller takes part in no proposal"}
        404: {description: "no such proposal, not visible to the caller, or no such version"}
    """
    user = require(permissions.may_see_proposals, NO_PART)
    proposal = services.get_proposal(proposal_id, user)
    later = row_argument("to", proposal.snapshot_number or None)
    if later is None:
        raise NotFound(_("The proposal has no submitted version yet."))
    earlier = row_argument("from", max(later - 1, 1))
    items = [{"label": d.label, "before": d.before, "after": d.after}
             for d in compare_snapshots(proposal, earlier, later)]
    return {"from": earlier, "to": later, "items": items}
