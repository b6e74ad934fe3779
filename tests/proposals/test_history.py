"""The status history as its reader may know it: an expert who locked the consensus report as
the rapporteur is "the rapporteur" to the applicants, in the API and on the page; the staff
still read the name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts import tokens
from portal.extensions import db
from portal.proposals.workflow import ProposalStatus
from portal.review import panels, services
from portal.review.models import Assignment
from tests.factories import make_user
from tests.pages import signed_in
from tests.review.support import eligible_proposal, make_panel_pool

SCORES = {"excellence": 4, "impact": 4, "implementation": 4}
COMMENTS = {"excellence": "Strong.", "impact": "Clear.", "implementation": "Feasible."}


@pytest.fixture(autouse=True)
def no_tasks(monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda name, *args: None)


def _token(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def locked_by_rapporteur(session):
    """A proposal whose consensus report an expert locked as the rapporteur; that expert."""
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    assignments = list(db.session.scalars(select(Assignment).where(
        Assignment.proposal_id == proposal.id).order_by(Assignment.id)))
    for assignment in assignments:
        services.accept_assignment(assignment.id, assignment.expert, True)
        services.submit_review(assignment.id, assignment.expert, SCORES, COMMENTS, "fund")
    panels.consolidate_reviews(proposal.id)
    rapporteur = assignments[0].expert
    services.designate_rapporteur(assignments[0].id, make_user("secretariat"))
    services.write_consensus_report(proposal.id, rapporteur, SCORES, "fund", "Agreed.")
    assert proposal.status == ProposalStatus.READY_FOR_COUNCIL
    db.session.commit()
    return proposal, rapporteur


def _lock_entry(items: list[dict]) -> dict:
    [entry] = [item for item in items if item["to"] == ProposalStatus.READY_FOR_COUNCIL]
    return entry


def test_an_applicant_reads_the_rapporteur_in_the_history_api_never_the_experts_name(
        client, locked_by_rapporteur):
    proposal, rapporteur = locked_by_rapporteur
    response = client.get(f"/api/v1/proposals/{proposal.id}/history",
                          headers=_token(proposal.created_by))
    assert response.status_code == 200
    assert _lock_entry(response.get_json()["items"])["actor"] == {
        "id": None, "name": "the rapporteur"}
    body = response.get_data(as_text=True)
    assert rapporteur.name not in body and rapporteur.email not in body


def test_an_applicant_reads_the_rapporteur_on_the_proposal_page_never_the_experts_name(
        app, locked_by_rapporteur):
    proposal, rapporteur = locked_by_rapporteur
    page = signed_in(app, proposal.created_by).get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    assert "Consensus report locked by the rapporteur, " in page
    assert rapporteur.name not in page and rapporteur.email not in page


def test_an_applicant_reads_the_rapporteur_in_russian(app, locked_by_rapporteur):
    proposal, rapporteur = locked_by_rapporteur
    proposal.created_by.language = "ru"
    db.session.commit()
    page = signed_in(app, proposal.created_by, "ru").get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    history = page.split('id="history-heading"')[1].split("</section>")[0]
    assert "докладчик" in history and rapporteur.name not in page


def test_the_staff_still_read_the_rapporteurs_name(app, client, locked_by_rapporteur):
    proposal, rapporteur = locked_by_rapporteur
    staff = make_user("secretariat", with_totp=True)
    db.session.commit()
    items = client.get(f"/api/v1/proposals/{proposal.id}/history",
                       headers=_token(staff)).get_json()["items"]
    assert _lock_entry(items)["actor"] == {"id": rapporteur.id, "name": rapporteur.name}
    assert rapporteur.name in signed_in(app, staff).get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
