"""What a visitor reads on a page, the API serves without a token: a published organisation or
cluster; an unpublished one answers 404 to an anonymous caller."""

from __future__ import annotations

from portal.extensions import db
from portal.registry.models import ProfileStatus
from portal.registry.services import create_cluster
from tests.factories import make_organisation


def test_anyone_reads_a_published_organisation_and_no_one_anonymous_an_unpublished_one(
        client, session):
    published = make_organisation(name="Kazan Optics", status=ProfileStatus.PUBLISHED)
    pending = make_organisation(name="Pending Optics", status=ProfileStatus.PENDING)
    db.session.commit()
    response = client.get(f"/api/v1/organisations/{published.id}")
    assert response.status_code == 200
    assert response.get_json()["name"] == "Kazan Optics"
    assert client.get(f"/organisations/{published.id}").status_code == 200  # as its page
    assert client.get(f"/api/v1/organisations/{pending.id}").status_code == 404
    assert client.get("/api/v1/organisations/999999").status_code == 404


def test_anyone_reads_a_published_cluster_with_its_published_members_only(client, session):
    manager = make_organisation(name="Cluster Manager Ltd", status=ProfileStatus.PUBLISHED)
    cluster = create_cluster(name="Kaluga Pharma Cluster", state="RU", region="RU-KLU",
                             language="en", management_organisation_id=manager.id, actor="test")
    hidden = create_cluster(name="Hidden Cluster", state="RU", region="RU-KLU", language="en",
                            management_organisation_id=manager.id, actor="test")
    cluster.status = ProfileStatus.PUBLISHED
    hidden.status = ProfileStatus.PENDING
    db.session.commit()
    response = client.get(f"/api/v1/clusters/{cluster.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["name"] == "Kaluga Pharma Cluster" and body["status"] == "published"
    assert client.get(f"/api/v1/clusters/{hidden.id}").status_code == 404
