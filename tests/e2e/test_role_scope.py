"""The scope of a role on the administrator's grant form follows the role: with the script only
the control the chosen role needs is shown (a member-state list, an organisation or a cluster
picker), none for a role without a scope; the cluster is picked by keyboard from part of its
name typed in lower case, and axe finds nothing serious along the way."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.registry.models import Cluster
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import Person
from tests.e2e.steps import sign_in, visit
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.browser

CLUSTER = "Смоленский фармацевтический кластер"


@dataclass(frozen=True)
class ScopeCast:
    admin: Person
    target_id: int
    cluster_id: int


@pytest.fixture(scope="module")
def cast(live_server) -> ScopeCast:
    with live_server.app.app_context():
        admin = make_user("admin", email="scope.admin@example.org", with_totp=True)
        target = make_user(email="scope.target@example.org")
        manager = make_organisation("RU", "RU-SMO", name="Смоленский фармзавод", status="published")
        cluster = Cluster(name=CLUSTER, state_code="RU", region_code="RU-SMO", language="ru",
                          status="published", management_organisation_id=manager.id)
        db.session.add(cluster)
        db.session.commit()
        return ScopeCast(Person(admin.email, admin.totp_secret), target.id, cluster.id)


def test_the_scope_follows_the_role_and_a_cluster_is_picked_by_keyboard(page, live_server, cast):
    sign_in(page, cast.admin)
    visit(page, f"/admin/users/{cast.target_id}")
    role = page.get_by_label("Role", exact=True)
    state = page.get_by_label("Member state", exact=True)
    organisation = page.get_by_role("combobox", name="Organisation", exact=True)
    cluster = page.get_by_role("combobox", name="Cluster", exact=True)

    role.select_option("council_member")
    expect(state).to_be_visible()
    expect(organisation).to_be_hidden()
    expect(cluster).to_be_hidden()
    expect(page.get_by_text("Fill in only the one the chosen role needs")).to_be_hidden()

    role.select_option("expert")
    expect(page.get_by_role("group", name="Scope")).to_be_hidden()

    role.focus()
    page.keyboard.type("Cluster manager")  # a closed list takes the option typed
    expect(role).to_have_value("cluster_manager")
    expect(cluster).to_be_visible()
    expect(state).to_be_hidden()
    expect(organisation).to_be_hidden()
    assert_accessible(page)

    page.keyboard.press("Tab")
    expect(cluster).to_be_focused()
    page.keyboard.type("смоленский")
    listbox = page.get_by_role("listbox", name="Cluster")
    expect(listbox.get_by_role("option").first).to_contain_text(CLUSTER)
    expect(cluster).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(cluster).to_have_value(CLUSTER)
    expect(page.locator("input[type=hidden][name=cluster]")).to_have_value(str(cast.cluster_id))

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Grant the role")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"Cluster manager: {CLUSTER}")
    assert_accessible(page)


def test_a_missing_scope_is_told_in_the_summary_and_its_link_reaches_the_control(
        page, live_server, cast):
    sign_in(page, cast.admin)
    visit(page, f"/admin/users/{cast.target_id}")
    page.get_by_label("Role", exact=True).select_option("org_member")
    with page.expect_navigation():
        page.get_by_role("button", name="Grant the role").click()
    summary = page.locator(".error-summary")
    link = summary.get_by_role("link", name="Organisation — Choose an organisation.")
    expect(link).to_be_visible()
    assert_accessible(page)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("combobox", name="Organisation", exact=True)).to_be_focused()
