"""The council endpoints of API.md: sessions, ballots hidden from other states until the close,
the close answered 202, recusal, reconsideration and the public register."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.accounts import tokens
from portal.core.db import utcnow
from portal.council import decisions
from portal.extensions import db
from tests.council.conftest import STATES, ready_proposal


@pytest.fixture
def api(client, council):
    """``api(user).post(path, json=...)`` with a token of that user."""
    def caller(user):
        _row, token = tokens.create_token(user, "test", user)
        db.session.commit()
        headers = {"Authorization": f"Bearer {token}"}

        class Caller:
            def get(self, path, **kwargs):
                return client.get(path, headers=headers, **kwargs)

            def post(self, path, **kwargs):
                return client.post(path, headers=headers, **kwargs)

        return Caller()
    return caller


def _iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def meeting(council, api):
    proposal = ready_proposal()
    db.session.commit()
    now = utcnow()
    response = api(council.secretariat).post("/api/v1/vote-sessions", json={
        "title": "Council meeting 1", "kind": "meeting",
        "opens_at": _iso(now - timedelta(hours=1)), "closes_at": _iso(now + timedelta(days=1)),
        "items": [{"proposal_id": proposal.id}]})
    assert response.status_code == 201, response.get_json()
    return response.get_json(), proposal


def test_creating_a_session_answers_201_with_item_ids(meeting):
    body, proposal = meeting
    [item] = body["items"]
    assert isinstance(item["id"], int) and item["proposal_id"] == proposal.id
    assert body["status"] == "open" and item["outcome"] is None


def test_a_council_member_cannot_create_a_session(council, api):
    response = api(council.titular["KZ"]).post("/api/v1/vote-sessions", json={})
    assert response.status_code == 403


def test_invalid_session_values_answer_422(council, api):
    response = api(council.secretariat).post("/api/v1/vote-sessions", json={
        "title": "", "kind": "party", "opens_at": "yesterday", "items": []})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert {"title", "kind", "opens_at", "closes_at", "items"} <= set(fields)


def test_ballots_are_hidden_from_other_states_until_the_close(council, api, meeting):
    body, _proposal = meeting
    item_id = body["items"][0]["id"]
    path = f"/api/v1/vote-sessions/{body['id']}/items/{item_id}/ballots"
    response = api(council.titular["KZ"]).post(path, json={"choice": "for"})
    assert response.status_code == 201
    assert (response.get_json()["state"], response.get_json()["choice"]) == ("KZ", "for")
    api(council.titular["RU"]).post(path, json={"choice": "against"})

    seen_by_kz = api(council.titular["KZ"]).get(f"/api/v1/vote-sessions/{body['id']}").get_json()
    seen_by_secretariat = api(council.secretariat).get(
        f"/api/v1/vote-sessions/{body['id']}").get_json()

    assert [(b["state"], b["choice"]) for b in seen_by_kz["items"][0]["ballots"]] == [("KZ", "for")]
    assert seen_by_secretariat["items"][0]["ballots"] == []
    assert seen_by_secretariat["items"][0]["voted"] == [{"state": "KZ", "seat": 1},
                                                        {"state": "RU", "seat": 1}]


def test_a_bad_choice_answers_422_and_a_stranger_403(council, api, meeting):
    body, _proposal = meeting
    path = f"/api/v1/vote-sessions/{body['id']}/items/{body['items'][0]['id']}/ballots"
    assert api(council.titular["KZ"]).post(path, json={"choice": "maybe"}).status_code == 422
    assert api(council.secretariat).post(path, json={"choice": "for"}).status_code == 403
    wrong = f"/api/v1/vote-sessions/{body['id'] + 1000}/items/{body['items'][0]['id']}/ballots"
    assert api(council.titular["KZ"]).post(wrong, json={"choice": "for"}).status_code == 404


def test_close_answers_202_and_after_the_tally_every_ballot_is_visible(council, api, meeting):
    body, proposal = meeting
    item_id = body["items"][0]["id"]
    path = f"/api/v1/vote-sessions/{body['id']}/items/{item_id}/ballots"
    for state in STATES:
        api(council.titular[state]).post(path, json={"choice": "for"})

    response = api(council.secretariat).post(f"/api/v1/vote-sessions/{body['id']}/close")
    assert response.status_code == 202 and response.get_json()["status"] == "closing"
    late = api(council.titular["KZ"]).post(path, json={"choice": "against"})
    assert late.status_code == 409
    decisions.tally_session(body["id"])
    db.session.commit()

    closed = api(council.titular["KZ"]).get(f"/api/v1/vote-sessions/{body['id']}").get_json()
    assert closed["status"] == "closed" and closed["items"][0]["outcome"] == "adopted"
    assert {b["state"]: b["choice"] for b in closed["items"][0]["ballots"]} == {
        state: "for" for state in STATES}

    register = api(council.titular["KZ"]).get("/api/v1/decisions").get_json()
    [decision] = register["items"]
    assert decision["proposal_id"] == proposal.id and decision["outcome"] == "adopted"
    assert decision["proposal"]["acronym"] == proposal.acronym
    assert decision["proposal"]["title"] == proposal.title
    assert {"number", "decided_at", "enters_into_force_at", "ballots"} <= set(decision)
    assert len(decision["ballots"]) == 5


def test_the_register_of_decisions_is_public(client):
    response = client.get("/api/v1/decisions")
    assert response.status_code == 200 and "items" in response.get_json()


def test_recusal_then_the_alternate_votes_through_the_api(council, api, meeting):
    body, _proposal = meeting
    base = f"/api/v1/vote-sessions/{body['id']}/items/{body['items'][0]['id']}"
    assert api(council.titular["BY"]).post(f"{base}/recusal", json={"reason": ""}).status_code == 422
    assert api(council.titular["BY"]).post(f"{base}/recusal",
                                           json={"reason": "A partner of mine."}).status_code == 201
    response = api(council.alternate["BY"]).post(f"{base}/ballots", json={"choice": "abstain"})
    assert response.status_code == 201 and response.get_json()["state"] == "BY"


def test_reconsideration_through_the_api(council, api, meeting):
    body, _proposal = meeting
    api(council.secretariat).post(f"/api/v1/vote-sessions/{body['id']}/close")
    [decision] = decisions.tally_session(body["id"])
    db.session.commit()

    response = api(council.titular["AM"]).post(
        f"/api/v1/decisions/{decision.id}/reconsideration", json={"reason": "New facts."})

    assert response.status_code == 201
    assert response.get_json()["enters_into_force_at"] is None
    assert api(council.secretariat).post(
        f"/api/v1/decisions/{decision.id}/reconsideration",
        json={"reason": "x"}).status_code == 403


def test_the_session_list_is_for_the_council_and_the_secretariat(council, api, meeting):
    listed = api(council.titular["KG"]).get("/api/v1/vote-sessions").get_json()
    assert listed["total"] == 1 and "items" not in listed["items"][0]
