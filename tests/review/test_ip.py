"""Experts read the proposal's IP section once they accept with the declaration, like the rest
of the content, on the assignment's page and in its JSON; not before."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts import tokens
from portal.extensions import db
from portal.proposals.models import BackgroundIp
from portal.review import panels, services
from portal.review.models import Assignment
from tests.pages import signed_in
from tests.review.support import eligible_proposal, make_panel_pool


@pytest.fixture(autouse=True)
def no_tasks(monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda name, *args: None)


@pytest.fixture
def assignment(session):
    make_panel_pool()
    proposal = eligible_proposal(ip_results_ownership="creator",
                                 ip_access_rights="Secret access terms")
    owner = proposal.partners[1].organisation
    proposal.background_ip = [BackgroundIp(organisation_id=owner.id, title="Secret protocols",
                                           kind="know_how", terms="Licensed at cost",
                                           position=1)]
    panels.assign_experts(proposal.id)
    first = db.session.scalars(select(Assignment).where(
        Assignment.proposal_id == proposal.id).order_by(Assignment.id)).first()
    db.session.commit()
    return first


def test_the_assignment_page_shows_the_ip_section_only_after_accepting(app, assignment):
    browser = signed_in(app, assignment.expert)
    before = browser.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert "Secret protocols" not in before and "Secret access terms" not in before
    assert browser.post(f"/review/assignments/{assignment.id}/accept",
                        data={"no_conflict": "y"}).status_code == 302
    after = browser.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert "Intellectual property" in after and "Secret protocols" in after
    assert "Know-how" in after and "Licensed at cost" in after
    assert "By the partner that creates them" in after and "Secret access terms" in after


def test_the_assignment_json_has_the_ip_section_only_after_accepting(client, assignment):
    _row, token = tokens.create_token(assignment.expert, "test", assignment.expert)
    db.session.commit()
    head = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    url = f"/api/v1/assignments/{assignment.id}"
    assert "ip" not in client.get(url, headers=head).get_json()["proposal"]
    accepted = client.post(f"{url}/accept", json={"no_conflict": True}, headers=head)
    section = accepted.get_json()["proposal"]["ip"]
    assert section["results_ownership"] == "creator"
    assert section["access_rights"] == "Secret access terms"
    assert [(row["title"], row["kind"], row["terms"]) for row in section["background"]] == [
        ("Secret protocols", "know_how", "Licensed at cost")]
