"""Published clusters per classification in the statistics: the API's ``clusters`` and the
page's table beside its chart. A cluster is classified from its members' regions (written
here directly; the membership services keep it current)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.reference.queries import classify_regions
from portal.registry.models import Cluster, ClusterInvitation, ClusterMember
from tests.factories import make_call, make_organisation


def cluster_in(*regions: str, status: str = "published") -> Cluster:
    members = [make_organisation(region.partition("-")[0], region, status="published")
               for region in regions]
    coordinator = members[0]
    cluster = Cluster(name=f"Cluster of {', '.join(regions)}", state_code=coordinator.state_code,
                      region_code=coordinator.region_code, language="en", status=status,
                      management_organisation_id=coordinator.id,
                      classification=str(classify_regions(regions).classification))
    cluster.members = [ClusterMember(organisation_id=m.id, helix_role="business") for m in members]
    db.session.add(cluster)
    db.session.flush()
    return cluster


@pytest.fixture
def clusters(session):
    made = {
        "devices": cluster_in("BY-VI", "RU-SMO"),
        "chemistry": cluster_in("KZ-55", "RU-ALT"),
        "trials": cluster_in("RU-KLU", "BY-VI"),
        "kaluga": cluster_in("RU-KLU", "RU-KLU"),
        "pending": cluster_in("AM-ER", "RU-SPE", status="pending"),
    }
    # An invitation to Armenia that nobody accepted leaves the devices cluster cross-border.
    db.session.add(ClusterInvitation(cluster_id=made["devices"].id, helix_role="business",
                                     organisation_id=make_organisation("AM", "AM-ER").id))
    session.commit()
    return made


def test_the_api_counts_published_clusters_per_classification(client, clusters):
    assert [clusters[name].classification for name in ("devices", "chemistry", "trials")] == [
        "cross_border", "cross_border", "transnational"]
    body = client.get("/api/v1/statistics").get_json()
    assert body["clusters"] == {"cross_border": 2, "transnational": 1, "national": 1}


def test_the_clusters_do_not_depend_on_the_call(client, clusters):
    call = make_call()
    db.session.commit()
    body = client.get(f"/api/v1/statistics?call={call.id}").get_json()
    assert body["clusters"] == {"cross_border": 2, "transnational": 1, "national": 1}


def test_no_cluster_counts_zero_of_each_kind(client, session):
    body = client.get("/api/v1/statistics").get_json()
    assert body["clusters"] == {"cross_border": 0, "transnational": 0, "national": 0}


def test_the_page_shows_them_as_a_chart_and_a_table(client, clusters):
    page = client.get("/statistics", headers={"Accept-Language": "en"}).get_data(as_text=True)
    section = page.split('id="clusters-kind-heading"')[1].split("</section>")[0]
    assert '<title id="chart-cluster-classification-title">Published clusters per kind of cluster' in section
    for kind, number in (("Cross-border", 2), ("Transnational", 1), ("National", 1)):
        assert f'<tr><th scope="row">{kind}</th><td>{number}</td></tr>' in section
