"""A cluster as the seeker: ``GET /api/v1/clusters/{id}/matches`` and the cluster's suggestions
page, on the hand-made set of ``conftest.py`` (the seeker of Smolensk needs sterilisation, which
Vitebsk across the border, Almaty and Moscow offer)."""

from __future__ import annotations

import pytest

from portal.accounts import tokens
from portal.extensions import db
from portal.registry.models import (
    Cluster,
    ClusterInvitation,
    ClusterMember,
    InvitationStatus,
    ProfileStatus,
)
from tests.factories import PASSWORD, make_organisation, make_user

NEED = "Радиационная стерилизация одноразовых медицинских изделий"


def _token(*roles: str) -> dict:
    user = make_user(*roles)
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


def _cluster(name: str, coordinator: int, members: list[int], *, state: str, region: str,
             invited: list[int] = (), status: str = ProfileStatus.PUBLISHED) -> Cluster:
    """A cluster with accepted ``members`` (the coordinator among them) and open invitations."""
    cluster = Cluster(name=name, state_code=state, region_code=region, language="en",
                      management_organisation_id=coordinator, status=status)
    db.session.add(cluster)
    db.session.flush()
    for organisation_id in members:
        db.session.add(ClusterMember(cluster_id=cluster.id, organisation_id=organisation_id,
                                     helix_role="business", manages=organisation_id == coordinator))
    for organisation_id in invited:
        db.session.add(ClusterInvitation(cluster_id=cluster.id, organisation_id=organisation_id,
                                         helix_role="business", status=InvitationStatus.INVITED))
    db.session.commit()
    return cluster


@pytest.fixture
def smolensk(matching_set):
    """A published cluster of Smolensk whose only member is the seeker."""
    return _cluster("Smolensk Medical Cluster", matching_set["seeker"], [matching_set["seeker"]],
                    state="RU", region="RU-SMO")


def _items(client, cluster_id: int, query: str = "", headers=None) -> list[dict]:
    response = client.get(f"/api/v1/clusters/{cluster_id}/matches{query}",
                          headers=headers or _token())
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


def _names(items: list[dict]) -> list[str]:
    return [item[item["kind"]]["name"] for item in items]


def test_the_organisation_across_the_border_that_meets_a_members_need_comes_first(
        client, matching_set, smolensk):
    items = _items(client, smolensk.id)
    first = items[0]
    assert first["kind"] == "organisation"
    assert first["organisation"]["name"] == "Vitebsk Beam"
    assert first["relation"] == "cross_border"
    assert first["reasons"][0] == (
        "offers “Electron-beam sterilisation of single-use medical devices”, which meets the need "
        f"of Смоленские изделия for “{NEED}”")
    assert any(r.startswith("borders the region of Смоленские изделия (") for r in first["reasons"])
    assert set(first) == {"kind", "organisation", "score", "relation", "reasons"}
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)


def test_members_and_organisations_of_the_clusters_states_are_never_suggested(
        client, matching_set):
    # Almaty (KZ) has accepted: neither it nor Kostanay (KZ) nor Moscow (RU) is suggested.
    cluster = _cluster("Eurasian Sterile", matching_set["seeker"],
                       [matching_set["seeker"], matching_set["almaty"]], state="RU", region="RU-SMO")
    items = _items(client, cluster.id, "?limit=50")
    assert _names(items) == ["Vitebsk Beam"]
    everywhere = _items(client, cluster.id, "?scope=all&limit=50")
    ids = {item["organisation"]["id"] for item in everywhere if item["kind"] == "organisation"}
    assert matching_set["moscow"] in ids
    assert not ids & {matching_set["seeker"], matching_set["almaty"]}
    assert {item["relation"] for item in everywhere if item["organisation"]["state"] in ("RU", "KZ")
            } == {"same_state"}


def test_another_cluster_whose_member_offers_it_is_suggested_as_a_cluster(
        client, matching_set, smolensk):
    vitebsk = _cluster("Vitebsk Beam Cluster", matching_set["vitebsk"], [matching_set["vitebsk"]],
                       state="BY", region="BY-VI")
    _cluster("Unpublished Cluster", matching_set["almaty"], [matching_set["almaty"]],
             state="KZ", region="KZ-75", status=ProfileStatus.PENDING)
    items = _items(client, smolensk.id, "?limit=50")
    clusters = [item for item in items if item["kind"] == "cluster"]
    assert [c["cluster"]["name"] for c in clusters] == ["Vitebsk Beam Cluster"]
    found = clusters[0]
    assert found["cluster"] == {"id": vitebsk.id, "name": "Vitebsk Beam Cluster", "state": "BY",
                                "states": ["BY"], "classification": "national"}
    assert found["relation"] == "cross_border"
    assert found["reasons"][0] == (
        "its member Vitebsk Beam offers “Electron-beam sterilisation of single-use medical "
        f"devices”, which meets the need of Смоленские изделия for “{NEED}”")
    # the cluster ranks as its best member, just after that member itself
    assert _names(items)[:2] == ["Vitebsk Beam", "Vitebsk Beam Cluster"]


def test_an_invited_organisations_needs_are_not_used(client, matching_set):
    # Kostanay has no needs; the seeker, invited but not accepted, brings none of its own.
    cluster = _cluster("Kostanay Grain Cluster", matching_set["kostanay"],
                       [matching_set["kostanay"]], state="KZ", region="KZ-39",
                       invited=[matching_set["seeker"]])
    items = _items(client, cluster.id, "?scope=all&limit=50")
    assert not any("meets the need of" in reason for item in items for reason in item["reasons"])
    assert "Vitebsk Beam" not in _names(items)
    # once it accepts, its need is the cluster's
    db.session.add(ClusterMember(cluster_id=cluster.id, organisation_id=matching_set["seeker"],
                                 helix_role="business"))
    db.session.commit()
    items = _items(client, cluster.id, "?scope=all&limit=50")
    assert items[0]["organisation"]["name"] == "Vitebsk Beam"
    assert f"which meets the need of Смоленские изделия for “{NEED}”" in items[0]["reasons"][0]


def test_who_may_see_an_unpublished_clusters_suggestions(client, matching_set):
    cluster = _cluster("Pending Cluster", matching_set["vitebsk"], [matching_set["vitebsk"]],
                       state="BY", region="BY-VI", invited=[matching_set["almaty"]],
                       status=ProfileStatus.PENDING)
    url = f"/api/v1/clusters/{cluster.id}/matches"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=_token()).status_code == 404
    assert client.get(url, headers=_token("contact_point:RU")).status_code == 404
    invited = client.get(url, headers=_token(f"org_member:{matching_set['almaty']}"))
    assert invited.status_code == 403
    assert invited.get_json()["error"]["code"] == "forbidden"
    for roles in (f"cluster_manager:{cluster.id}", f"org_member:{matching_set['vitebsk']}",
                  "contact_point:BY", "secretariat"):
        assert client.get(url, headers=_token(roles)).status_code == 200, roles
    assert client.get("/api/v1/clusters/999999/matches", headers=_token()).status_code == 404
    assert client.get("/api/v1/clusters/99999999999999999999/matches",
                      headers=_token()).status_code == 404


def test_a_published_clusters_suggestions_are_for_anyone_signed_in(client, smolensk):
    assert client.get(f"/api/v1/clusters/{smolensk.id}/matches",
                      headers=_token()).status_code == 200


@pytest.mark.parametrize(("query", "status"), [
    ("?limit=0", 422), ("?limit=51", 422), ("?limit=99999999999999999999", 422),
    ("?limit=ten", 400), ("?limit=²", 400), ("?limit=-1", 400), ("?scope=nearby", 400),
    ("?limit=50", 200), ("?limit=1", 200),
])
def test_the_limit_and_the_scope_are_bounded(client, smolensk, query, status):
    response = client.get(f"/api/v1/clusters/{smolensk.id}/matches{query}", headers=_token())
    assert response.status_code == status
    if status == 200:
        assert len(response.get_json()["items"]) <= int(query.rpartition("=")[2])
    else:
        assert "limit" in response.get_json()["error"]["fields"] or "scope" in query


def test_the_page_lists_the_suggestions_with_their_reasons_and_the_cluster_links_to_it(
        client, matching_set, smolensk):
    _cluster("Vitebsk Beam Cluster", matching_set["vitebsk"], [matching_set["vitebsk"]],
             state="BY", region="BY-VI")
    user = make_user(email="reader@example.org")
    db.session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert f"/clusters/{smolensk.id}/matches" in client.get(
        f"/clusters/{smolensk.id}").get_data(as_text=True)
    response = client.get(f"/clusters/{smolensk.id}/matches")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Vitebsk Beam Cluster" in page and "Almaty Irradiation" in page
    assert "which meets the need of Смоленские изделия for" in page
    assert "Московская стерилизация" not in page


def test_the_page_refuses_as_the_api_does(client, matching_set):
    cluster = _cluster("Pending Cluster", matching_set["vitebsk"], [matching_set["vitebsk"]],
                       state="BY", region="BY-VI", status=ProfileStatus.PENDING)
    user = make_user(email="stranger@example.org")
    db.session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert client.get(f"/clusters/{cluster.id}/matches").status_code == 404
    assert client.get("/clusters/999999/matches").status_code == 404


def test_a_cluster_without_members_or_texts_gets_no_suggestions_and_no_error(client, matching_set):
    silent = make_organisation(state="AM", region="AM-ER")
    empty = _cluster("Empty Cluster", silent.id, [], state="AM", region="AM-ER")
    quiet = _cluster("Quiet Cluster", silent.id, [silent.id], state="AM", region="AM-ER")
    assert _items(client, empty.id) == []
    assert _items(client, quiet.id) == []
