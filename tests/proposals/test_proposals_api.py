"""The proposals endpoints of API.md: drafting with every problem reported, the optimistic lock,
confirmation and endorsement by the right people, submission with its snapshot, the history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.core.db import utcnow
from portal.extensions import db
from portal.money.models import ExchangeRate
from portal.notifications.models import OutboxMessage
from portal.proposals.models import Proposal, ProposalSnapshot
from tests.proposals.conftest import confirm_and_endorse


def create(api, consortium, **changes):
    response = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(**changes))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_draft_is_created_classified_and_its_partners_asked_by_mail(api, consortium):
    body = create(api, consortium)
    assert body["status"] == "draft" and body["version"] == 1
    assert body["classification"] == "cross_border"
    assert body["border_pairs"] == [["BY-VI", "RU-SMO"]]
    assert body["eurasian_programme"] is False
    assert [p["organisation_id"] for p in body["partners"]] == [consortium.ru.id, consortium.by.id]
    assert body["partners"][0]["confirmed"] is False and body["decision"] is None
    assert body["budget"] == {"currency": "RUB", "total": "1500000.00",
                              "cofinancing": "450000.00", "grant": "1050000.00",
                              "cofinancing_rate": "0.3000", "complete": True}
    sent = {(m.recipient, m.template) for m in db.session.scalars(select(OutboxMessage))}
    assert (consortium.by_member.email, "proposal_confirmation_request") in sent
    assert (consortium.ru_member.email, "proposal_confirmation_request") in sent
    assert (consortium.by_contact.email, "proposal_endorsement_request") in sent
    assert (consortium.manager.email, "proposal_confirmation_request") not in sent


def test_every_invalid_value_is_listed(api, consortium):
    response = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        title="", technology_fields=["warp"], duration_months=0,
        partners=[{"organisation_id": 999999}, {"organisation_id": consortium.by.id,
                                                "cofinancing_rate": 2,
                                                "budget": [{"category": "yachts", "amount": -1,
                                                            "currency": "XXX"}]}]))
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) >= {"title", "technology_fields", "duration_months",
                           "partners.0.organisation_id", "partners.1.cofinancing_rate",
                           "partners.1.budget.0.category", "partners.1.budget.0.amount",
                           "partners.1.budget.0.currency"}


def test_only_cluster_managers_and_the_secretariat_create(api, consortium):
    response = api(consortium.by_member).post("/api/v1/proposals", json=consortium.values())
    assert response.status_code == 403


def test_a_stale_version_is_refused_with_a_clear_message_and_nothing_is_lost(api, consortium):
    body = create(api, consortium)
    path = f"/api/v1/proposals/{body['id']}"
    first = api(consortium.manager).patch(path, json={"version": 1, "title": "First edit"})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    stale = api(consortium.ru_member).patch(path, json={"version": 1, "title": "Second edit"})
    assert stale.status_code == 409
    assert "version 1" in stale.get_json()["error"]["message"]
    assert api(consortium.manager).get(path).get_json()["title"] == "First edit"


def test_editing_replaces_partners_keeps_confirmations_and_reclassifies(api, consortium):
    body = create(api, consortium)
    path = f"/api/v1/proposals/{body['id']}"
    confirmed = api(consortium.by_member).post(f"{path}/partners/{consortium.by.id}/confirm")
    assert confirmed.status_code == 200
    partners = [*consortium.values()["partners"],
                {"organisation_id": consortium.kz.id, "cofinancing_rate": 0.5,
                 "budget": [{"category": "travel", "amount": 1000, "currency": "KZT"}]}]
    changed = api(consortium.manager).patch(path, json={"version": confirmed.get_json()["version"],
                                                        "partners": partners}).get_json()
    assert changed["classification"] == "transnational" and changed["eurasian_programme"]
    by = next(p for p in changed["partners"] if p["organisation_id"] == consortium.by.id)
    assert by["confirmed"] is True
    kz_line = changed["partners"][2]["budget"][0]
    assert kz_line["rate"] is None and changed["budget"]["complete"] is False


def test_a_budget_line_stores_the_latest_rate_on_or_before_today(api, consortium):
    today = utcnow().date()
    db.session.add_all([
        ExchangeRate(currency="KZT", quote="RUB", on=today - timedelta(days=10), rate=Decimal("0.15")),
        ExchangeRate(currency="KZT", quote="RUB", on=today - timedelta(days=1), rate=Decimal("0.17")),
        ExchangeRate(currency="KZT", quote="RUB", on=today + timedelta(days=1), rate=Decimal("0.99")),
    ])
    db.session.commit()
    partners = [{"organisation_id": consortium.kz.id, "cofinancing_rate": 0.5,
                 "budget": [{"category": "travel", "amount": 1000, "currency": "KZT"}]}]
    body = create(api, consortium, partners=partners)
    [kazakh] = [p for p in body["partners"] if p["organisation_id"] == consortium.kz.id]
    line = kazakh["budget"][0]
    assert Decimal(line["rate"]) == Decimal("0.17")
    assert line["rate_date"] == (today - timedelta(days=1)).isoformat()
    assert isinstance(date.fromisoformat(line["rate_date"]), date)


def test_confirmation_and_endorsement_need_the_right_person(api, consortium):
    body = create(api, consortium)
    path = f"/api/v1/proposals/{body['id']}/partners/{consortium.by.id}"
    assert api(consortium.ru_member).post(f"{path}/confirm").status_code == 403
    assert api(consortium.ru_contact).post(f"{path}/endorse").status_code == 403
    assert api(consortium.outsider).post(f"{path}/confirm").status_code == 403
    assert api(consortium.by_member).post(f"{path}/confirm").status_code == 200
    endorsed = api(consortium.by_contact).post(f"{path}/endorse").get_json()
    by = next(p for p in endorsed["partners"] if p["organisation_id"] == consortium.by.id)
    assert by["confirmed"] and by["endorsed"]


def test_submission_freezes_a_snapshot_answers_202_and_writes_the_history(api, consortium):
    body = create(api, consortium)
    path = f"/api/v1/proposals/{body['id']}"
    confirm_and_endorse(consortium, db.session.get(Proposal, body["id"]))
    db.session.commit()
    assert api(consortium.by_member).post(f"{path}/submit").status_code == 403
    submitted = api(consortium.manager).post(f"{path}/submit")
    assert submitted.status_code == 202 and submitted.get_json()["status"] == "submitted"
    snapshot = db.session.scalars(select(ProposalSnapshot).where(
        ProposalSnapshot.proposal_id == body["id"])).one()
    assert snapshot.number == 1 and snapshot.content["acronym"] == "SMOVIT"
    assert len(snapshot.content["partners"]) == 2
    again = api(consortium.manager).patch(path, json={"version": submitted.get_json()["version"],
                                                      "title": "Too late"})
    assert again.status_code == 409
    history = api(consortium.manager).get(f"{path}/history").get_json()["items"]
    assert [(h["from"], h["to"], h["action"]) for h in history] == [("draft", "submitted", "submit")]
    assert history[0]["actor"]["id"] == consortium.manager.id
    withdrawn = api(consortium.manager).post(f"{path}/withdraw", json={"note": "Changed plans"})
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"


def test_a_proposal_is_hidden_from_outsiders_and_listed_for_partners(api, consortium):
    body = create(api, consortium)
    assert api(consortium.outsider).get(f"/api/v1/proposals/{body['id']}").status_code == 403
    assert api(consortium.kz_member).get(f"/api/v1/proposals/{body['id']}").status_code == 404
    listed = api(consortium.by_member).get("/api/v1/proposals").get_json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert api(consortium.kz_member).get("/api/v1/proposals").get_json()["total"] == 0
    assert api(consortium.by_contact).get("/api/v1/proposals").get_json()["total"] == 1
    assert db.session.get(Proposal, body["id"]).classification == "cross_border"
