"""Managing a cluster's members: the services that change a member's helix role and remove a
member (with their audit entries), and the API endpoints that call them."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, NotFound, ValidationError
from portal.extensions import db
from portal.registry import moderation, services
from portal.registry.models import ClusterMember
from tests.factories import make_user
from tests.registry.conftest import bearer, new_cluster, new_organisation


def _members(cluster) -> dict[int, str]:
    rows = db.session.execute(select(ClusterMember.organisation_id, ClusterMember.helix_role)
                              .where(ClusterMember.cluster_id == cluster.id)).all()
    return dict(rows)


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _management_added() -> list[AuditEntry]:
    """The members added because they became the management organisation (not by hand)."""
    return [entry for entry in _entries("cluster.member_add")
            if entry.data.get("reason") == "management_organisation"]


@pytest.fixture
def led(session):
    """A cluster whose management organisation is its intermediary member, with a Russian
    business member."""
    management = new_organisation(name="Astana Cluster Office")
    business = new_organisation(name="Kaluga Plant", state="RU", region="RU-KLU")
    cluster = new_cluster(management)
    services.add_cluster_member(cluster.id, management.id, "intermediary", "test")
    services.add_cluster_member(cluster.id, business.id, "business", "test")
    return cluster, management, business


@pytest.mark.usefixtures("in_request")
class TestServices:
    def test_changing_a_members_role_saves_it_and_writes_the_audit_entry(self, led):
        cluster, _management, business = led
        services.change_member_role(cluster.id, business.id, "academia", "manager@example.org")
        assert _members(cluster)[business.id] == "academia"
        entry, = _entries("cluster.member_role")
        assert entry.object == f"cluster:{cluster.id}"
        assert entry.data == {"organisation": f"organisation:{business.id}",
                              "helix_role": "academia", "previous": "business"}

    def test_the_same_role_again_writes_nothing(self, led):
        cluster, _management, business = led
        services.change_member_role(cluster.id, business.id, "business", "test")
        assert _entries("cluster.member_role") == []

    def test_an_unknown_role_is_refused_and_changes_nothing(self, led):
        cluster, _management, business = led
        with pytest.raises(ValidationError) as raised:
            services.change_member_role(cluster.id, business.id, "wizard", "test")
        assert raised.value.fields["helix_role"] == ["Unknown helix role: wizard"]
        assert _members(cluster)[business.id] == "business"

    def test_a_role_of_an_organisation_outside_the_cluster_is_not_found(self, led):
        cluster, _management, _business = led
        outsider = new_organisation(name="Outsider")
        with pytest.raises(NotFound):
            services.change_member_role(cluster.id, outsider.id, "business", "test")

    def test_removing_a_member_deletes_it_and_writes_the_audit_entry(self, led):
        cluster, management, business = led
        services.remove_cluster_member(cluster.id, business.id, "test")
        assert _members(cluster) == {management.id: "intermediary"}
        entry, = _entries("cluster.member_remove")
        assert entry.data == {"organisation": f"organisation:{business.id}",
                              "helix_role": "business"}

    def test_the_management_organisation_cannot_be_removed(self, led):
        cluster, management, business = led
        with pytest.raises(ConflictError) as raised:
            services.remove_cluster_member(cluster.id, management.id, "test")
        assert raised.value.message.startswith("Astana Cluster Office manages the cluster and "
                                               "stays a member.")
        assert set(_members(cluster)) == {management.id, business.id}
        assert _entries("cluster.member_remove") == []

    def test_a_new_management_organisation_becomes_a_member_with_the_role_of_its_kind(
            self, led):
        cluster, management, business = led
        university = new_organisation(name="Karaganda University", kind="university")
        services.update_cluster(cluster.id, {"management_organisation_id": university.id},
                                cluster.version, "manager@example.org")
        assert _members(cluster) == {management.id: "intermediary", business.id: "business",
                                     university.id: "academia"}  # the previous one stays
        entry, = _management_added()
        assert entry.object == f"cluster:{cluster.id}" and entry.actor == "manager@example.org"
        assert entry.data == {"organisation": f"organisation:{university.id}",
                              "helix_role": "academia", "reason": "management_organisation"}
        with pytest.raises(ConflictError):  # now the rule holds for the new one
            services.remove_cluster_member(cluster.id, university.id, "test")
        services.remove_cluster_member(cluster.id, management.id, "test")  # no longer manages

    def test_a_member_made_management_organisation_keeps_its_role(self, led):
        cluster, management, business = led
        services.update_cluster(cluster.id, {"management_organisation_id": business.id},
                                cluster.version, "test")
        assert cluster.management_organisation_id == business.id
        assert _members(cluster) == {management.id: "intermediary", business.id: "business"}
        services.update_cluster(cluster.id, {"name": "Renamed cluster"}, cluster.version, "test")
        assert _management_added() == []

    def test_a_refused_change_of_management_adds_no_member(self, led):
        cluster, management, business = led
        government = new_organisation(name="Akimat", kind="government")
        with pytest.raises(ValidationError):
            services.update_cluster(cluster.id, {"management_organisation_id": government.id,
                                                 "name": ""}, cluster.version, "test")
        assert set(_members(cluster)) == {management.id, business.id}
        assert _management_added() == []

    def test_removing_an_organisation_that_is_not_a_member_is_not_found(self, led):
        cluster, _management, business = led
        services.remove_cluster_member(cluster.id, business.id, "test")
        with pytest.raises(NotFound):
            services.remove_cluster_member(cluster.id, business.id, "test")


@pytest.fixture
def api_cast(led):
    """Published, so that a stranger sees the cluster (and is refused, not left in the dark)."""
    cluster, management, business = led
    moderation.publish_cluster(cluster.id, "test")
    cast = {"cluster": cluster, "management": management, "business": business,
            "manager": make_user(f"cluster_manager:{cluster.id}", password=None),
            "secretariat": make_user("secretariat", password=None),
            "stranger": make_user(f"cluster_manager:{cluster.id + 1000}", password=None),
            "nobody": make_user(password=None)}
    db.session.commit()
    return cast


def _path(cast, organisation_id=None) -> str:
    organisation_id = organisation_id or cast["business"].id
    return f"/api/v1/clusters/{cast['cluster'].id}/members/{organisation_id}"


def test_the_api_changes_a_members_role(client, api_cast):
    response = client.patch(_path(api_cast), json={"helix_role": "government"},
                            headers=bearer(api_cast["manager"]))
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"cluster_id": api_cast["cluster"].id,
                                   "organisation_id": api_cast["business"].id,
                                   "name": "Kaluga Plant", "state": "RU",
                                   "region": "RU-KLU", "helix_role": "government",
                                   "manages": False, "coordinator": False}
    assert _members(api_cast["cluster"])[api_cast["business"].id] == "government"


def test_the_api_refuses_a_bad_role_change(client, api_cast):
    headers = bearer(api_cast["manager"])
    db.session.commit()
    wrong = client.patch(_path(api_cast), json={"helix_role": "wizard"},
                         headers={**headers, "Accept-Language": "en"})
    assert wrong.status_code == 422
    assert wrong.get_json()["error"]["fields"]["helix_role"] == ["Unknown helix role: wizard"]
    assert client.patch(_path(api_cast), json={}, headers=headers).status_code == 422
    assert client.patch(_path(api_cast), json={"helix_role": "business", "x": 1},
                        headers=headers).status_code == 422
    assert client.patch(_path(api_cast, 987654), json={"helix_role": "business"},
                        headers=headers).status_code == 404
    assert _members(api_cast["cluster"])[api_cast["business"].id] == "business"


def test_the_api_removes_a_member_but_not_the_management_organisation(client, api_cast):
    headers = {**bearer(api_cast["secretariat"]), "Accept-Language": "en"}
    db.session.commit()
    kept = client.delete(_path(api_cast, api_cast["management"].id), headers=headers)
    assert kept.status_code == 409
    with force_locale("en"):
        assert "manages the cluster and stays a member" in kept.get_json()["error"]["message"]
    removed = client.delete(_path(api_cast), headers=headers)
    assert removed.status_code == 204 and removed.get_data() == b""
    assert client.delete(_path(api_cast), headers=headers).status_code == 404
    assert set(_members(api_cast["cluster"])) == {api_cast["management"].id}


@pytest.mark.parametrize("who, status", [("stranger", 403), ("nobody", 403), (None, 401)])
def test_only_the_clusters_managers_and_the_secretariat_change_members_through_the_api(
        client, api_cast, who, status):
    headers = bearer(api_cast[who]) if who else {}
    db.session.commit()
    assert client.patch(_path(api_cast), json={"helix_role": "academia"},
                        headers=headers).status_code == status
    assert client.delete(_path(api_cast), headers=headers).status_code == status
    assert _members(api_cast["cluster"])[api_cast["business"].id] == "business"


def test_the_api_makes_a_new_management_organisation_a_member(client, api_cast):
    cluster = api_cast["cluster"]
    bank = new_organisation(name="Eurasian Development Bank", kind="financial")
    db.session.commit()
    response = client.patch(f"/api/v1/clusters/{cluster.id}",
                            json={"version": cluster.version, "management_organisation_id": bank.id},
                            headers=bearer(api_cast["manager"]))
    assert response.status_code == 200, response.get_json()
    assert _members(cluster)[bank.id] == "intermediary"
    headers = {**bearer(api_cast["secretariat"]), "Accept-Language": "en"}
    assert client.delete(_path(api_cast, bank.id), headers=headers).status_code == 409
