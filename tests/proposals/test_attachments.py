"""Attachments: PDFs only, checked from the content; size limited; random names outside the
web root; every download audited; only applicants of a draft add or remove them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.extensions import db
from portal.proposals import attachments, services
from tests.pages import signed_in

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def draft(consortium):
    with force_locale("en"):
        return services.create_proposal(consortium.values(), consortium.manager)


def test_a_pdf_is_stored_under_a_random_name_with_its_hash(app, consortium, draft):
    with force_locale("en"):
        attachment = attachments.upload_attachment(draft.id, "letter_of_intent",
                                                   "../../etc/letter.pdf", PDF, consortium.manager)
    assert attachment.filename == "letter.pdf" and attachment.size == len(PDF)
    stored = Path(app.config["UPLOAD_DIR"]) / "proposals" / attachment.stored_name
    assert stored.read_bytes() == PDF and "letter" not in attachment.stored_name


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(consortium, draft):
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(draft.id, "other", "report.pdf", b"MZ\x90\x00binary",
                                      consortium.manager)
    assert caught.value.fields["file"] == ["Only PDF files are accepted."]


def test_a_file_above_the_limit_is_refused(app, consortium, draft, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 10)
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(draft.id, "other", "big.pdf", PDF, consortium.manager)
    assert "larger than" in caught.value.fields["file"][0]


def test_only_applicants_of_a_draft_attach(consortium, draft):
    with force_locale("en"):
        with pytest.raises(PermissionDenied):
            attachments.upload_attachment(draft.id, "other", "x.pdf", PDF, consortium.by_member)
        services.submit_proposal(draft.id, consortium.manager)
        with pytest.raises(ConflictError):
            attachments.upload_attachment(draft.id, "other", "x.pdf", PDF, consortium.manager)


def test_upload_and_download_through_the_pages_are_audited(app, consortium, draft):
    db.session.commit()
    client = signed_in(app, consortium.manager)
    response = client.post(f"/proposals/{draft.id}/attachments", data={
        "kind": "letter_of_intent", "file": (io.BytesIO(PDF), "letter.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    [attachment] = db.session.get(type(draft), draft.id).attachments
    reader = signed_in(app, consortium.by_member)
    download = reader.get(f"/proposals/{draft.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    actions = list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object == f"proposal:{draft.id}")))
    assert "proposal.attachment_upload" in actions and "proposal.attachment_download" in actions
    refused = client.post(f"/proposals/{draft.id}/attachments", data={
        "kind": "other", "file": (io.BytesIO(b"plain text"), "notes.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "Only PDF files are accepted." in refused.get_data(as_text=True)
    assert signed_in(app, consortium.outsider).get(
        f"/proposals/{draft.id}/attachments/{attachment.id}").status_code == 403
