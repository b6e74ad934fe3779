"""The council reads what it votes on: a member or alternate of any state reads the whole
proposal, its documents and its locked consensus report once the proposal is on the agenda of a
vote session, never a reviewer's identity nor a single review; before that, nothing."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfWriter

from portal.accounts import tokens, two_factor
from portal.core.db import utcnow
from portal.extensions import db
from portal.proposals.models import Attachment, StatusChange
from portal.review.models import Assignment, AssignmentStatus, ConsensusReport, Review
from tests.council.conftest import open_session, ready_proposal
from tests.factories import PASSWORD, make_user
from tests.review.support import make_expert


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


def signed_in(app, user):
    if user.totp_secret is None:
        user.totp_secret = two_factor.new_secret()
    db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    if response.headers["Location"].endswith("/sign-in/code"):
        response = client.post("/sign-in/code",
                               data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 302
    return client


@pytest.fixture
def reviewed(app, council):
    """A proposal ready for the council: a rapporteur who reviewed and locked the report, a
    second expert still invited past the due date, and a PDF attached."""
    proposal = ready_proposal()
    now = utcnow()
    rapporteur = make_expert("KZ", email="rapporteur.secret@example.org")
    late = make_expert("AM", email="late.secret@example.org")
    reviewing = Assignment(proposal_id=proposal.id, expert_id=rapporteur.id,
                           status=AssignmentStatus.SUBMITTED, rapporteur=True,
                           due_at=now + timedelta(days=5), declared_at=now)
    waiting = Assignment(proposal_id=proposal.id, expert_id=late.id,
                         status=AssignmentStatus.INVITED, due_at=now - timedelta(days=1))
    db.session.add_all([reviewing, waiting])
    db.session.flush()
    scores = {"excellence": "4", "impact": "4", "implementation": "4"}
    db.session.add(Review(assignment_id=reviewing.id, scores=scores,
                          comments={key: "A single reviewer's private comment."
                                    for key in scores},
                          recommendation="fund", total="4"))
    db.session.add(ConsensusReport(proposal_id=proposal.id, author_id=rapporteur.id,
                                   scores=scores,
                                   total="4", recommendation="fund",
                                   text="The panel agrees to fund.", locked_at=now))
    db.session.add(StatusChange(proposal_id=proposal.id, from_status="consolidation",
                                to_status="ready_for_council", action="lock_report",
                                actor_id=rapporteur.id, at=now))
    folder = Path(app.config["UPLOAD_DIR"]) / "proposals"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"council{proposal.id}.pdf").write_bytes(PDF)
    attachment = Attachment(proposal_id=proposal.id, kind="letter_of_intent",
                            filename="letter.pdf", stored_name=f"council{proposal.id}.pdf",
                            size=len(PDF), sha256="0" * 64,
                            uploaded_by_id=proposal.created_by_id)
    db.session.add(attachment)
    db.session.flush()
    heads = {}
    for name, user in {"titular": council.titular["KZ"], "alternate": council.alternate["AM"],
                       "secretariat": council.secretariat, "applicant": proposal.created_by,
                       "expert": make_expert("KG"), "stranger": make_user()}.items():
        _row, token = tokens.create_token(user, "test", user)
        heads[name] = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    db.session.commit()
    return {"proposal": proposal, "attachment": attachment, "heads": heads,
            "secrets": (rapporteur.name, late.name, rapporteur.email, late.email,
                        "A single reviewer's private comment.")}


def _paths(reviewed) -> dict[str, str]:
    proposal_id = reviewed["proposal"].id
    base = f"/api/v1/proposals/{proposal_id}"
    return {"proposal": base, "reviews": f"{base}/reviews", "history": f"{base}/history",
            "attachments": f"{base}/attachments",
            "download": f"{base}/attachments/{reviewed['attachment'].id}"}


def _codes(client, reviewed, who: str) -> dict[str, int]:
    return {name: client.get(path, headers=reviewed["heads"][who]).status_code
            for name, path in _paths(reviewed).items()}


def test_before_the_agenda_the_council_reads_nothing_of_the_proposal(client, reviewed):
    for who in ("titular", "alternate"):
        assert set(_codes(client, reviewed, who).values()) == {404}, who


def test_on_the_agenda_a_member_and_an_alternate_of_any_state_read_it_whole(client, council,
                                                                            reviewed):
    open_session(council, [reviewed["proposal"]])
    db.session.commit()
    for who in ("titular", "alternate"):
        assert set(_codes(client, reviewed, who).values()) == {200}, who
        whole = client.get(_paths(reviewed)["proposal"], headers=reviewed["heads"][who]).get_json()
        assert [p["name"] for p in whole["partners"]] == [
            p.organisation.name for p in reviewed["proposal"].partners]
        assert whole["partners"][0]["budget"] and whole["indicators"] and "eligibility" in whole
        assert whole["budget"]["currency"] == "RUB"
        download = client.get(_paths(reviewed)["download"], headers=reviewed["heads"][who])
        assert download.mimetype == "application/pdf" and download.data == PDF
        listed = client.get(_paths(reviewed)["attachments"],
                            headers=reviewed["heads"][who]).get_json()
        assert [a["filename"] for a in listed["items"]] == ["letter.pdf"]


def test_the_council_reads_the_locked_report_and_never_a_reviewer(client, council, reviewed):
    open_session(council, [reviewed["proposal"]])
    db.session.commit()
    for who in ("titular", "alternate"):
        response = client.get(_paths(reviewed)["reviews"], headers=reviewed["heads"][who])
        body = response.get_json()
        assert body["report"]["text"] == "The panel agrees to fund."
        assert "reviews" not in body and "consolidation" not in body
        history = client.get(_paths(reviewed)["history"], headers=reviewed["heads"][who])
        locked = [e for e in history.get_json()["items"] if e["action"] == "lock_report"]
        assert locked[0]["actor"] == {"id": None, "name": "the rapporteur"}
        for secret in reviewed["secrets"]:
            assert secret not in response.get_data(as_text=True)
            assert secret not in history.get_data(as_text=True)


def test_the_council_lists_only_what_is_on_an_agenda(client, council, reviewed):
    other = ready_proposal()
    open_session(council, [reviewed["proposal"]])
    db.session.commit()
    listed = client.get("/api/v1/proposals", headers=reviewed["heads"]["titular"]).get_json()
    assert [item["id"] for item in listed["items"]] == [reviewed["proposal"].id]
    assert client.get(f"/api/v1/proposals/{other.id}",
                      headers=reviewed["heads"]["titular"]).status_code == 404


def test_others_read_as_before(client, council, reviewed):
    open_session(council, [reviewed["proposal"]])
    db.session.commit()
    assert _codes(client, reviewed, "applicant") == {
        "proposal": 200, "reviews": 200, "history": 200, "attachments": 200, "download": 200}
    assert _codes(client, reviewed, "secretariat") == {
        "proposal": 200, "reviews": 200, "history": 200, "attachments": 200, "download": 200}
    assert _codes(client, reviewed, "expert") == {
        "proposal": 403, "reviews": 404, "history": 403, "attachments": 403, "download": 403}
    assert set(_codes(client, reviewed, "stranger").values()) == {403}
    assert client.get(_paths(reviewed)["proposal"]).status_code == 401


def test_the_pages_open_to_the_council_from_the_agenda(app, council, reviewed):
    proposal = reviewed["proposal"]
    browser = signed_in(app, council.alternate["AM"])
    assert browser.get(f"/proposals/{proposal.id}").status_code == 404
    assert browser.get(f"/review/proposals/{proposal.id}/consolidated").status_code == 404

    vote_session = open_session(council, [proposal])
    db.session.commit()
    agenda = browser.get(f"/council/sessions/{vote_session.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}"' in agenda
    assert f'href="/review/proposals/{proposal.id}/consolidated"' in agenda

    page = browser.get(f"/proposals/{proposal.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert all(p.organisation.name in text for p in proposal.partners)
    assert "letter.pdf" in text and "Joint patents" in text
    assert f'href="/review/proposals/{proposal.id}/consolidated"' in text
    assert "the rapporteur" in text
    report = browser.get(f"/review/proposals/{proposal.id}/consolidated")
    assert report.status_code == 200 and "The panel agrees to fund." in report.get_data(
        as_text=True)
    for secret in reviewed["secrets"]:
        assert secret not in text and secret not in report.get_data(as_text=True)
    assert browser.get(f"/proposals/{proposal.id}/attachments/"
                       f"{reviewed['attachment'].id}").data == PDF


def test_the_secretariat_sees_the_panel_with_due_dates_and_the_report_link(app, council,
                                                                         reviewed):
    proposal = reviewed["proposal"]
    text = signed_in(app, council.secretariat).get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    rapporteur, late = reviewed["secrets"][:2]
    assert "The expert panel" in text and rapporteur in text and late in text
    assert "Review submitted" in text and "Invited" in text and "overdue" in text
    assert f'href="/review/proposals/{proposal.id}/report"' in text
    panel = text[text.find('class="expert-panel"'):text.find("</table>", text.find('class="expert-panel"'))]
    assert len(re.findall(r"<td>[^<]*\d{2}:\d{2} \(UTC\+03:00 Moscow\)</td>", panel)) == 2, panel


def test_an_applicant_reads_no_panel_but_the_report_link(app, reviewed):
    proposal = reviewed["proposal"]
    text = signed_in(app, proposal.created_by).get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    assert "The expert panel" not in text
    assert f'href="/review/proposals/{proposal.id}/consolidated"' in text
    for secret in reviewed["secrets"][:4]:
        assert secret not in text


def test_putting_on_an_agenda_is_a_link_to_the_session_form_not_a_bare_button(app, client,
                                                                              council,
                                                                              reviewed):
    proposal = reviewed["proposal"]
    browser = signed_in(app, council.secretariat)
    text = browser.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'href="/council/sessions/new"' in text
    assert "actions/put_on_agenda" not in text
    browser.post(f"/proposals/{proposal.id}/actions/put_on_agenda", data={"note": ""})
    api = client.post(f"/api/v1/proposals/{proposal.id}/actions/put_on_agenda",
                      headers=reviewed["heads"]["secretariat"])
    assert api.status_code == 409
    db.session.refresh(proposal)
    assert proposal.status == "ready_for_council"
