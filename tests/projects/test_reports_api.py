"""``/api/v1/projects/{id}/reports`` and ``/api/v1/reports/{id}`` (API.md "Funded projects"):
the partners write, the lead submits, the secretariat accepts or returns; 401, 403, 404, 409
and 422 as the conventions say."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.projects.models import Project
from tests.factories import make_organisation, make_user
from tests.projects.reporting import bearer_headers, make_reporting


@pytest.fixture
def reporting(session):
    return make_reporting()


@pytest.fixture
def bearer(session):
    return bearer_headers


def _create(client, bearer, reporting, user=None, **changes):
    body = {"period_id": reporting.periods[0].id, **reporting.values(**changes)}
    return client.post(f"/api/v1/projects/{reporting.project.id}/reports", json=body,
                       headers=bearer(user or reporting.partner_member))


def test_a_partner_creates_a_draft_with_201(client, bearer, reporting):
    db.session.commit()
    response = _create(client, bearer, reporting)

    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "draft" and body["version"] == 1 and body["versions"] == 0
    assert body["project_id"] == reporting.project.id
    assert body["period"]["number"] == 1 and body["period"]["final"] is False
    assert body["indicator_values"] == [{"indicator_id": reporting.indicator.id,
                                         "name": "Joint patents", "unit": "patents",
                                         "value": "1.0000"}]
    assert body["milestones"][0]["milestone_id"] == reporting.milestone.id
    assert body["spending"][1]["currency"] == "BYN"
    assert body["submitted_at"] is None and body["return_reason"] == ""


def test_the_write_endpoints_need_a_token(client, reporting):
    db.session.commit()
    assert client.post(f"/api/v1/projects/{reporting.project.id}/reports",
                       json={}).status_code == 401
    assert client.get("/api/v1/reports/1").status_code == 401


def test_who_may_not_write_gets_403(client, bearer, reporting):
    db.session.commit()
    assert _create(client, bearer, reporting, user=reporting.outsider).status_code == 403
    assert _create(client, bearer, reporting, user=reporting.secretariat).status_code == 403
    stranger = make_user(f"org_member:{make_organisation('KZ', 'KZ-10').id}")
    assert _create(client, bearer, reporting, user=stranger).status_code == 403


def test_a_second_report_of_a_period_is_a_conflict(client, bearer, reporting):
    db.session.commit()
    assert _create(client, bearer, reporting).status_code == 201
    again = _create(client, bearer, reporting, user=reporting.lead_member)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"


def test_bad_values_are_422_with_every_field(client, bearer, reporting):
    db.session.commit()
    response = _create(client, bearer, reporting, summary="x" * 2001,
                       spending=[{"organisation_id": reporting.lead.id, "category": "lunch",
                                  "amount": -3}])
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {
        "summary", "spending.0.category", "spending.0.amount"}


def test_a_body_that_is_not_an_object_is_400(client, bearer, reporting):
    db.session.commit()
    response = client.post(f"/api/v1/projects/{reporting.project.id}/reports", json=[1],
                           headers=bearer(reporting.lead_member))
    assert response.status_code == 400


def test_an_unknown_project_or_report_is_404(client, bearer, reporting):
    db.session.commit()
    headers = bearer(reporting.lead_member)
    assert client.post("/api/v1/projects/2147483647/reports", json={"period_id": 1},
                       headers=headers).status_code == 404
    assert client.get("/api/v1/reports/2147483647", headers=headers).status_code == 404


def test_the_whole_cycle_through_the_api(client, bearer, reporting):
    db.session.commit()
    partner, lead = bearer(reporting.partner_member), bearer(reporting.lead_member)
    staff = bearer(reporting.secretariat)
    report = _create(client, bearer, reporting).get_json()
    path = f"/api/v1/reports/{report['id']}"

    stale = client.patch(path, json={"version": 0, "summary": "Old."}, headers=partner)
    assert stale.status_code == 409
    changed = client.patch(path, json={"version": report["version"], "summary": "New."},
                           headers=partner)
    assert changed.status_code == 200 and changed.get_json()["summary"] == "New."

    assert client.post(f"{path}/submit", headers=partner).status_code == 403
    submitted = client.post(f"{path}/submit", headers=lead)
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    assert client.post(f"{path}/submit", headers=lead).status_code == 409

    assert client.post(f"{path}/return", json={}, headers=staff).status_code == 422
    assert client.post(f"{path}/accept", headers=lead).status_code == 403
    returned = client.post(f"{path}/return", json={"reason": "Add the numbers."},
                           headers=staff)
    assert returned.status_code == 200 and returned.get_json()["status"] == "returned"
    assert returned.get_json()["return_reason"] == "Add the numbers."

    version = client.get(path, headers=lead).get_json()["version"]
    client.patch(path, json={"version": version, "summary": "With numbers."}, headers=lead)
    assert client.post(f"{path}/submit", headers=lead).status_code == 200
    accepted = client.post(f"{path}/accept", headers=staff)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert accepted.get_json()["versions"] == 2
    assert client.post(f"{path}/accept", headers=staff).status_code == 409

    versions = client.get(f"{path}/versions", headers=lead).get_json()
    assert versions["total"] == 2
    assert [(v["number"], v["outcome"]) for v in versions["items"]] == [
        (1, "returned"), (2, "accepted")]
    assert versions["items"][0]["content"]["summary"] == "New."
    assert versions["items"][1]["content"]["summary"] == "With numbers."


def test_an_empty_report_is_refused_at_submission_with_what_is_missing(client, bearer, reporting):
    db.session.commit()
    response = client.post(f"/api/v1/projects/{reporting.project.id}/reports",
                           json={"period_id": reporting.periods[0].id},
                           headers=bearer(reporting.lead_member))
    refused = client.post(f"/api/v1/reports/{response.get_json()['id']}/submit",
                          headers=bearer(reporting.lead_member))
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"summary", "indicator_values"}


def test_readers_and_others(client, bearer, reporting):
    db.session.commit()
    report_id = _create(client, bearer, reporting).get_json()["id"]
    path = f"/api/v1/reports/{report_id}"
    for reader in (reporting.lead_member, reporting.secretariat, make_user("admin"),
                   make_user("council_member:KZ"), make_user("contact_point:BY")):
        assert client.get(path, headers=bearer(reader)).status_code == 200
    stranger = make_organisation("KZ", "KZ-10")
    for other in (make_user("contact_point:KZ"), make_user(f"org_member:{stranger.id}"),
                  reporting.outsider):
        assert client.get(path, headers=bearer(other)).status_code == 403
        assert client.get(f"{path}/versions", headers=bearer(other)).status_code == 403


def test_an_accepted_final_report_completes_the_project(client, bearer, session):
    reporting = make_reporting(signed_days_ago=800, period_months=12)
    db.session.commit()
    final = reporting.periods[-1]
    body = {"period_id": final.id, **reporting.values()}
    report = client.post(f"/api/v1/projects/{reporting.project.id}/reports", json=body,
                         headers=bearer(reporting.lead_member)).get_json()
    client.post(f"/api/v1/reports/{report['id']}/submit", headers=bearer(reporting.lead_member))
    accepted = client.post(f"/api/v1/reports/{report['id']}/accept",
                           headers=bearer(reporting.secretariat))
    assert accepted.status_code == 200
    db.session.expire_all()
    project = db.session.scalars(select(Project).where(
        Project.id == reporting.project.id)).one()
    assert project.completed_at is not None and project.proposal.status == "completed"
