"""Check and submit: the applicant sees the eligibility preview on a "check your answers" page
with the submit button; a submission whose preview fails answers 422 with every reason, on the
page and in the API, and changes nothing. Budgets convert at the rate in force on the day they
are saved and again at submission, cross rates included, and the page shows each partner's
budget in its own currency and the call's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.extensions import db
from portal.proposals import facts, services, transitions
from portal.proposals.models import Proposal, ProposalSnapshot, StatusChange
from tests.money.conftest import store
from tests.pages import signed_in
from tests.proposals.conftest import confirm_and_endorse, ready


@pytest.fixture
def enqueued(monkeypatch):
    """The tasks the workflow asks for (instead of sending them once the session commits)."""
    sent = []
    monkeypatch.setattr(transitions, "enqueue", lambda name, *args: sent.append((name, args)))
    return sent


def _unchanged(proposal_id: int, version: int) -> None:
    proposal = db.session.get(Proposal, proposal_id)
    db.session.refresh(proposal)
    assert proposal.status == "draft" and proposal.version == version
    assert proposal.submitted_at is None and proposal.snapshot_number == 0
    assert db.session.scalar(select(func.count()).select_from(StatusChange).where(
        StatusChange.proposal_id == proposal_id)) == 0
    assert db.session.scalar(select(func.count()).select_from(ProposalSnapshot).where(
        ProposalSnapshot.proposal_id == proposal_id)) == 0
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "proposal.submit")).all() == []


def test_the_api_refuses_a_failing_preview_with_every_reason_and_changes_nothing(
        api, consortium, enqueued):
    created = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        indicators=[])).get_json()
    response = api(consortium.manager).post(f"/api/v1/proposals/{created['id']}/submit")
    assert response.status_code == 422
    reasons = response.get_json()["error"]["reasons"]
    assert [r["code"] for r in reasons] == ["not_confirmed", "not_confirmed", "not_endorsed",
                                            "not_endorsed", "no_indicator"]
    assert "Smolensk Medical" in reasons[0]["message"]
    assert enqueued == []
    _unchanged(created["id"], created["version"])


def test_the_api_still_answers_403_to_a_stranger_before_any_reason(api, consortium):
    created = api(consortium.manager).post("/api/v1/proposals",
                                           json=consortium.values()).get_json()
    response = api(consortium.by_member).post(f"/api/v1/proposals/{created['id']}/submit")
    assert response.status_code == 403 and "reasons" not in response.get_json()["error"]


def test_a_passing_preview_submits_and_asks_the_worker(api, consortium, enqueued):
    proposal = ready(consortium)
    db.session.commit()
    response = api(consortium.manager).post(f"/api/v1/proposals/{proposal.id}/submit")
    assert response.status_code == 202 and response.get_json()["status"] == "submitted"
    assert enqueued == [("portal.proposals.tasks.check_eligibility", (proposal.id,))]


def test_the_check_page_shows_the_preview_and_refuses_a_failing_submit_with_422(
        app, consortium, enqueued):
    proposal = ready(consortium)
    proposal.indicators = []
    db.session.commit()
    client = signed_in(app, consortium.manager)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}/check"' in page
    check = client.get(f"/proposals/{proposal.id}/check")
    text = check.get_data(as_text=True)
    assert check.status_code == 200 and "would not be eligible" in text
    assert "No indicator has both a baseline and a target." in text
    assert "Submit the proposal" not in text
    refused = client.post(f"/proposals/{proposal.id}/actions/submit")
    assert refused.status_code == 422
    assert "put right what the check lists" in refused.get_data(as_text=True)
    assert enqueued == []
    _unchanged(proposal.id, proposal.version)


def test_the_check_page_is_for_the_applicants_of_a_draft(app, consortium):
    proposal = ready(consortium)
    db.session.commit()
    assert signed_in(app, consortium.by_member).get(
        f"/proposals/{proposal.id}/check").status_code == 403
    assert signed_in(app, consortium.outsider).get(
        f"/proposals/{proposal.id}/check").status_code == 403


def _kazakh_partner(consortium, currency: str = "KZT") -> list[dict]:
    return [*consortium.values()["partners"],
            {"organisation_id": consortium.kz.id, "cofinancing_rate": "0.5",
             "budget": [{"category": "travel", "amount": "1000000", "currency": currency}]}]


def test_a_budget_in_a_partners_currency_converts_and_is_totalled(api, consortium):
    today = utcnow().date()
    store("KZT", "RUB", "0.15", today - timedelta(days=2))
    db.session.commit()
    body = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        partners=_kazakh_partner(consortium))).get_json()
    kazakh = body["partners"][2]["budget"][0]
    assert (kazakh["rate"], kazakh["rate_date"]) == ("0.15000000",
                                                     (today - timedelta(days=2)).isoformat())
    assert body["budget"]["complete"] is True
    assert body["budget"]["total"] == "1650000.00"


def test_a_call_in_another_currency_converts_through_a_cross_rate(session, consortium, api):
    today = utcnow().date()
    consortium.call.currency = "BYN"
    store("KZT", "RUB", "0.15", today - timedelta(days=5))
    store("BYN", "RUB", "25", today - timedelta(days=3))
    db.session.commit()
    body = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        partners=_kazakh_partner(consortium))).get_json()
    assert body["partners"][0]["budget"][0]["rate"] == "0.04000000"
    assert body["partners"][2]["budget"][0] == {
        "category": "travel", "amount": "1000000.00", "currency": "KZT", "rate": "0.00600000",
        "rate_date": (today - timedelta(days=5)).isoformat()}
    assert body["budget"]["total"] == "66000.00"


def test_submission_converts_again_at_the_rate_in_force_that_day(session, consortium):
    today = utcnow().date()
    store("KZT", "RUB", "0.15", today - timedelta(days=10))
    values = consortium.values(partners=_kazakh_partner(consortium))
    proposal = services.create_proposal(values, consortium.manager)
    confirm_and_endorse(consortium, proposal)
    store("KZT", "RUB", "0.16", today)
    services.submit_proposal(proposal.id, consortium.manager)
    line = proposal.partners[2].budget[0]
    assert (line.rate, line.rate_date) == (Decimal("0.16"), today)
    snapshot = db.session.scalars(select(ProposalSnapshot)).one()
    assert snapshot.content["partners"][2]["budget"][0]["rate"] == "0.16000000"


def test_the_proposal_page_shows_each_partners_budget_in_its_currency_and_the_calls(
        app, consortium, api):
    store("KZT", "RUB", "0.15", utcnow().date() - timedelta(days=2))
    db.session.commit()
    body = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        partners=_kazakh_partner(consortium))).get_json()
    page = signed_in(app, consortium.manager).get(f"/proposals/{body['id']}").get_data(
        as_text=True)
    assert "Budget of Almaty Devices" in page
    assert "KZT1,000,000" in page and "0.15 (rate of" in page and "RUB150,000" in page
    assert "cannot be totalled" not in page
    assert "Budget in RUB: total RUB1,650,000" in page


def test_without_a_rate_the_page_says_so_and_the_preview_names_the_line(app, consortium, api):
    body = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        partners=_kazakh_partner(consortium, "AMD"))).get_json()
    proposal = db.session.get(Proposal, body["id"])
    assert "missing_rate" in [r.code for r in facts.preview(proposal, utcnow())]
    page = signed_in(app, consortium.manager).get(f"/proposals/{body['id']}").get_data(
        as_text=True)
    assert "no exchange rate stored" in page and "cannot be totalled" in page
