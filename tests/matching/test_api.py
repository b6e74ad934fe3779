"""``GET /api/v1/organisations/{id}/matches`` and the suggestions page: shape and access."""

from __future__ import annotations

from portal.accounts import tokens
from portal.extensions import db
from portal.registry.models import ProfileStatus
from tests.factories import PASSWORD, make_organisation, make_user


def _token(*roles: str) -> dict:
    user = make_user(*roles)
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_matches_have_the_shape_of_api_md(client, matching_set):
    headers = _token()
    response = client.get(f"/api/v1/organisations/{matching_set['seeker']}/matches?limit=3",
                          headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["items"]) == 3
    item = body["items"][0]
    assert set(item) == {"organisation", "score", "relation", "reasons"}
    assert set(item["organisation"]) == {"id", "name", "state", "region", "kind", "external_ref"}
    assert item["relation"] in ("cross_border", "transnational")
    assert item["reasons"][0].startswith("offers “")
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_cross_border_scope_and_a_bad_scope(client, matching_set):
    headers = _token()
    url = f"/api/v1/organisations/{matching_set['seeker']}/matches"
    items = client.get(url + "?scope=cross_border", headers=headers).get_json()["items"]
    assert [i["organisation"]["name"] for i in items] == ["Vitebsk Beam"]
    assert client.get(url + "?scope=nearby", headers=headers).status_code == 400
    assert client.get(url + "?limit=0", headers=headers).status_code == 400


def test_an_unpublished_organisation_is_seen_by_its_members_only(client, session):
    organisation = make_organisation(state="AM", region="AM-ER")
    organisation.status = ProfileStatus.PENDING
    db.session.commit()
    url = f"/api/v1/organisations/{organisation.id}/matches"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=_token()).status_code == 403
    assert client.get(url, headers=_token(f"org_member:{organisation.id}")).status_code == 200
    assert client.get(url, headers=_token("contact_point:AM")).status_code == 200
    assert client.get(url, headers=_token("contact_point:RU")).status_code == 403
    assert client.get("/api/v1/organisations/999999/matches", headers=_token()).status_code == 403


def test_the_page_lists_the_suggestions_with_their_reasons(client, matching_set):
    user = make_user(email="reader@example.org")
    db.session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    response = client.get(f"/organisations/{matching_set['seeker']}/matches?scope=cross_border")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Vitebsk Beam" in page
    assert "which meets this organisation&#39;s need for" in page
    assert "your need" not in page and "your region" not in page


def test_the_organisations_own_people_read_your_need_and_your_region(client, matching_set):
    user = make_user(f"org_member:{matching_set['seeker']}", email="member@example.org")
    db.session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    page = client.get(f"/organisations/{matching_set['seeker']}/matches?scope=cross_border"
                      ).get_data(as_text=True)
    assert "which meets your need for" in page and "borders your region" in page


def test_the_api_writes_the_reasons_for_the_caller(client, matching_set):
    url = f"/api/v1/organisations/{matching_set['seeker']}/matches?scope=cross_border"
    visitor = client.get(url, headers=_token()).get_json()["items"][0]["reasons"]
    member = client.get(url, headers=_token(f"org_member:{matching_set['seeker']}")
                        ).get_json()["items"][0]["reasons"]
    assert any(r.startswith("borders this organisation's region (") for r in visitor)
    assert any(r.startswith("borders your region (") for r in member)
