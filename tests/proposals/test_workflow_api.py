"""The secretariat's workflow actions, attachments, and the submitted versions with their
comparison, through the API: the same services and rules as the proposal's page."""

from __future__ import annotations

import io

import pytest
from flask_babel import force_locale
from pypdf import PdfWriter
from sqlalchemy import select, update

from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.proposals import services
from portal.proposals.models import Proposal, StatusChange
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from portal.review.models import ConsensusReport
from tests.factories import make_user
from tests.proposals.conftest import confirm_and_endorse
from tests.proposals.test_screening import ready
from tests.review.support import make_expert


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()
HTML_AS_PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"


@pytest.fixture
def people(consortium):
    staff = make_user("secretariat")
    return {"staff": staff, "council": make_user("council_member:KZ"),
            "alternate": make_user("council_alternate:AM"), "expert": make_expert("KG")}


def submitted(consortium):
    proposal = ready(consortium)
    with force_locale("en"):
        services.submit_proposal(proposal.id, consortium.manager)
    return proposal


def _action(api, user, proposal_id, action, **body):
    return api(user).post(f"/api/v1/proposals/{proposal_id}/actions/{action}",
                          **({"json": body} if body else {}))


# The actions


def test_the_secretariat_overrides_an_ineligible_proposal_with_a_note(api, consortium, people):
    proposal = submitted(consortium)
    apply_transition(proposal, Action.MARK_INELIGIBLE, None)
    db.session.commit()
    staff = people["staff"]
    missing_note = _action(api, staff, proposal.id, "override_eligibility")
    assert missing_note.status_code == 409
    done = _action(api, staff, proposal.id, "override_eligibility", note="The letter came late.")
    assert done.status_code == 200
    assert done.get_json()["status"] == "eligible" and done.get_json()["id"] == proposal.id
    change = db.session.scalar(select(StatusChange).where(
        StatusChange.proposal_id == proposal.id).order_by(StatusChange.id.desc()).limit(1))
    assert (change.action, change.actor_id, change.note) == (
        "override_eligibility", staff.id, "The letter came late.")
    assert db.session.scalar(select(AuditEntry.seq).where(
        AuditEntry.action == "proposal.override_eligibility")) is not None


def test_return_to_applicant_then_an_illegal_transition_answers_409(api, consortium, people):
    proposal = submitted(consortium)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    db.session.commit()
    staff = people["staff"]
    assert _action(api, staff, proposal.id, "meet_conditions", note="x").status_code == 409
    returned = _action(api, staff, proposal.id, "return_to_applicant", note="Clarify the budget.")
    assert returned.status_code == 200 and returned.get_json()["status"] == "returned_to_applicant"
    again = _action(api, staff, proposal.id, "return_to_applicant", note="Again.")
    assert again.status_code == 409 and again.get_json()["error"]["code"]


def test_only_the_secretariat_takes_actions(api, consortium, people):
    proposal = submitted(consortium)
    apply_transition(proposal, Action.MARK_INELIGIBLE, None)
    db.session.commit()
    for user in (consortium.manager, consortium.ru_contact, consortium.outsider,
                 people["council"], people["alternate"], people["expert"]):
        response = _action(api, user, proposal.id, "override_eligibility", note="Please.")
        assert response.status_code == 403, user.email
    db.session.refresh(proposal)
    assert proposal.status == "ineligible"
    anonymous = api(people["staff"])
    anonymous.headers = {}
    assert anonymous.post(f"/api/v1/proposals/{proposal.id}/actions/"
                          "override_eligibility").status_code == 401


def test_unknown_actions_and_proposals_answer_404_and_bad_bodies_400_or_422(api, consortium,
                                                                            people):
    proposal = submitted(consortium)
    db.session.commit()
    staff = people["staff"]
    assert _action(api, staff, proposal.id, "fly_to_the_moon").status_code == 404
    assert _action(api, staff, 999999, "override_eligibility", note="x").status_code == 404
    not_object = api(staff).post(f"/api/v1/proposals/{proposal.id}/actions/return_to_applicant",
                                 json=["a note"])
    assert not_object.status_code == 400
    not_text = _action(api, staff, proposal.id, "return_to_applicant", note=5)
    assert not_text.status_code == 422 and "note" in not_text.get_json()["error"]["fields"]
    worker_only = _action(api, staff, proposal.id, "mark_eligible")
    assert worker_only.status_code == 403


# Attachments


@pytest.fixture
def draft(consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    db.session.commit()
    return proposal


def _upload(api, user, proposal_id, data=PDF, kind="letter_of_intent", name="letter.pdf"):
    form = {"kind": kind}
    if data is not None:
        form["file"] = (io.BytesIO(data), name)
    return api(user).post(f"/api/v1/proposals/{proposal_id}/attachments", data=form,
                          content_type="multipart/form-data")


def test_an_applicant_uploads_lists_and_downloads_a_pdf(api, consortium, draft):
    created = _upload(api, consortium.manager, draft.id)
    assert created.status_code == 201
    body = created.get_json()
    assert body["filename"] == "letter.pdf" and body["kind"] == "letter_of_intent"
    assert body["size"] == len(PDF)
    listed = api(consortium.by_member).get(f"/api/v1/proposals/{draft.id}/attachments")
    assert [item["id"] for item in listed.get_json()["items"]] == [body["id"]]
    download = api(consortium.ru_contact).get(body["url"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data == PDF
    assert db.session.scalar(select(AuditEntry.seq).where(
        AuditEntry.action == "proposal.attachment_download")) is not None


def test_uploads_follow_the_pages_rules(api, app, consortium, draft, monkeypatch):
    refused = _upload(api, consortium.manager, draft.id, data=HTML_AS_PDF)
    assert refused.status_code == 422 and "file" in refused.get_json()["error"]["fields"]
    assert _upload(api, consortium.manager, draft.id, data=b"").status_code == 422
    no_file = _upload(api, consortium.manager, draft.id, data=None)
    assert no_file.status_code == 422 and "file" in no_file.get_json()["error"]["fields"]
    bad_kind = _upload(api, consortium.manager, draft.id, kind="selfie")
    assert bad_kind.status_code == 422 and "kind" in bad_kind.get_json()["error"]["fields"]
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 100)
    assert _upload(api, consortium.manager, draft.id).status_code == 422
    assert api(consortium.manager).get(
        f"/api/v1/proposals/{draft.id}/attachments").get_json()["total"] == 0


def test_who_may_upload(api, consortium, draft, people):
    assert _upload(api, consortium.by_member, draft.id).status_code == 403
    assert _upload(api, consortium.ru_contact, draft.id).status_code == 403
    assert _upload(api, consortium.outsider, draft.id).status_code == 403
    assert _upload(api, consortium.kz_member, draft.id).status_code == 404
    assert _upload(api, people["council"], draft.id).status_code == 403
    assert _upload(api, people["staff"], draft.id).status_code == 403
    assert api(people["council"]).get(
        f"/api/v1/proposals/{draft.id}/attachments").status_code == 404
    assert api(people["expert"]).get(
        f"/api/v1/proposals/{draft.id}/attachments").status_code == 403
    confirm_and_endorse(consortium, draft)
    with force_locale("en"):
        services.submit_proposal(draft.id, consortium.manager)
    db.session.commit()
    assert _upload(api, consortium.manager, draft.id).status_code == 409


# Snapshots and their comparison


def _resubmitted(consortium, staff, **changes):
    proposal = submitted(consortium)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    apply_transition(proposal, Action.RETURN_TO_APPLICANT, staff, note="Clarify.")
    with force_locale("en"):
        services.update_proposal(proposal.id, changes, proposal.version, consortium.manager)
        services.submit_proposal(proposal.id, consortium.manager)
    db.session.commit()
    return proposal


def test_snapshots_are_listed_and_compared_in_words(api, consortium, people):
    partners = consortium.values()["partners"]
    partners[1] = {**partners[1], "cofinancing_rate": "0.5"}
    partners[0] = {**partners[0], "cofinancing_rate": "0.3000",
                   "budget": [{"category": "staff", "amount": "1000000.00", "currency": "RUB"}]}
    proposal = _resubmitted(consortium, people["staff"], partners=partners, title="Renamed")
    listed = api(consortium.manager).get(f"/api/v1/proposals/{proposal.id}/snapshots").get_json()
    assert [item["number"] for item in listed["items"]] == [1, 2]
    assert listed["items"][0]["content"]["title"] == "Smolensk-Vitebsk medical devices"

    compared = api(consortium.manager).get(
        f"/api/v1/proposals/{proposal.id}/snapshots/compare?from=1&to=2")
    assert compared.status_code == 200
    assert compared.get_json() == {"from": 1, "to": 2, "items": [
        {"label": "Title", "before": "Smolensk-Vitebsk medical devices", "after": "Renamed"},
        {"label": "Partner 2 (Vitebsk Sterile): co-financing rate", "before": "30%",
         "after": "50%"}]}
    default = api(consortium.manager).get(f"/api/v1/proposals/{proposal.id}/snapshots/compare")
    assert default.get_json()["from"] == 1 and default.get_json()["to"] == 2
    russian = api(consortium.manager)
    russian.headers = {**russian.headers, "Accept-Language": "ru"}
    items = russian.get(f"/api/v1/proposals/{proposal.id}/snapshots/compare").get_json()["items"]
    assert items[1]["after"] == "50\xa0%" and "partners." not in items[1]["label"]


def test_snapshot_readers_and_missing_versions(api, consortium, people):
    proposal = _resubmitted(consortium, people["staff"], title="Renamed")
    base = f"/api/v1/proposals/{proposal.id}/snapshots"
    assert api(consortium.manager).get(f"{base}/compare?from=1&to=3").status_code == 404
    assert api(consortium.manager).get(f"{base}/compare?from=x").status_code == 404
    assert api(people["staff"]).get(f"{base}/compare").status_code == 200
    assert api(consortium.by_contact).get(base).status_code == 200
    assert api(consortium.kz_member).get(base).status_code == 404
    assert api(people["council"]).get(base).status_code == 404
    assert api(people["expert"]).get(base).status_code == 403
    assert api(consortium.outsider).get(f"{base}/compare").status_code == 403


def test_compare_before_any_submission_is_404(api, consortium, draft):
    response = api(consortium.manager).get(f"/api/v1/proposals/{draft.id}/snapshots/compare")
    assert response.status_code == 404
    assert api(consortium.manager).get(
        f"/api/v1/proposals/{draft.id}/snapshots").get_json()["items"] == []


def test_locking_the_report_is_refused_here_as_it_has_its_own_endpoint(api, consortium,
                                                                        people):
    proposal = submitted(consortium)
    # Test data only: consolidation belongs to the review, which is not what is tested here.
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(status=ProposalStatus.CONSOLIDATION))
    draft_report = ConsensusReport(proposal_id=proposal.id, author_id=people["staff"].id,
                                   scores={}, total="3", recommendation="fund", text="Draft.")
    db.session.add(draft_report)
    db.session.commit()
    refused = _action(api, people["staff"], proposal.id, "lock_report")
    assert refused.status_code == 409
    db.session.refresh(proposal)
    db.session.refresh(draft_report)
    assert proposal.status == "consolidation" and draft_report.locked_at is None
