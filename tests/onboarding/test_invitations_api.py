"""Invitations in the API, by the invitation pages' rules, and the look-up of organisations
and clusters by name."""

from __future__ import annotations

import pytest

from portal.accounts import tokens
from portal.extensions import db
from portal.registry.models import ProfileStatus
from tests.factories import make_organisation, make_user


@pytest.fixture
def api(client):
    def caller(user):
        _row, token = tokens.create_token(user, "test", user)
        db.session.commit()
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}

        class Caller:
            def get(self, path):
                return client.get(path, headers=headers)

            def post(self, path, **kwargs):
                return client.post(path, headers=headers, **kwargs)

        return Caller()
    return caller


@pytest.fixture
def organisation(session):
    return make_organisation(state="KZ", region="KZ-75", name="Almaty Devices",
                             status=ProfileStatus.PUBLISHED)


def test_a_contact_point_invites_by_organisation_name_lists_and_revokes(api, organisation):
    caller = api(make_user("contact_point:KZ"))
    response = caller.post("/api/v1/invitations", json={
        "email": "Newcomer@Example.com", "role": "org_admin", "scope": "Almaty Devices",
        "language": "en"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "newcomer@example.com" and body["status"] == "pending"
    assert body["roles"] == [{"role": "org_admin", "scope": str(organisation.id)}]
    listed = caller.get("/api/v1/invitations").get_json()
    assert [i["id"] for i in listed["items"]] == [body["id"]] and listed["total"] == 1
    revoked = caller.post(f"/api/v1/invitations/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.get_json()["status"] == "revoked"


def test_an_invitation_outside_the_callers_rights_answers_403(api, organisation):
    caller = api(make_user("contact_point:RU"))
    response = caller.post("/api/v1/invitations", json={
        "email": "x@example.com", "role": "org_admin", "scope": organisation.id})
    assert response.status_code == 403
    assert caller.post("/api/v1/invitations", json={
        "email": "x@example.com", "role": "secretariat"}).status_code == 403


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "not an address", "role": "expert"}, "email"),
    ({"email": 5, "role": "expert"}, "email"),
    ({"email": "x@example.com", "role": "emperor"}, "role"),
    ({"email": "x@example.com", "role": "contact_point", "scope": "ZZ"}, "scope"),
    ({"email": "x@example.com", "role": "org_member", "scope": 99999999999}, "scope"),
    ({"email": "x@example.com", "role": "org_member", "scope": "99999999999 · Big"}, "scope"),
    ({"email": "x@example.com", "role": "expert", "language": "xx"}, "language"),
])
def test_invalid_invitations_answer_422_on_their_field(api, session, body, field):
    response = api(make_user("admin")).post("/api/v1/invitations", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_only_inviters_use_the_invitation_endpoints(api, client, session):
    caller = api(make_user("expert"))
    assert caller.get("/api/v1/invitations").status_code == 403
    assert caller.post("/api/v1/invitations", json={"email": "x@example.com",
                                                    "role": "expert"}).status_code == 403
    assert caller.get("/api/v1/lookup/organisations?q=a").status_code == 403
    assert client.get("/api/v1/invitations").status_code == 401


def test_someone_elses_invitation_cannot_be_revoked(api, session):
    sent = api(make_user("secretariat")).post("/api/v1/invitations", json={
        "email": "y@example.com", "role": "expert"}).get_json()
    other = api(make_user("contact_point:KZ"))
    assert other.post(f"/api/v1/invitations/{sent['id']}/revoke").status_code == 404
    assert other.post("/api/v1/invitations/999999/revoke").status_code == 404


def test_the_lookup_finds_by_name_what_the_caller_may_see(api, organisation):
    hidden = make_organisation(state="RU", region="RU-KLU", name="Almaty Hidden Works")
    found = api(make_user("contact_point:KZ")).get("/api/v1/lookup/organisations?q=almaty")
    assert found.status_code == 200
    items = found.get_json()["items"]
    assert [i["id"] for i in items] == [organisation.id]
    assert items[0]["entry"] == f"{organisation.id} · Almaty Devices"
    every = api(make_user("admin")).get("/api/v1/lookup/organisations?q=almaty").get_json()
    assert {i["id"] for i in every["items"]} == {organisation.id, hidden.id}
    assert api(make_user("admin")).get("/api/v1/lookup/clusters?q=" + "x" * 201).status_code == 422
    assert api(make_user("admin")).get("/api/v1/lookup/clusters?q=nothing").get_json()["total"] == 0
