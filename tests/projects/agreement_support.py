"""Shared values of the grant agreement's tests: a PDF, API headers with a token, the agreement's
values for a built approved proposal."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfWriter

from portal.accounts import tokens
from portal.extensions import db


def make_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = make_pdf()
#: An HTML page dressed as a PDF: it starts as one does.
HTML_AS_PDF = (b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
               b"%%EOF\n")


def stored_agreements(app) -> set[str]:
    folder = Path(app.config["UPLOAD_DIR"]) / "projects"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def grants_of(proposal, amount: str = "700000") -> list[dict]:
    return [{"organisation_id": partner.organisation_id, "amount": amount}
            for partner in proposal.partners]


def signed_last_week() -> date:
    return date.today() - timedelta(days=7)


def api_headers(user) -> dict:
    """The headers of an API request with a new token of ``user`` (committed, so that the
    request sees it)."""
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
