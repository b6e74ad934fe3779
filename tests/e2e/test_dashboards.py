"""Each role's dashboard: what is waiting for the user; and the administrator's outbox."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import sign_in

pytestmark = pytest.mark.browser

DASHBOARDS = {
    "secretariat_dashboard": ("Secretariat", ["Moderate the profile of Pavlodar Machine Works"]),
    "contact_point": ("National contact point: Kazakhstan",
                      ["Moderate the profile of Pavlodar Machine Works"]),
    "council_member": ("Council member: Russia", []),
}


@pytest.mark.parametrize("person", list(DASHBOARDS))
def test_dashboard_shows_what_is_waiting_for_the_role(page, live_server, person):
    role, items = DASHBOARDS[person]
    sign_in(page, live_server.people[person])
    expect(page.get_by_role("region", name="My roles")).to_contain_text(role)
    waiting = page.get_by_role("region", name="Waiting for me")
    expect(waiting.get_by_role("heading", level=2)).to_have_text("Waiting for me")
    if items:
        # other browser tests may leave more work for the same people (an endorsement, say)
        for item in items:
            expect(waiting.get_by_role("listitem").filter(has_text=item)).to_have_count(1)
    else:
        expect(waiting).to_contain_text("Nothing is waiting for you.")


def test_organisation_member_sees_the_organisation_and_the_profile_page(page, live_server):
    sign_in(page, live_server.people["org_member"])
    expect(page.get_by_role("region", name="My roles")).to_contain_text("Organisation member")
    expect(page.get_by_role("region", name="Waiting for me")).to_contain_text("Nothing is waiting for you.")
    expect(page.get_by_role("region", name="My organisations")).to_contain_text(
        live_server.published_organisation)

    page.get_by_role("link", name="Profile").click()
    page.wait_for_url("**/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text("Profile")
    assert_accessible(page)


def test_admin_reads_the_outbox_and_a_message(page, live_server):
    sign_in(page, live_server.people["admin"])
    expect(page.get_by_role("region", name="Waiting for me").get_by_role("listitem")).to_have_text(
        ["E-mails that could not be delivered: 1"])

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    page.wait_for_url("**/admin/outbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    table = page.get_by_role("table", name="E-mail messages, newest first")
    # the seeded messages (other browser tests may have written more mail before this one)
    expect(table.get_by_role("row", name=live_server.logged_subject)).to_have_count(1)
    expect(table.get_by_role("row", name="Приглашение")).to_contain_text("Not delivered")
    assert_accessible(page)

    table.get_by_role("link", name=live_server.logged_subject).click()
    page.wait_for_url("**/admin/outbox/*")
    expect(page.get_by_role("heading", level=1)).to_have_text(live_server.logged_subject)
    expect(page.locator("pre.mail-body")).to_have_text("Hello.")
    assert_accessible(page)


def test_contact_point_opens_the_invitation_pages(page, live_server):
    sign_in(page, live_server.people["inviter"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invitations").click()
    page.wait_for_url("**/invitations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations you have sent")
    assert_accessible(page)

    page.get_by_role("link", name="Invite someone").click()
    page.wait_for_url("**/invitations/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone")
    expect(page.get_by_label("Role")).to_be_visible()
    assert_accessible(page)
