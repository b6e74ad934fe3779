"""A cluster's partner suggestions in the browser: from the cluster's page, with the keyboard
alone, on a 390 px phone, each suggestion naming the member whose need it meets."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.registry.models import Cluster, ClusterMember, ProfileStatus
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import Person
from tests.e2e.matching_data import (
    ACROSS_THE_BORDER,
    PARTNER_OFFER,
    SEEKER,
    SEEKER_NEED,
    add_matching_profiles,
)
from tests.e2e.steps import sign_in, tab_to, visit

pytestmark = pytest.mark.browser

CLUSTER = "Bryansk Medical Cluster"


@pytest.fixture(scope="module")
def cluster(live_server):
    with live_server.app.app_context():
        seeker_id, email = add_matching_profiles()
        cluster = Cluster(name=CLUSTER, state_code="RU", region_code="RU-BRY", language="en",
                          management_organisation_id=seeker_id, status=ProfileStatus.PUBLISHED)
        db.session.add(cluster)
        db.session.flush()
        db.session.add(ClusterMember(cluster_id=cluster.id, organisation_id=seeker_id,
                                     helix_role="business", manages=True))
        db.session.commit()
        return cluster.id, email


def test_a_member_reaches_the_clusters_suggestions_with_the_keyboard_on_a_phone(page, cluster):
    cluster_id, email = cluster
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, Person(email))
    visit(page, f"/clusters/{cluster_id}")
    link = page.get_by_role("link", name="See suggested partners for the cluster in other member states")
    tab_to(page, link, "the cluster's suggestions link", presses=60)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clusters/{cluster_id}/matches")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Partner suggestions for the cluster {CLUSTER}")
    first = page.locator("ol.matches > li").first
    expect(first.get_by_role("heading", level=2)).to_have_text(ACROSS_THE_BORDER)
    expect(first.get_by_role("listitem").first).to_have_text(
        f"offers “{PARTNER_OFFER}”, which meets the need of {SEEKER} for “{SEEKER_NEED}”")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
