"""The home page's picture of the member states, their clusters and the links between them:
its figures are the data's, and the same figures stand in tables after it."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.registry.models import Cluster, ClusterMember
from portal.statistics.charts import network_chart
from portal.statistics.links import cooperation_map
from tests.factories import make_approved_proposal, make_organisation, make_project


def cluster_of(*organisations, status: str = "published") -> Cluster:
    coordinator = organisations[0]
    cluster = Cluster(name=f"Cluster {coordinator.name}", state_code=coordinator.state_code,
                      region_code=coordinator.region_code, language="en", status=status,
                      management_organisation_id=coordinator.id, classification="national")
    cluster.members = [ClusterMember(organisation_id=o.id, helix_role="business")
                       for o in organisations]
    db.session.add(cluster)
    db.session.flush()
    return cluster


@pytest.fixture
def links(session):
    """Russia: two published clusters (one with a Belarusian member, one with a Belarusian and
    a Kazakh member) and a pending one with an Armenian member; Kazakhstan: one published
    cluster with no member abroad. One funded project of Russian and Belarusian partners."""
    ru, ru2 = make_organisation("RU", "RU-KLU"), make_organisation("RU", "RU-SMO")
    by, kz, am = make_organisation("BY", "BY-VI"), make_organisation("KZ", "KZ-55"), \
        make_organisation("AM", "AM-ER")
    cluster_of(ru, by)
    cluster_of(ru2, by, kz)
    cluster_of(ru, am, status="pending")
    cluster_of(kz)
    make_project(make_approved_proposal(partners=[ru, by]))
    session.commit()


def link_figures(cooperation) -> dict:
    return {(link.first, link.second): (link.clusters, link.projects)
            for link in cooperation.links}


def test_the_map_counts_published_clusters_and_links_per_pair(app, links):
    with app.test_request_context():
        cooperation = cooperation_map("en")
    assert {s.code: s.clusters for s in cooperation.states} == {
        "AM": 0, "BY": 0, "KZ": 1, "KG": 0, "RU": 2}
    assert [s.name for s in cooperation.states] == [
        "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia"]
    assert link_figures(cooperation) == {("BY", "RU"): (2, 1), ("BY", "KZ"): (1, 0),
                                         ("KZ", "RU"): (1, 0)}
    assert cooperation.links[0].weight == 3  # the heaviest first


def test_with_no_data_the_map_has_five_states_and_no_link(app, session):
    with app.test_request_context():
        cooperation = cooperation_map("ru")
    assert [(s.name, s.clusters) for s in cooperation.states][-1] == ("Россия", 0)
    assert cooperation.links == []


def rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S).group(1)
    body = table.split("<tbody>")[1]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_home_page_draws_the_picture_with_its_figures_as_tables(client, links):
    html = client.get("/", headers={"Accept-Language": "en"}).text
    svg = re.search(r'<svg[^>]*aria-labelledby="chart-cooperation-title[^"]*"[^>]*>', html)
    assert svg, "no named picture"
    assert 'role="img"' in svg.group(0)
    assert ('<title id="chart-cooperation-title">Member states, their clusters and the links '
            'between them</title>') in html
    assert "Russia: 2 published clusters" in html and "Kazakhstan: 1 published cluster<" in html
    assert "Belarus – Russia: clusters with members in both: 2; joint projects: 1" in html
    assert rows(html, "cooperation-states") == [
        ["Armenia", "0"], ["Belarus", "0"], ["Kazakhstan", "1"], ["Kyrgyzstan", "0"],
        ["Russia", "2"]]
    assert rows(html, "cooperation-links") == [
        ["Belarus – Russia", "2", "1", "3"], ["Belarus – Kazakhstan", "1", "0", "1"],
        ["Kazakhstan – Russia", "1", "0", "1"]]


def test_the_home_page_names_the_states_in_the_page_language(client, links):
    html = client.get("/", headers={"Accept-Language": "kk"}).text
    assert ">Қазақстан</text>" in html
    assert ["Ресей", "2"] in rows(html, "cooperation-states")


def test_the_network_chart_draws_a_line_per_link_and_a_circle_per_node():
    svg = str(network_chart("chart-x", "T", [("RU", "Russia", 2, "r"), ("BY", "Belarus", 0, "b"),
                                            ("XX", "<Elsewhere>", 1, "x")],
                            [("BY", "RU", 3, "by-ru"), ("RU", "ZZ", 1, "unknown")], "en"))
    assert svg.count("<circle") == 3 and svg.count("<line") == 1
    assert "&lt;Elsewhere&gt;" in svg and "<Elsewhere>" not in svg
    assert 'viewBox="0 0 360 300"' in svg and 'role="img"' in svg
