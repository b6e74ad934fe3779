"""Each state's commitment (DESIGN 4.10): an adopted decision records what each national
envelope gives the proposal's partners of its state; the call's remaining falls by it, a
request for reconsideration gives it back, and a grant beyond what remains is refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from flask_babel import force_locale

from portal.calls.models import CallEnvelope
from portal.core.db import utcnow
from portal.council import decisions, services
from portal.extensions import db
from portal.money.models import ExchangeRate
from portal.proposals import facts
from portal.proposals.eligibility_messages import describe
from tests.council.conftest import STATES, open_session, ready_proposal
from tests.factories import make_call, make_organisation


def co_funded_call():
    """No common budget; RU 1,000,000 RUB and BY 40,000 BYN; a rouble is 0.035 BYN."""
    ru = make_organisation("RU", "RU-KLU", name="Kaluga co-funder", status="published")
    by = make_organisation("BY", "BY-VI", name="Vitebsk co-funder", status="published")
    db.session.add(ExchangeRate(currency="RUB", quote="BYN", rate=Decimal("0.035"),
                                on=utcnow().date() - timedelta(days=5)))
    call = make_call(budget=None)
    call.envelopes = [
        CallEnvelope(state_code="RU", amount=Decimal("1000000"), currency="RUB",
                     co_funder_organisation_id=ru.id),
        CallEnvelope(state_code="BY", amount=Decimal("40000"), currency="BYN",
                     co_funder_organisation_id=by.id)]
    db.session.flush()
    return call, ru, by


def decide(council, proposal, choice="for"):
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    for state in STATES:
        services.cast_ballot(item.id, council.titular[state], choice)
    services.close_session(vote_session.id, council.secretariat)
    [decision] = decisions.tally_session(vote_session.id)
    return decision


def test_an_adopted_decision_records_each_states_commitment(council):
    call, ru, by = co_funded_call()
    # Each partner: 1,000,000 RUB, co-financing 30 %: 700,000 RUB, or 24,500 BYN in Belarus.
    decision = decide(council, ready_proposal(call))

    assert decision.outcome == "adopted"
    assert decision.commitments == [
        {"state": "BY", "amount": "24500.00", "currency": "BYN", "co_funder_organisation_id": by.id},
        {"state": "RU", "amount": "700000.00", "currency": "RUB", "co_funder_organisation_id": ru.id}]


def test_a_decision_that_funds_nothing_commits_nothing(council):
    call, _ru, _by = co_funded_call()
    decision = decide(council, ready_proposal(call), choice="against")
    assert decision.outcome == "no_consensus" and decision.commitments == []


def test_the_call_shows_what_remains_after_a_decision_and_reconsideration_gives_it_back(
        council, client):
    call, _ru, _by = co_funded_call()
    decision = decide(council, ready_proposal(call))
    db.session.commit()

    envelopes = client.get(f"/api/v1/calls/{call.id}").get_json()["national_envelopes"]
    assert [(e["state"], e["committed"], e["remaining"]) for e in envelopes] == [
        ("BY", "24500.00", "15500.00"), ("RU", "700000.00", "300000.00")]
    page = client.get(f"/calls/{call.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "BYN15,500" in page and "RUB300,000" in page

    decisions.request_reconsideration(decision.id, council.titular["KZ"], "New facts.")
    db.session.commit()
    envelopes = client.get(f"/api/v1/calls/{call.id}").get_json()["national_envelopes"]
    assert [(e["committed"], e["remaining"]) for e in envelopes] == [
        ("0.00", "40000.00"), ("0.00", "1000000.00")]


def test_the_decision_shows_each_commitment_with_its_co_funder(council, client):
    call, _ru, by = co_funded_call()
    decision = decide(council, ready_proposal(call))
    db.session.commit()

    items = client.get("/api/v1/decisions").get_json()["items"]
    [shown] = [item for item in items if item["id"] == decision.id]
    assert shown["commitments"][0] == {"state": "BY", "amount": "24500.00", "currency": "BYN",
                                       "co_funder": {"organisation_id": by.id,
                                                     "name": "Vitebsk co-funder"}}
    page = client.get(f"/decisions/{decision.id}", headers={"Accept-Language": "en"})
    assert "Vitebsk co-funder" in page.get_data(as_text=True)


def test_a_grant_beyond_what_the_states_envelope_still_has_is_refused(council, app):
    call, _ru, _by = co_funded_call()
    decide(council, ready_proposal(call))
    second = ready_proposal(call)

    reasons = [r for r in facts.check(second, utcnow()) if r.code == "national_envelope"]

    assert [dict(r.params) for r in reasons] == [
        {"state": "BY", "grant": "24500.00", "remaining": "15500.00", "currency": "BYN"},
        {"state": "RU", "grant": "700000.00", "remaining": "300000.00", "currency": "RUB"}]
    with app.test_request_context(), force_locale("en"):
        english = describe(reasons[0])
    with app.test_request_context(), force_locale("ru"):
        russian = describe(reasons[0])
    assert "Belarus" in english and "24,500 BYN" in english and "15,500 BYN" in english
    assert "Беларусь" in russian and "15\u00a0500 BYN" in russian
