"""Each role's dashboard: what is waiting for the user, the charts of a contact point, a co-funder
and an expert with their tables at a phone's and a desktop's width; and the administrator's
outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.core.db import utcnow
from portal.extensions import db
from portal.review.models import Assignment
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import DESKTOP_WIDTH, PHONE_WIDTH, Person
from tests.e2e.steps import sign_in, tab_to
from tests.factories import make_call, make_envelope, make_organisation, make_proposal, make_user

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
        # nothing but the votes other browser tests' sessions may have opened for the same seat
        expect(waiting.get_by_role("listitem").filter(has_not_text="Vote on ")).to_have_count(0)


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


@pytest.fixture(scope="module")
def charted(live_server) -> dict[str, Person]:
    """A co-funder of a call's Kazakh envelope, an expert with two assignments, and a contact
    point of Kazakhstan (whose organisations the session's data holds)."""
    with live_server.app.app_context():
        agency = make_organisation("KZ", "KZ-35", name="Karaganda Development Agency",
                                   status="published")
        call = make_call(title="Charted call", budget=None)
        make_envelope(call, "KZ", agency, amount="9000000", currency="KZT")
        expert = make_user("expert", email="charted_expert@example.org")
        for status in ("accepted", "submitted"):
            db.session.add(Assignment(proposal_id=make_proposal(call=call).id,
                                      expert_id=expert.id, status=status,
                                      due_at=utcnow() + timedelta(days=20)))
        people = {"co_funder": make_user(f"co_funder:{agency.id}",
                                         email="charted_cofunder@example.org"),
                  "expert": expert,
                  "contact_point": make_user("contact_point:KZ",
                                             email="charted_contact@example.org")}
        db.session.commit()
        return {name: Person(user.email) for name, user in people.items()}


CHARTS = {"contact_point": ("Organisations and clusters of my state",
                            "Organisations and clusters per moderation status"),
          "co_funder": ("My national envelopes", "My national envelopes, per call, in KZT"),
          "expert": ("My assignments", "My assignments per status")}


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
@pytest.mark.parametrize("person", list(CHARTS))
def test_the_roles_chart_has_its_table_a_keyboard_opens(page, screenshot, charted, person, width):
    heading, chart = CHARTS[person]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, charted[person])
    region = page.get_by_role("region", name=heading)
    expect(region.get_by_role("img", name=chart)).to_be_visible()
    summary = region.locator("summary")
    tab_to(page, summary, f"the table of the chart “{chart}”")
    page.keyboard.press("Enter")
    expect(region.get_by_role("table")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    screenshot(person)
