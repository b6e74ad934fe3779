"""A cluster manager's dashboard draws their clusters' members per member state, with the same
figures in a table."""

from __future__ import annotations

import re

from portal.extensions import db
from portal.registry.models import Cluster, ClusterMember
from tests.factories import make_organisation, make_user
from tests.pages import signed_in


def test_the_dashboard_charts_the_members_of_my_clusters_per_state(app, session):
    omsk = make_organisation("RU", "RU-OMS", name="Omsk Catalyst Works")
    members = [omsk, make_organisation("RU", "RU-OMS"), make_organisation("KZ", "KZ-55")]
    cluster = Cluster(name="Irtysh Chemistry Cluster", state_code="RU", region_code="RU-OMS",
                      language="ru", management_organisation_id=omsk.id,
                      members=[ClusterMember(organisation_id=o.id, helix_role="business")
                               for o in members])
    db.session.add(cluster)
    db.session.flush()
    user = make_user(f"cluster_manager:{cluster.id}")
    db.session.commit()
    page = signed_in(app, user).get("/dashboard").get_data(as_text=True)
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="chart-my-clusters-title', page)
    assert "Irtysh Chemistry Cluster, Russia: 2" in page and "Irtysh Chemistry Cluster, Kazakhstan: 1" in page
    table = page[page.index('<table id="my-clusters-members">'):]
    table = table[:table.index("</table>")]
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == [
        "Cluster", "Kazakhstan", "Russia", "Total"]
    assert re.findall(r"<td>([^<]+)</td>", table) == ["1", "2", "3"]
    assert '<th scope="row" lang="ru">Irtysh Chemistry Cluster</th>' in table


def test_without_clusters_the_dashboard_draws_no_cluster_chart(app, session):
    user = make_user()
    db.session.commit()
    page = signed_in(app, user).get("/dashboard").get_data(as_text=True)
    assert "chart-my-clusters" not in page
