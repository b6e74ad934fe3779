"""``GET /api/v1/moderation``: the queue of the moderation page, by the same query."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.registry import moderation
from tests.factories import make_user
from tests.registry.conftest import bearer, new_cluster, new_organisation


@pytest.fixture
def queue(session):
    kz = new_organisation(name="Astana Optics")
    ru = new_organisation(name="Kaluga Pharma", state="RU", region="RU-KLU")
    published = new_organisation(name="Shymkent Labs")
    moderation.publish_organisation(published.id, "test")
    cluster = new_cluster(published, name="Steppe Pharma Cluster")
    db.session.commit()
    return {"kz": kz, "ru": ru, "cluster": cluster}


def _get(client, user, query=""):
    headers = bearer(user)
    db.session.commit()
    return client.get(f"/api/v1/moderation{query}", headers=headers)


def test_a_contact_point_sees_the_pending_profiles_of_their_state(client, queue):
    response = _get(client, make_user("contact_point:KZ"))
    assert response.status_code == 200
    body = response.get_json()
    assert [(i["type"], i["id"]) for i in body["items"]] == [
        ("organisation", queue["kz"].id), ("cluster", queue["cluster"].id)]
    assert body["total"] == 2
    first = body["items"][0]
    assert first["publish_url"] == f"/api/v1/organisations/{queue['kz'].id}/publish"
    assert first["state"] == "KZ" and first["created_at"].endswith("Z")


def test_the_secretariat_sees_every_state_paged_across_both_kinds(client, queue):
    secretariat = make_user("secretariat")
    body = _get(client, secretariat, "?per_page=1&page=2").get_json()
    assert body["total"] >= 3 and len(body["items"]) == 1
    every = _get(client, secretariat, "?per_page=100").get_json()["items"]
    ids = {(i["type"], i["id"]) for i in every}
    assert {("organisation", queue["kz"].id), ("organisation", queue["ru"].id),
            ("cluster", queue["cluster"].id)} <= ids
    assert [i["type"] for i in every] == sorted((i["type"] for i in every),
                                                key=lambda t: t != "organisation")


@pytest.mark.parametrize("roles", [("expert",), ("admin",), ("council_member:KZ",)])
def test_others_may_not_read_the_queue(client, queue, roles):
    assert _get(client, make_user(*roles)).status_code == 403
    assert client.get("/api/v1/moderation").status_code == 401
