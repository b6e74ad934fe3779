"""The moderation queue in the browser: a contact point publishes a pending profile."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.registry.models import Organisation
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import Person
from tests.e2e.steps import sign_in, visit
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def armenian_profile(live_server):
    """A pending profile in a state no other browser test moderates, and its contact point;
    published by the test, so the other tests' counts of pending profiles are unchanged."""
    with live_server.app.app_context():
        organisation = make_organisation(state="AM", region="AM-ER", name="Yerevan Biotech Lab",
                                         kind="research_institute", offers=["Cell lines"],
                                         nace_codes=["72.11"])
        make_user(f"org_admin:{organisation.id}", email="yerevan-owner@example.org")
        moderator = Person(make_user("contact_point:AM", email="contact-am@example.org").email)
        organisation_id = organisation.id
        db.session.commit()
        db.session.remove()  # no open transaction: on SQLite it would hold the write lock
    return organisation_id, moderator


def test_contact_point_publishes_a_pending_profile_from_the_queue(page, live_server, armenian_profile):
    organisation_id, moderator = armenian_profile
    sign_in(page, moderator)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation").click()
    page.wait_for_url("**/moderation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    assert_accessible(page)

    queue = page.get_by_role("region", name="Organisations waiting for moderation")
    expect(queue.get_by_role("listitem")).to_have_count(1)
    expect(queue).to_contain_text("Yerevan Biotech Lab")
    queue.get_by_role("button", name="Publish Yerevan Biotech Lab").click()
    page.wait_for_url("**/moderation")
    expect(page.get_by_role("status").filter(has_text="is published")).to_contain_text(
        "Yerevan Biotech Lab is published; its owners are told by e-mail.")
    expect(queue).to_contain_text("No organisation is waiting.")
    assert_accessible(page)

    with live_server.app.app_context():
        assert db.session.get(Organisation, organisation_id).status == "published"
        db.session.remove()
    page.context.clear_cookies()
    visit(page, f"/organisations/{organisation_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Yerevan Biotech Lab")
    expect(page.get_by_role("region", name="Offers")).to_contain_text("Cell lines")
