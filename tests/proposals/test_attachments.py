"""Attachments: PDFs only, read by pypdf before they are accepted; size limited; random names
outside the web root; every download audited; only applicants of a draft add or remove them; a
refused upload leaves nothing on disk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask_babel import force_locale
from pypdf import PdfWriter
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.extensions import db
from portal.proposals import attachments, services
from tests.pages import signed_in
from tests.proposals.conftest import confirm_and_endorse


def _pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()
#: An HTML page dressed as a PDF: it starts as one does, and a browser would still run it.
HTML_AS_PDF = (b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
               b"%%EOF\n")


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


def _stored_files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_DIR"]) / "proposals"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def test_an_html_file_with_a_pdf_header_is_refused_and_leaves_no_file(app, consortium, draft):
    before = _stored_files(app)
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(draft.id, "other", "report.pdf", HTML_AS_PDF,
                                      consortium.manager)
    assert caught.value.status == 422
    assert caught.value.fields["file"] == ["The file is not a readable PDF document."]
    assert _stored_files(app) == before


def test_an_html_file_with_a_pdf_header_is_refused_on_the_page_and_leaves_no_file(
        app, consortium, draft):
    db.session.commit()
    before = _stored_files(app)
    client = signed_in(app, consortium.manager)
    refused = client.post(f"/proposals/{draft.id}/attachments", data={
        "kind": "other", "file": (io.BytesIO(HTML_AS_PDF), "report.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "The file is not a readable PDF document." in refused.get_data(as_text=True)
    assert db.session.get(type(draft), draft.id).attachments == []
    assert _stored_files(app) == before


def test_a_pdf_with_too_many_pages_is_refused(app, consortium, draft, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_PAGES", 2)
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(draft.id, "other", "long.pdf", _pdf(3), consortium.manager)
    assert caught.value.fields["file"] == ["The PDF has more than 2 pages."]


def test_a_pdf_that_cannot_be_read_in_time_is_refused(app, consortium, draft, monkeypatch):
    monkeypatch.setattr(attachments, "PARSE_WAIT_SECONDS", 0.001)
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(draft.id, "other", "slow.pdf", PDF, consortium.manager)
    assert caught.value.fields["file"] == ["The file could not be read as a PDF in time."]


@pytest.mark.parametrize(("kind", "data", "who"), [
    ("other", b"", "manager"),
    ("other", b"plain text", "manager"),
    ("other", HTML_AS_PDF, "manager"),
    ("no_such_kind", PDF, "manager"),
    ("other", PDF, "by_member"),
], ids=["empty", "not-a-pdf", "html-as-pdf", "unknown-kind", "not-an-applicant"])
def test_a_refused_upload_of_any_kind_leaves_no_file(app, consortium, draft, kind, data, who):
    before = _stored_files(app)
    with force_locale("en"), pytest.raises((ValidationError, PermissionDenied)):
        attachments.upload_attachment(draft.id, kind, "x.pdf", data, getattr(consortium, who))
    assert _stored_files(app) == before


def test_an_upload_whose_transaction_rolls_back_leaves_no_file(app, consortium, draft):
    db.session.commit()
    before = _stored_files(app)
    with force_locale("en"):
        attachments.upload_attachment(draft.id, "other", "x.pdf", PDF, consortium.manager)
    assert len(_stored_files(app) - before) == 1
    db.session.rollback()
    assert _stored_files(app) == before


def test_a_file_name_keeps_only_printable_characters(app, consortium, draft):
    with force_locale("en"):
        attachment = attachments.upload_attachment(draft.id, "other", "re\x00port\ud800.pdf",
                                                   PDF, consortium.manager)
    assert attachment.filename == "report?.pdf"


def test_a_file_above_the_limit_is_refused(app, consortium, draft, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 10)
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        attachments.upload_attachment(draft.id, "other", "big.pdf", PDF, consortium.manager)
    assert "larger than" in caught.value.fields["file"][0]


def test_only_applicants_of_a_draft_attach(consortium, draft):
    with force_locale("en"), pytest.raises(PermissionDenied):
        attachments.upload_attachment(draft.id, "other", "x.pdf", PDF, consortium.by_member)
    confirm_and_endorse(consortium, draft)
    with force_locale("en"):
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
