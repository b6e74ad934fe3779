"""A proposal's attachments: PDFs only (checked from the content, not the name), limited in
size, stored outside the web root under a random name, and every download audited."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from portal.core import audit
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.extensions import db
from portal.proposals import permissions
from portal.proposals.models import Attachment, AttachmentKind, Proposal
from portal.proposals.services import get_proposal

SUBFOLDER = "proposals"
PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / SUBFOLDER


def max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refuse(message: str):
    raise ValidationError(message, {"file": [message]})


def _editable(proposal: Proposal, actor) -> None:
    if not permissions.is_applicant(actor, proposal):
        raise PermissionDenied(_("Only the applicants may change the proposal."))
    if not permissions.can_edit(actor, proposal):
        raise ConflictError(_("The proposal can no longer be changed: it has been submitted."))


def upload_attachment(proposal_id: int, kind: str, filename: str, data: bytes,
                      actor) -> Attachment:
    """Store a PDF for the proposal; refuses anything that does not start as a PDF does."""
    proposal = get_proposal(proposal_id, actor)
    _editable(proposal, actor)
    if kind not in set(AttachmentKind):
        raise ValidationError(_("Unknown attachment kind: %(kinds)s", kinds=kind),
                              {"kind": [_("Unknown attachment kind: %(kinds)s", kinds=kind)]})
    if not data:
        _refuse(_("The file is empty."))
    if len(data) > max_bytes():
        _refuse(_("The file is larger than %(n)d MB.", n=max_bytes() // (1024 * 1024)))
    if not data.startswith(PDF_MAGIC):
        _refuse(_("Only PDF files are accepted."))
    target = folder()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.pdf"
    path = target / stored_name
    path.write_bytes(data)
    path.chmod(0o600)
    attachment = Attachment(proposal_id=proposal.id, kind=kind,
                            filename=Path(filename or "document.pdf").name[:255] or "document.pdf",
                            stored_name=stored_name, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=actor.id)
    db.session.add(attachment)
    db.session.flush()
    audit.record("proposal.attachment_upload", actor, f"proposal:{proposal.id}",
                 attachment=attachment.id, kind=kind, sha256=attachment.sha256)
    return attachment


def _attachment(proposal: Proposal, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.proposal_id != proposal.id:
        raise NotFound(_("There is nothing here."))
    return attachment


def open_attachment(proposal_id: int, attachment_id: int, actor) -> tuple[Attachment, Path]:
    """The attachment and its file, for a reader who may see the proposal; audited."""
    proposal = get_proposal(proposal_id, actor)
    attachment = _attachment(proposal, attachment_id)
    audit.record("proposal.attachment_download", actor, f"proposal:{proposal.id}",
                 attachment=attachment.id)
    return attachment, folder() / attachment.stored_name


def delete_attachment(proposal_id: int, attachment_id: int, actor) -> None:
    """Remove an attachment from a draft. The file stays: an earlier submitted version may
    name it (by its SHA-256) in its snapshot."""
    proposal = get_proposal(proposal_id, actor)
    _editable(proposal, actor)
    attachment = _attachment(proposal, attachment_id)
    audit.record("proposal.attachment_delete", actor, f"proposal:{proposal.id}",
                 attachment=attachment.id, sha256=attachment.sha256)
    db.session.delete(attachment)
    db.session.flush()
