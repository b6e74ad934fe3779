"""The page of a cluster across member states: readable at 390 px and accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.registry.models import Cluster, ClusterMember
from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import visit
from tests.factories import make_organisation

pytestmark = pytest.mark.browser


def _cross_border_cluster(app) -> int:
    with app.app_context():
        university = make_organisation("BY", "BY-VI", name="Vitebsk Phone-Width University",
                                       kind="university", status="published")
        office = make_organisation("RU", "RU-SMO", name="Smolensk Phone-Width Office",
                                   status="published")
        cluster = Cluster(name="Vitebsk–Smolensk devices at phone width", state_code="BY",
                          region_code="BY-VI", language="en", status="published",
                          management_organisation_id=university.id,
                          classification="cross_border")
        cluster.members = [ClusterMember(organisation_id=university.id, helix_role="academia"),
                           ClusterMember(organisation_id=office.id, helix_role="intermediary",
                                         manages=True)]
        db.session.add(cluster)
        db.session.commit()
        return cluster.id


def test_a_cluster_across_states_fits_a_phone(page, live_server):
    cluster_id = _cross_border_cluster(live_server.app)
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, f"/clusters/{cluster_id}")
    expect(page.locator("#cluster-classification")).to_have_text("Cross-border")
    expect(page.locator("#cluster-border-pairs")).to_have_text(
        "Vitebsk Region (Belarus) — Smolensk Oblast (Russia)")
    expect(page.get_by_role("heading", level=3, name="Russia")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
