"""Clusters filtered and faceted by their classification (cross-border, transnational,
national) in the search API and on the search page; organisation search is as before."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.reference.queries import classify_regions
from portal.registry import services as registry
from portal.registry.models import Cluster, ClusterMember
from portal.search.documents import cluster_document
from portal.search.indexing import attribute_terms
from portal.search.services import reindex
from tests.factories import make_organisation
from tests.search.helpers import indexed_organisation


def indexed_cluster(name: str, *regions: str) -> Cluster:
    """A published cluster of members in ``regions`` (the first coordinates), classified from
    them and indexed."""
    members = [make_organisation(region.partition("-")[0], region, status="published")
               for region in regions]
    cluster = Cluster(name=name, state_code=members[0].state_code,
                      region_code=members[0].region_code, language="en", status="published",
                      description="Medical devices", management_organisation_id=members[0].id,
                      classification=str(classify_regions(regions).classification))
    cluster.members = [ClusterMember(organisation_id=m.id, helix_role="business") for m in members]
    db.session.add(cluster)
    db.session.flush()
    reindex("cluster", cluster.id)
    return cluster


@pytest.fixture
def clusters(session):
    made = {"devices": indexed_cluster("Vitebsk Smolensk devices", "BY-VI", "RU-SMO"),
            "trials": indexed_cluster("Kaluga Vitebsk trials", "RU-KLU", "BY-VI"),
            "kaluga": indexed_cluster("Kaluga devices", "RU-KLU", "RU-KLU")}
    indexed_organisation(name="Minsk Devices", state="BY", region="BY-MI",
                         description="Medical devices")
    session.commit()
    return made


def test_a_cluster_document_carries_its_classification(clusters):
    assert "class:cross_border" in attribute_terms(cluster_document(clusters["devices"].id))
    assert "class:national" in attribute_terms(cluster_document(clusters["kaluga"].id))


def test_the_api_filters_clusters_by_classification(client, clusters):
    body = client.get("/api/v1/search?classification=cross_border").get_json()
    assert [(item["type"], item["name"]) for item in body["items"]] == [
        ("cluster", "Vitebsk Smolensk devices")]
    assert body["items"][0]["profile"]["classification"] == "cross_border"
    with_words = client.get("/api/v1/search?q=devices&classification=national").get_json()
    assert [item["name"] for item in with_words["items"]] == ["Kaluga devices"]
    assert client.get("/api/v1/search?classification=nonsense").get_json()["items"] == []


def test_the_api_counts_the_classification_facet(client, clusters):
    facets = client.get("/api/v1/search?q=kaluga", headers={"Accept-Language": "en"}
                        ).get_json()["facets"]
    assert sorted(facets["classification"], key=lambda item: item["value"]) == [
        {"value": "national", "label": "National", "count": 1},
        {"value": "transnational", "label": "Transnational", "count": 1}]
    listing = client.get("/api/v1/search?type=cluster").get_json()["facets"]
    assert {item["value"]: item["count"] for item in listing["classification"]} == {
        "cross_border": 1, "transnational": 1, "national": 1}


def test_organisation_search_ignores_the_classification(client, clusters):
    plain = client.get("/api/v1/organisations?q=devices").get_json()
    filtered = client.get("/api/v1/organisations?q=devices&classification=national").get_json()
    assert [item["name"] for item in filtered["items"]] == ["Minsk Devices"]
    assert filtered == plain and "classification" not in plain["facets"]


def test_the_search_page_filters_and_counts_by_classification(client, clusters):
    page = client.get("/search?type=cluster", headers={"Accept-Language": "en"}
                      ).get_data(as_text=True)
    assert re.search(r'<option value="cross_border"\s*>Cross-border \(1\)</option>', page)
    filtered = client.get("/search?classification=transnational",
                          headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 result found" in filtered and "Kaluga Vitebsk trials" in filtered
    assert "Vitebsk Smolensk devices" not in filtered and "Minsk Devices" not in filtered
    assert re.search(r'<option value="transnational"\s*selected>Transnational', filtered)


def test_a_member_joining_or_leaving_queues_the_clusters_reindexing(app, clusters, monkeypatch):
    """The registry stores a new classification without changing the cluster row the session
    sees; the member's own row is what tells search to index the cluster again."""
    sent = []
    monkeypatch.setattr(app.extensions["celery"], "send_task",
                        lambda name, args: sent.append((name, tuple(args))))
    cluster = clusters["devices"]
    yerevan = make_organisation("AM", "AM-ER", status="published")
    db.session.add(ClusterMember(cluster_id=cluster.id, organisation_id=yerevan.id,
                                 helix_role="business"))
    db.session.commit()
    member = db.session.scalar(select(ClusterMember).where(
        ClusterMember.organisation_id == yerevan.id))
    db.session.delete(member)
    db.session.commit()
    assert sent.count(("portal.search.tasks.index_document", ("cluster", cluster.id))) == 2


def test_reindexing_reads_a_classification_stored_behind_the_sessions_back(client, clusters):
    cluster_id = clusters["devices"].id
    db.session.execute(update(Cluster).where(Cluster.id == cluster_id)
                       .values(classification="transnational"))
    db.session.expire_all()
    reindex("cluster", cluster_id)
    db.session.commit()
    body = client.get("/api/v1/search?classification=transnational").get_json()
    assert {item["name"] for item in body["items"]} == {"Kaluga Vitebsk trials",
                                                        "Vitebsk Smolensk devices"}


def test_a_member_moving_region_re_indexes_its_cluster_with_the_new_classification(
        client, clusters, monkeypatch):
    sent = []
    monkeypatch.setattr("portal.search.services.enqueue", lambda *args: sent.append(args))
    devices = clusters["devices"]
    vitebsk = next(m.organisation for m in devices.members if m.organisation.region_code == "BY-VI")
    registry.update_organisation(vitebsk.id, {"region": "BY-MI"}, vitebsk.version, "test")
    db.session.commit()
    assert devices.classification == "transnational"
    assert ("portal.search.tasks.index_document", "cluster", devices.id) in sent
    reindex("cluster", devices.id)  # what the worker does with the task sent
    db.session.commit()
    body = client.get("/api/v1/search?classification=cross_border").get_json()
    assert [item["name"] for item in body["items"]] == []
