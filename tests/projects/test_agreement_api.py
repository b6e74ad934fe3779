"""The grant agreement in the API: its status codes, the project it answers, the signed PDF
uploaded and downloaded; the generic action endpoint no longer signs or completes; a call's
reporting period."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.projects.agreement import record_agreement
from portal.projects.models import Project
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from tests.calls.test_calls import call_values
from tests.factories import make_approved_proposal, make_proposal, make_user
from tests.projects.agreement_support import (
    HTML_AS_PDF,
    PDF,
    api_headers,
    grants_of,
    signed_last_week,
    stored_agreements,
)


@pytest.fixture
def bearer(session):
    """``bearer(user)``: the headers of a request with a new token of ``user``."""
    return api_headers


def _body(proposal, **changes) -> dict:
    return {"signed_on": signed_last_week().isoformat(), "grants": grants_of(proposal),
            **changes}


def _post(client, proposal_id, headers, body):
    return client.post(f"/api/v1/proposals/{proposal_id}/agreement", json=body, headers=headers)


def test_the_secretariat_records_an_agreement_and_gets_the_project(client, bearer):
    proposal = make_approved_proposal()
    secretariat = make_user("secretariat")
    lead = proposal.partners[0].organisation

    response = _post(client, proposal.id, bearer(secretariat),
                     _body(proposal, reporting_period_months=12))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    project = db.session.scalar(select(Project))
    assert body["id"] == project.id and body["proposal_id"] == proposal.id
    assert body["signed_on"] == signed_last_week().isoformat()
    assert body["starts_on"] == project.starts_on.isoformat()
    assert body["ends_on"] == project.ends_on.isoformat()
    assert body["reporting_period_months"] == 12
    assert body["grant"] == "1400000.00" and body["currency"] == "RUB"
    assert {"organisation_id": lead.id, "name": lead.name, "state": "RU",
            "amount": "700000.00"} in body["grants"]
    assert [(p["number"], p["final"]) for p in body["periods"]] == [(1, False), (2, True)]
    assert set(body["periods"][0]) == {"id", "number", "starts_on", "ends_on", "due_on", "final"}
    assert body["agreement_file"] is None
    assert db.session.get(type(proposal), proposal.id).status == "in_implementation"


def test_recording_an_agreement_needs_a_token(client):
    proposal = make_approved_proposal()
    db.session.commit()
    assert _post(client, proposal.id, {}, _body(proposal)).status_code == 401


def test_the_applicant_and_other_users_may_not_record_an_agreement(client, bearer):
    proposal = make_approved_proposal()
    for user in (proposal.created_by, make_user("council_member:RU"), make_user("admin")):
        response = _post(client, proposal.id, bearer(user), _body(proposal))
        assert response.status_code == 403
        assert response.get_json()["error"]["message"] == (
            "Only the secretariat records grant agreements.")
    assert db.session.scalar(select(Project.id)) is None


def test_an_agreement_answers_404_409_422_and_400_as_the_conventions_say(client, bearer):
    proposal = make_approved_proposal()
    headers = bearer(make_user("secretariat"))
    draft = make_proposal()
    db.session.commit()

    assert _post(client, 10**6, headers, _body(proposal)).status_code == 404
    assert _post(client, draft.id, headers, _body(draft)).status_code == 409
    invalid = _post(client, proposal.id, headers, _body(proposal, signed_on="tomorrow",
                                                        reporting_period_months=30))
    assert invalid.status_code == 422
    assert set(invalid.get_json()["error"]["fields"]) == {"signed_on", "reporting_period_months"}
    malformed = client.post(f"/api/v1/proposals/{proposal.id}/agreement", data="[1]",
                            content_type="application/json", headers=headers)
    assert malformed.status_code == 400
    assert _post(client, proposal.id, headers, _body(proposal)).status_code == 201
    second = _post(client, proposal.id, headers, _body(proposal))
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "conflict"


def test_an_agreement_before_the_decision_is_in_force_is_a_conflict(client, bearer):
    proposal = make_approved_proposal(in_force=False)
    response = _post(client, proposal.id, bearer(make_user("secretariat")), _body(proposal))
    assert response.status_code == 409
    assert "not entered into force" in response.get_json()["error"]["message"]


def _upload(client, project_id, headers, data, name="agreement.pdf"):
    return client.put(f"/api/v1/projects/{project_id}/agreement-file",
                      data={"file": (io.BytesIO(data), name)}, headers=headers,
                      content_type="multipart/form-data")


def test_the_signed_pdf_is_uploaded_then_downloaded_by_a_partner(app, client, bearer):
    proposal = make_approved_proposal()
    secretariat = make_user("secretariat")
    partner = make_user(f"org_member:{proposal.partners[1].organisation_id}")
    headers = bearer(secretariat)
    project_id = _post(client, proposal.id, headers, _body(proposal)).get_json()["id"]

    uploaded = _upload(client, project_id, headers, PDF)

    assert uploaded.status_code == 200
    assert uploaded.get_json()["agreement_file"]["filename"] == "agreement.pdf"
    download = client.get(f"/api/v1/projects/{project_id}/agreement-file",
                          headers=bearer(partner))
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    outsider = client.get(f"/api/v1/projects/{project_id}/agreement-file",
                          headers=bearer(make_user("expert")))
    assert outsider.status_code == 403
    assert client.get(f"/api/v1/projects/{project_id}/agreement-file").status_code == 401
    actions = set(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object == f"project:{project_id}")))
    assert {"project.agreement_file", "project.agreement_download"} <= actions


def test_a_refused_upload_of_the_signed_pdf_leaves_nothing(app, client, bearer):
    proposal = make_approved_proposal()
    headers = bearer(make_user("secretariat"))
    project_id = _post(client, proposal.id, headers, _body(proposal)).get_json()["id"]
    before = stored_agreements(app)

    refused = _upload(client, project_id, headers, HTML_AS_PDF)

    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["file"] == [
        "The file is not a readable PDF document."]
    assert stored_agreements(app) == before
    assert db.session.get(Project, project_id).agreement_stored_name is None
    no_file = client.put(f"/api/v1/projects/{project_id}/agreement-file", headers=headers)
    assert no_file.status_code == 422
    assert _upload(client, 10**6, headers, PDF).status_code == 404
    applicant = bearer(proposal.created_by)
    assert _upload(client, project_id, applicant, PDF).status_code == 403
    assert client.get(f"/api/v1/projects/{project_id}/agreement-file",
                      headers=headers).status_code == 404


def test_the_action_endpoint_refuses_to_sign_or_complete(client, bearer):
    proposal = make_approved_proposal()
    secretariat = make_user("secretariat")
    headers = bearer(secretariat)

    signing = client.post(f"/api/v1/proposals/{proposal.id}/actions/sign_agreement",
                          headers=headers)

    assert signing.status_code == 409
    assert f"/api/v1/proposals/{proposal.id}/agreement" in signing.get_json()["error"]["message"]
    assert _post(client, proposal.id, headers, _body(proposal)).status_code == 201
    completing = client.post(f"/api/v1/proposals/{proposal.id}/actions/complete",
                             headers=headers)
    assert completing.status_code == 409
    assert "final report" in completing.get_json()["error"]["message"]
    assert db.session.get(type(proposal), proposal.id).status == "in_implementation"


def test_a_service_still_completes_a_project_through_the_workflow(session):
    proposal = make_approved_proposal()
    secretariat = make_user("secretariat")
    record_agreement(proposal.id, signed_last_week(), grants_of(proposal), secretariat)
    change = apply_transition(proposal, Action.COMPLETE, secretariat)

    assert change.to_status == "completed" and proposal.status == "completed"


@pytest.mark.parametrize("months, status, stored", [(12, 201, 12), (None, 201, 6),
                                                     (0, 422, None), (25, 422, None)])
def test_a_call_takes_its_reporting_period(client, bearer, months, status, stored):
    headers = bearer(make_user("secretariat"))
    values = call_values() if months is None else call_values(reporting_period_months=months)

    response = client.post("/api/v1/calls", json=values, headers=headers)

    assert response.status_code == status
    if stored is not None:
        assert response.get_json()["reporting_period_months"] == stored
    else:
        assert "reporting_period_months" in response.get_json()["error"]["fields"]
