"""The organisations and clusters API of API.md: every endpoint's success and refusals."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.registry.models import Cluster, Organisation, ProfileStatus
from tests.factories import make_user
from tests.registry.conftest import bearer, new_cluster, new_organisation

NEW_ORGANISATION = {
    "name": "Chüy Agro Lab", "kind": "research_institute", "state": "KG", "region": "KG-C",
    "technology_fields": ["agro_food"], "nace_codes": ["72.11"], "language": "ru",
    "description": "Лаборатория", "offers": ["Анализ почв"], "needs": ["Партнёр по семенам"],
    "website": "https://agro.example.org",
}


def _post(client, path, user, json=None, **kwargs):
    headers = bearer(user) if user else {}
    db.session.commit()
    return client.post(path, json=json, headers=headers, **kwargs)


def test_creating_an_organisation_makes_the_caller_its_admin(client, people):
    user = people["nobody"]
    response = _post(client, "/api/v1/organisations", user, NEW_ORGANISATION)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending" and body["version"] == 1
    assert {key: body[key] for key in ("name", "state", "region", "kind", "technology_fields")} == {
        "name": "Chüy Agro Lab", "state": "KG", "region": "KG-C", "kind": "research_institute",
        "technology_fields": ["agro_food"]}
    assert response.headers["Location"] == f"/api/v1/organisations/{body['id']}"
    assert user.has_role("org_admin", body["id"]) and user.has_role("org_member", body["id"])
    shown = client.get(response.headers["Location"], headers=bearer(user))
    assert shown.status_code == 200 and shown.get_json() == body


def test_creating_needs_a_token_a_json_object_and_valid_values(client, people):
    assert _post(client, "/api/v1/organisations", None, NEW_ORGANISATION).status_code == 401
    malformed = _post(client, "/api/v1/organisations", people["nobody"], data="{not json",
                      content_type="application/json")
    assert malformed.status_code == 400
    assert malformed.get_json()["error"]["code"] == "bad_request"
    invalid = _post(client, "/api/v1/organisations", people["nobody"],
                    {**NEW_ORGANISATION, "kind": "club", "offers": "one", "colour": "red",
                     "region": "RU-KLU", "state": None})
    assert invalid.status_code == 422
    assert set(invalid.get_json()["error"]["fields"]) == {"offers", "colour", "state"}
    invalid = _post(client, "/api/v1/organisations", people["nobody"],
                    {**NEW_ORGANISATION, "kind": "club", "region": "RU-KLU"})
    assert set(invalid.get_json()["error"]["fields"]) == {"kind", "region"}
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Chüy Agro Lab")) is None


@pytest.mark.parametrize(("who", "status"), [
    ("admin_en", 200), ("contact_kz", 200), ("secretariat", 200), ("admin", 200),
    ("contact_ru", 404), ("outsider", 404), ("nobody", 404),
])
def test_a_pending_organisation_is_visible_only_to_its_people_and_moderators(client, people, who,
                                                                            status):
    path = f"/api/v1/organisations/{people['organisation'].id}"
    headers = bearer(people[who])
    db.session.commit()
    assert client.get(path, headers=headers).status_code == status


def test_an_unknown_organisation_is_not_found_nor_an_unpublished_one_without_a_token(client, people):
    headers = bearer(people["secretariat"])
    db.session.commit()
    assert people["organisation"].status != "published"
    assert client.get("/api/v1/organisations/987654", headers=headers).status_code == 404
    assert client.get(f"/api/v1/organisations/{people['organisation'].id}").status_code == 404


def _patch(client, people, who, json, organisation=None):
    organisation = organisation or people["organisation"]
    headers = bearer(people[who])
    db.session.commit()
    return client.patch(f"/api/v1/organisations/{organisation.id}", json=json, headers=headers)


def test_patching_with_the_current_version_saves_and_a_stale_one_is_a_conflict(client, people):
    first = _patch(client, people, "member_ru", {"version": 1, "needs": ["Seeds"], "size": "micro"})
    assert first.status_code == 200, first.get_json()
    assert (first.get_json()["needs"], first.get_json()["version"]) == (["Seeds"], 2)
    stale = _patch(client, people, "admin_en", {"version": 1, "needs": ["Fertiliser"]})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "conflict"
    assert "version" in stale.get_json()["error"]["fields"]
    db.session.refresh(people["organisation"])
    assert people["organisation"].needs == ["Seeds"]


@pytest.mark.parametrize(("who", "json", "status"), [
    ("nobody", {"version": 1}, 403),
    ("contact_kz", {"version": 1}, 403),
    ("outsider", {"version": 1, "name": "Mine now"}, 404),
    ("admin_en", {"name": "No version"}, 422),
    ("admin_en", {"version": 1, "website": 7, "status": "published"}, 422),
    ("admin_en", [1, 2], 400),
    ("secretariat", {"version": 1, "name": "Renamed by the secretariat"}, 200),
])
def test_patching_refuses_whoever_may_not_and_whatever_is_invalid(client, people, who, json, status):
    response = _patch(client, people, who, json)
    assert response.status_code == status, response.get_json()
    if status == 422:
        assert response.get_json()["error"]["fields"]


def test_a_refusal_says_who_may(client, people):
    from portal.registry.api_support import ORGANISATION_EDITORS  # once the API is loaded

    published = people["other_organisation"]
    published.status = ProfileStatus.PUBLISHED
    headers = {**bearer(people["admin_en"]), "Accept-Language": "en"}
    db.session.commit()
    response = client.patch(f"/api/v1/organisations/{published.id}", json={"version": 1},
                            headers=headers)
    assert response.status_code == 403
    with force_locale("en"):
        assert response.get_json()["error"] == {"code": "forbidden",
                                                "message": str(ORGANISATION_EDITORS)}


def test_a_caller_who_manages_no_cluster_is_refused_before_anything_is_loaded(client, people):
    from portal.registry.api_support import CLUSTER_MANAGERS  # once the API is loaded

    cluster = new_cluster(people["organisation"])
    headers = {**bearer(people["admin_en"]), "Accept-Language": "en"}
    db.session.commit()
    response = client.patch(f"/api/v1/clusters/{cluster.id + 1000}", json={"version": 1},
                            headers=headers)
    assert response.status_code == 403  # not 404: no cluster is looked up
    with force_locale("en"):
        assert response.get_json()["error"]["message"] == str(CLUSTER_MANAGERS)


def test_patching_nothing_anonymously_is_unauthorized(client, people):
    organisation = people["organisation"]
    db.session.commit()
    response = client.patch(f"/api/v1/organisations/{organisation.id}", json={"version": 1})
    assert response.status_code == 401


@pytest.mark.parametrize(("who", "status"), [
    ("contact_kz", 200), ("secretariat", 200), ("contact_ru", 404), ("admin_en", 403),
    ("nobody", 403),
])
def test_publishing_is_for_the_contact_point_of_the_state_or_the_secretariat(client, people, who,
                                                                             status):
    organisation = people["organisation"]
    response = _post(client, f"/api/v1/organisations/{organisation.id}/publish", people[who])
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["status"] == "published"
        assert db.session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.template == "profile_published").limit(1)) is not None


def test_a_contact_point_of_another_state_sees_a_published_profile_but_may_not_return_it(client,
                                                                                        people):
    organisation = people["organisation"]
    _post(client, f"/api/v1/organisations/{organisation.id}/publish", people["secretariat"])
    response = _post(client, f"/api/v1/organisations/{organisation.id}/return",
                     people["contact_ru"], {"reason": "Not ours"})
    assert response.status_code == 403


def test_returning_needs_a_reason_and_happens_once(client, people):
    path = f"/api/v1/organisations/{people['organisation'].id}/return"
    assert _post(client, path, None, {"reason": "x"}).status_code == 401
    assert _post(client, path, people["contact_kz"], {}).status_code == 422
    assert _post(client, path, people["contact_kz"], data="reason", content_type="text/plain"
                 ).status_code == 400
    returned = _post(client, path, people["contact_kz"], {"reason": "Add your offers"})
    assert returned.status_code == 200
    assert returned.get_json()["return_reason"] == "Add your offers"
    assert _post(client, path, people["contact_kz"], {"reason": "Again"}).status_code == 409
    assert _post(client, "/api/v1/organisations/987654/return", people["contact_kz"],
                 {"reason": "x"}).status_code == 404


NEW_CLUSTER = {"name": "Chüy agro-biotech cluster", "state": "KZ", "region": "KZ-35",
               "technology_fields": ["agro_food"], "description": "Demo",
               "budget": 1000000, "budget_currency": "KZT", "jobs": 300,
               "quality_label": "ESCA Bronze", "quality_label_issuer": "ESCA",
               "quality_label_expires_on": "2027-12-31"}


def test_a_member_of_the_management_organisation_creates_a_cluster_and_manages_it(client, people):
    user = people["admin_en"]
    body = {**NEW_CLUSTER, "management_organisation_id": people["organisation"].id}
    response = _post(client, "/api/v1/clusters", user, body)
    assert response.status_code == 201, response.get_json()
    cluster = response.get_json()
    assert (cluster["status"], cluster["language"]) == ("pending", "en")
    assert cluster["figures"]["budget_currency"] == "KZT"
    assert cluster["quality_label"] == {"name": "ESCA Bronze", "issuer": "ESCA",
                                        "expires_on": "2027-12-31"}
    assert user.has_role("cluster_manager", cluster["id"])
    path = f"/api/v1/clusters/{cluster['id']}"
    assert client.get(path, headers=bearer(user)).status_code == 200
    assert client.get(path, headers=bearer(people["outsider"])).status_code == 404
    assert client.get(path).status_code == 404  # pending: no one without a token knows it


@pytest.mark.parametrize(("who", "changes", "status"), [
    ("nobody", {}, 403),
    ("outsider", {}, 422),  # the management organisation is pending: not known to the outsider
    ("outsider", {"published": True}, 403),
    (None, {}, 401),
    ("admin_en", {"management_organisation_id": 987654}, 422),
    ("admin_en", {"budget_currency": "GBP", "jobs": "many"}, 422),
])
def test_creating_a_cluster_refuses_whoever_may_not_and_whatever_is_invalid(client, people, who,
                                                                           changes, status):
    if changes.pop("published", False):
        people["organisation"].status = "published"
    body = {**NEW_CLUSTER, "management_organisation_id": people["organisation"].id, **changes}
    response = _post(client, "/api/v1/clusters", people.get(who), body)
    assert response.status_code == status, response.get_json()


def test_creating_a_cluster_from_malformed_json_is_a_bad_request(client, people):
    response = _post(client, "/api/v1/clusters", people["admin_en"], data="[",
                     content_type="application/json")
    assert response.status_code == 400


@pytest.fixture
def cluster(people):
    cluster = new_cluster(people["organisation"])
    people["manager"] = make_user(f"cluster_manager:{cluster.id}", password=None)
    db.session.commit()
    return cluster


def test_a_manager_adds_members_once_with_a_known_helix_role(client, people, cluster):
    path = f"/api/v1/clusters/{cluster.id}/members"
    neighbour = new_organisation(name="Taraz Firm")
    db.session.commit()
    member = {"organisation_id": neighbour.id, "helix_role": "business"}
    added = _post(client, path, people["manager"], member)
    assert added.status_code == 201, added.get_json()
    assert added.get_json() == {"cluster_id": cluster.id, "organisation_id": member["organisation_id"],
                                "name": "Taraz Firm", "state": "KZ", "region": "KZ-35",
                                "helix_role": "business", "manages": False, "coordinator": False}
    assert _post(client, path, people["manager"], member).status_code == 409
    assert _post(client, path, people["manager"], {**member, "helix_role": "wizard"}).status_code == 422
    assert _post(client, path, people["manager"], {"organisation_id": 987654,
                                                   "helix_role": "academia"}).status_code == 422
    assert _post(client, path, people["manager"], {"helix_role": "academia"}).status_code == 422
    assert _post(client, path, people["manager"], data="x", content_type="application/json"
                 ).status_code == 400
    assert _post(client, path, people["admin_en"], member).status_code == 403
    assert _post(client, path, None, member).status_code == 401
    assert _post(client, "/api/v1/clusters/987654/members", people["manager"], member
                 ).status_code == 404


def test_cluster_edits_and_moderation(client, people, cluster):
    headers = bearer(people["manager"])
    db.session.commit()
    path = f"/api/v1/clusters/{cluster.id}"
    saved = client.patch(path, json={"version": 1, "jobs": 12}, headers=headers)
    assert saved.status_code == 200 and saved.get_json()["figures"]["jobs"] == 12
    assert client.patch(path, json={"version": 1, "jobs": 13}, headers=headers).status_code == 409
    assert client.patch(path, json={"version": 2, "colour": 1}, headers=headers).status_code == 422
    assert _post(client, f"{path}/publish", people["manager"]).status_code == 403
    assert _post(client, f"{path}/return", people["contact_kz"], {"reason": "Add members"}
                 ).get_json()["status"] == "returned"
    assert _post(client, f"{path}/publish", people["contact_kz"]).get_json()["status"] == "published"
    assert db.session.get(Cluster, cluster.id).status == "published"
