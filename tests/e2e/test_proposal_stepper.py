"""The proposal page's stepper and its history in sentences, at 1,280 and 390 px: the current
step is marked for assistive technology and in words, who acts next is named, the steps stack
inside the narrow screen, and axe finds nothing serious."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from portal.core.db import utcnow
from portal.extensions import db
from portal.proposals import services
from portal.proposals.models import StatusChange
from portal.proposals.workflow import ProposalStatus
from portal.registry.models import ProfileStatus
from tests.e2e.conftest import Person
from tests.e2e.steps import sign_in, visit
from tests.factories import make_call, make_organisation, make_user

pytestmark = pytest.mark.browser
LEAD = "Bryansk Optics Cluster Member"


@pytest.fixture(scope="module")
def in_review(live_server):
    """A proposal in expert review, with the history of how it got there; its lead's member."""
    with live_server.app.app_context():
        call = make_call(currency="RUB", max_grant=Decimal("20000000"))
        lead = make_organisation("RU", "RU-SMO", name=LEAD, status=ProfileStatus.PUBLISHED)
        partner = make_organisation("BY", "BY-VI", name="Vitebsk Optics Partner",
                                    status=ProfileStatus.PUBLISHED)
        manager = make_user(f"org_member:{lead.id}", "cluster_manager:1",
                            email="stepper.manager@example.org")
        proposal = services.create_proposal({
            "call_id": call.id, "title": "Lenses across the border", "acronym": "LENSX",
            "summary": "Joint lens moulding.", "work_plan": "Two work packages.",
            "technology_fields": ["pharmaceuticals_biotech_medical"], "duration_months": 24,
            "lead_organisation_id": lead.id,
            "partners": [{"organisation_id": lead.id, "cofinancing_rate": "0.3", "budget": []},
                         {"organisation_id": partner.id, "cofinancing_rate": "0.3",
                          "budget": []}],
            "indicators": [], "milestones": []}, manager)
        start = utcnow() - timedelta(days=3)
        moves = [(ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, "submit", manager),
                 (ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE, "mark_eligible", None),
                 (ProposalStatus.ELIGIBLE, ProposalStatus.IN_REVIEW, "start_review", None)]
        for day, (source, target, action, actor) in enumerate(moves):
            db.session.add(StatusChange(proposal_id=proposal.id, from_status=source,
                                        to_status=target, action=action, actor=actor,
                                        at=start + timedelta(days=day)))
        proposal.status = ProposalStatus.IN_REVIEW
        db.session.commit()
        return f"/proposals/{proposal.id}", Person(manager.email), manager.name


@pytest.mark.parametrize("width", [1280, 390])
def test_the_stepper_marks_where_the_proposal_is_and_who_acts_next(page, in_review, width):
    path, manager, name = in_review
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, manager)
    visit(page, path)
    stepper = page.locator("ol.stepper")
    expect(stepper.locator("li")).to_have_count(6)
    current = stepper.locator('li[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Expert review")
    expect(current).to_contain_text("Now: In expert review")
    expect(current.locator(".next-actor")).to_contain_text("Who acts next: Experts")
    expect(stepper.locator("li.step-done")).to_have_count(2)
    expect(stepper.locator("li.step-done").first).to_contain_text("Done: ")
    box = stepper.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    history = page.locator("ol.history li")
    expect(history).to_have_count(3)
    expect(history.first).to_contain_text(f"Submitted by {name} ({LEAD}), ")
    expect(history.nth(2)).to_contain_text("Sent to independent experts for review, ")
