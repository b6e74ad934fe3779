"""A proposal's attachments: PDFs only (checked from the content, not the name: pypdf must read
it, in a process of its own with bounded time and memory), limited in size and pages, stored
outside the web root under a random name, and every download audited. Everything is checked
before anything is written; the file is written last and removed again if the transaction
rolls back (:mod:`portal.proposals.storage`), so a refused upload leaves nothing on disk."""

from __future__ import annotations

import hashlib
import secrets
import subprocess
import sys
import unicodedata
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from portal.calls.terms import AttachmentKind
from portal.core import audit
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.extensions import db
from portal.proposals import pdf_check, permissions
from portal.proposals.models import Attachment, Proposal
from portal.proposals.services import get_proposal
from portal.proposals.storage import write_file

SUBFOLDER = "proposals"
PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: The bounds of reading a PDF: pages, CPU seconds and memory of the reading process, and how
#: long the request waits for it.
MAX_PAGES = 500
PARSE_CPU_SECONDS = 5
PARSE_MEMORY_BYTES = 512 * 1024 * 1024
PARSE_WAIT_SECONDS = 10


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


def check_pdf(data: bytes) -> None:
    """Refuse (422) what pypdf cannot read as a PDF of one to :data:`MAX_PAGES` pages, within the
    bounds above: a ``%PDF-`` header on anything else is not enough."""
    if not data.startswith(PDF_MAGIC):
        _refuse(_("Only PDF files are accepted."))
    command = [sys.executable, "-I", pdf_check.__file__, str(MAX_PAGES), str(PARSE_CPU_SECONDS),
               str(PARSE_MEMORY_BYTES)]
    try:
        # Our own interpreter on our own script, with no shell and no value from the request.
        done = subprocess.run(command, input=data, capture_output=True,  # noqa: S603
                              timeout=PARSE_WAIT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        _refuse(_("The file could not be read as a PDF in time."))
    if done.returncode == pdf_check.TOO_MANY_PAGES:
        _refuse(_("The PDF has more than %(n)d pages.", n=MAX_PAGES))
    if done.returncode != pdf_check.READABLE:
        _refuse(_("The file is not a readable PDF document."))


def display_name(filename: str) -> str:
    """The name to show for an upload: its last part, printable characters only."""
    name = Path(filename or "").name.encode("utf-8", "replace").decode("utf-8")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")[:255].strip()
    return name or "document.pdf"


def upload_attachment(proposal_id: int, kind: str, filename: str, data: bytes,
                      actor) -> Attachment:
    """Store a PDF for the proposal once everything about it is checked (see the module's
    docstring)."""
    proposal = get_proposal(proposal_id, actor)
    _editable(proposal, actor)
    if kind not in set(AttachmentKind):
        message = _("Unknown attachment kind: %(kinds)s", kinds=kind)
        raise ValidationError(message, {"kind": [message]})
    if not data:
        _refuse(_("The file is empty."))
    if len(data) > max_bytes():
        _refuse(_("The file is larger than %(n)d MB.", n=max_bytes() // (1024 * 1024)))
    check_pdf(data)
    stored_name = f"{secrets.token_hex(16)}.pdf"
    attachment = Attachment(proposal_id=proposal.id, kind=kind, filename=display_name(filename),
                            stored_name=stored_name, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=actor.id)
    db.session.add(attachment)
    db.session.flush()
    audit.record("proposal.attachment_upload", actor, f"proposal:{proposal.id}",
                 attachment=attachment.id, kind=kind, sha256=attachment.sha256)
    target = folder()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_file(target / stored_name, data)
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
