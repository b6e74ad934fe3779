"""The ads and interests endpoints of API.md, with every error of the envelope; anonymity
never leaks the owner in the JSON before acceptance."""

from __future__ import annotations

import json

import pytest

from portal.accounts import tokens
from portal.extensions import db
from portal.partnering import services
from portal.search.services import reindex
from tests.factories import make_organisation, make_user

FIELD = "pharmaceuticals_biotech_medical"


@pytest.fixture
def api(client, parties):
    """A caller per party: ``api(party).post(path, json=...)``."""
    bearer = {}
    for name in ("owner", "sender", "outsider"):
        _row, token = tokens.create_token(getattr(parties, name), "test", getattr(parties, name))
        bearer[name] = {"Authorization": f"Bearer {token}"}
    db.session.commit()

    class Caller:
        def __init__(self, name):
            self.headers = bearer[name]

        def get(self, path, **kwargs):
            return client.get(path, headers=self.headers, **kwargs)

        def post(self, path, **kwargs):
            return client.post(path, headers=self.headers, **kwargs)

        def patch(self, path, **kwargs):
            return client.patch(path, headers=self.headers, **kwargs)

        def delete(self, path, **kwargs):
            return client.delete(path, headers=self.headers, **kwargs)

    return Caller


def ad_payload(parties, **overrides) -> dict:
    payload = {"organisation_id": parties.owner_org.id, "kind": "technology_offer",
               "title": "Contract sterilisation", "body": "EO sterilisation, ISO 11135.",
               "technology_fields": [FIELD]}
    payload.update(overrides)
    return payload


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()["error"]
    assert body["code"] == code
    return body


def test_posting_an_ad_answers_201_with_the_ad(api, parties):
    response = api("owner").post("/api/v1/ads", json=ad_payload(parties, anonymous=True))
    assert response.status_code == 201
    ad = response.get_json()
    assert ad["status"] == "active" and ad["anonymous"] is True
    assert ad["organisation"] == {"id": parties.owner_org.id, "name": parties.owner_org.name}
    assert ad["technology_fields"] == [FIELD]
    assert ad["expires_at"].endswith("Z") and ad["version"] == 1


def test_posting_errors_follow_the_envelope(api, parties, client):
    assert client.post("/api/v1/ads", json=ad_payload(parties)).status_code == 401
    error(api("outsider").post("/api/v1/ads", json=ad_payload(parties)), 403, "forbidden")
    error(api("sender").post("/api/v1/ads", json=ad_payload(parties)), 403, "forbidden")
    error(api("owner").post("/api/v1/ads", data="[1, 2", content_type="application/json"),
          400, "bad_request")
    invalid = error(api("owner").post("/api/v1/ads", json=ad_payload(
        parties, kind="gift", title="", technology_fields=["x"], expires_at="tomorrow")),
        422, "validation_error")
    assert set(invalid["fields"]) == {"expires_at"}  # the time is read first
    invalid = error(api("owner").post("/api/v1/ads", json=ad_payload(
        parties, kind="gift", title="", technology_fields=["x"])), 422, "validation_error")
    assert set(invalid["fields"]) == {"kind", "title", "technology_fields"}
    invalid = error(api("owner").post("/api/v1/ads", json=ad_payload(
        parties, organisation_id="one")), 422, "validation_error")
    assert "organisation_id" in invalid["fields"]


def _post(api, parties, **overrides) -> dict:
    response = api("owner").post("/api/v1/ads", json=ad_payload(parties, **overrides))
    assert response.status_code == 201
    return response.get_json()


def indexed(*ads: dict) -> None:
    """Index the ads at once, as the worker does moments after each commit."""
    for ad in ads:
        reindex("ad", ad["id"])
    db.session.commit()


def test_the_list_filters_by_kind_state_and_field_newest_first(api, parties):
    offer = _post(api, parties)
    request = _post(api, parties, kind="rd_request", title="Looking for a lab",
                    body="Sterility testing", technology_fields=[])
    caller = api("sender")

    def ids(query: str) -> list[int]:
        response = caller.get(f"/api/v1/ads{query}")
        assert response.status_code == 200
        return [item["id"] for item in response.get_json()["items"]]

    assert ids("") == [request["id"], offer["id"]]
    assert ids("?q=%20") == [request["id"], offer["id"]]  # blank words: no search
    assert ids("?kind=rd_request") == [request["id"]]
    assert ids("?state=by") == [request["id"], offer["id"]]
    assert ids("?state=RU") == []
    assert ids(f"?technology_field={FIELD}") == [offer["id"]]
    body = caller.get("/api/v1/ads?per_page=1&page=2").get_json()
    assert body["total"] == 2 and body["per_page"] == 1 and len(body["items"]) == 1
    assert body["items"][0]["score"] is None and body["total_exact"] is True
    error(caller.get("/api/v1/ads?kind=gift"), 422, "validation_error")
    error(caller.get("/api/v1/ads?page=0"), 400, "bad_request")
    error(caller.get("/api/v1/ads?q=lab&per_page=x"), 400, "bad_request")


def test_words_rank_the_list_best_first_each_with_a_score(api, parties):
    strong = _post(api, parties, title="Contract sterilisation",
                   body="Ethylene-oxide sterilisation to ISO 11135; sterilisation reports.")
    weak = _post(api, parties, kind="rd_request", title="Looking for a lab",
                 body="Sterility testing of our batches", technology_fields=[])
    other = _post(api, parties, title="Tablet coating", body="Film coating of tablets.")
    indexed(strong, weak, other)
    caller = api("sender")

    body = caller.get("/api/v1/ads?q=sterilisation").get_json()
    items = body["items"]
    assert [item["id"] for item in items] == [strong["id"], weak["id"]]  # not newest first
    assert items[0]["score"] > items[1]["score"] > 0
    assert body["total"] == 2 and body["total_exact"] is True

    def ids(query: str) -> list[int]:
        return [item["id"] for item in caller.get(f"/api/v1/ads{query}").get_json()["items"]]

    assert ids("?q=lab") == [weak["id"]]
    assert ids("?q=sterilisation&kind=rd_request") == [weak["id"]]
    assert ids(f"?q=sterilisation&technology_field={FIELD}") == [strong["id"]]
    assert ids("?q=sterilisation&state=by") == [strong["id"], weak["id"]]
    assert ids("?q=sterilisation&state=RU") == []
    assert ids("?q=100%25") == []
    second = caller.get("/api/v1/ads?q=sterilisation&per_page=1&page=2").get_json()
    assert [item["id"] for item in second["items"]] == [weak["id"]]
    assert second["total"] == 2 and second["page"] == 2 and second["per_page"] == 1


def test_a_russian_query_finds_an_english_ad_in_the_list(api, parties):
    english = _post(api, parties, title="Contract sterilisation", body="EO sterilisation.")
    indexed(english)
    body = api("sender").get("/api/v1/ads?q=стерилизация").get_json()
    assert [item["id"] for item in body["items"]] == [english["id"]]
    assert body["items"][0]["score"] > 0


def test_an_ad_is_found_by_its_words_once_indexed_and_never_after_it_is_withdrawn(
        api, parties):
    ad = _post(api, parties, title="Contract sterilisation")
    caller = api("sender")

    def ids(query: str) -> list[int]:
        return [item["id"] for item in caller.get(f"/api/v1/ads{query}").get_json()["items"]]

    assert ids("?q=sterilisation") == []  # posted, not yet indexed by the worker
    assert ids("") == [ad["id"]]  # the newest-first list reads the database
    indexed(ad)
    assert ids("?q=sterilisation") == [ad["id"]]
    withdrawn = api("owner").post(f"/api/v1/ads/{ad['id']}/withdraw")
    assert withdrawn.status_code == 200
    assert ids("?q=sterilisation") == []  # still in the index, but no longer active
    changed = _post(api, parties, title="Contract sterilisation", kind="business_offer")
    indexed(changed)
    services.update_ad(changed["id"], parties.owner, kind="rd_request")
    db.session.commit()
    assert ids("?q=sterilisation&kind=business_offer") == []  # the database's kind counts


def test_an_anonymous_ad_found_by_words_keeps_its_organisation_hidden(api, parties):
    ad = _post(api, parties, anonymous=True, title="Sterilisation capacity")
    indexed(ad)
    response = api("sender").get("/api/v1/ads?q=sterilisation")
    [item] = response.get_json()["items"]
    assert item["id"] == ad["id"] and item["organisation"] is None and item["state"] == "BY"
    assert parties.owner_org.name not in response.get_data(as_text=True)
    [own] = api("owner").get("/api/v1/ads?q=sterilisation").get_json()["items"]
    assert own["organisation"] == {"id": parties.owner_org.id, "name": parties.owner_org.name}


def test_an_anonymous_ads_owner_never_appears_in_the_json_before_acceptance(api, parties):
    ad = _post(api, parties, anonymous=True)
    secret = parties.owner_org.name
    sender = api("sender")

    listed = sender.get("/api/v1/ads").get_data(as_text=True)
    one = sender.get(f"/api/v1/ads/{ad['id']}").get_data(as_text=True)
    created = sender.post(f"/api/v1/ads/{ad['id']}/interests",
                          json={"organisation_id": parties.other_org.id, "message": "Hi"})
    interest = created.get_json()
    sent = sender.get("/api/v1/interests?box=sent").get_data(as_text=True)
    for text in (listed, one, created.get_data(as_text=True), sent,
                 sender.get(f"/api/v1/interests/{interest['id']}").get_data(as_text=True)):
        assert secret not in text
        assert str(parties.owner.email) not in text
    assert json.loads(one)["organisation"] is None and json.loads(one)["state"] == "BY"
    assert "contacts" not in interest

    accepted = api("owner").post(f"/api/v1/interests/{interest['id']}/accept")
    assert accepted.status_code == 200
    assert accepted.get_json()["contacts"]["sender"]["email"] == parties.sender.email

    after = sender.get(f"/api/v1/interests/{interest['id']}").get_json()
    assert after["status"] == "accepted"
    assert after["contacts"]["owner"] == {
        "organisation_id": parties.owner_org.id, "organisation": secret,
        "name": parties.owner.name, "email": parties.owner.email}
    assert sender.get(f"/api/v1/ads/{ad['id']}").get_json()["organisation"]["name"] == secret
    assert secret not in api("outsider").get(f"/api/v1/ads/{ad['id']}").get_data(as_text=True)


def test_interest_errors_follow_the_envelope(api, parties, client):
    ad = _post(api, parties)
    path = f"/api/v1/ads/{ad['id']}/interests"
    message = {"organisation_id": parties.other_org.id, "message": "We are interested."}
    assert client.post(path, json=message).status_code == 401
    error(api("outsider").post(path, json=message), 403, "forbidden")
    error(api("sender").post("/api/v1/ads/999999/interests", json=message), 404, "not_found")
    error(api("sender").post(path, data="nope", content_type="application/json"), 400,
          "bad_request")
    error(api("sender").post(path, json={**message, "message": ""}), 422, "validation_error")
    error(api("sender").post(path, json={**message, "organisation_id": parties.owner_org.id}),
          403, "forbidden")
    both = make_user(f"org_member:{parties.owner_org.id}", f"org_member:{parties.other_org.id}")
    _row, token = tokens.create_token(both, "t", both)
    db.session.commit()
    own = client.post(path, json={**message, "organisation_id": parties.owner_org.id},
                      headers={"Authorization": f"Bearer {token}"})
    error(own, 422, "validation_error")
    created = api("sender").post(path, json=message)
    assert created.status_code == 201 and created.get_json()["status"] == "pending"
    error(api("sender").post(path, json=message), 409, "conflict")


def test_answer_errors_follow_the_envelope(api, parties, client):
    ad = _post(api, parties)
    interest = api("sender").post(f"/api/v1/ads/{ad['id']}/interests", json={
        "organisation_id": parties.other_org.id, "message": "Hello"}).get_json()
    accept = f"/api/v1/interests/{interest['id']}/accept"
    decline = f"/api/v1/interests/{interest['id']}/decline"
    assert client.post(accept).status_code == 401
    error(api("outsider").post(accept), 403, "forbidden")
    error(api("sender").post(accept), 403, "forbidden")
    stranger_org = make_organisation(state="KZ", region="KZ-55")
    stranger = make_user(f"org_member:{stranger_org.id}")
    _row, token = tokens.create_token(stranger, "t", stranger)
    db.session.commit()
    error(client.post(accept, headers={"Authorization": f"Bearer {token}"}), 404, "not_found")
    error(api("owner").post("/api/v1/interests/999999/accept"), 404, "not_found")
    declined = api("owner").post(decline)
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert "contacts" not in declined.get_json()
    error(api("owner").post(accept), 409, "conflict")


def test_renew_withdraw_follow_and_update(api, parties):
    ad = _post(api, parties)
    owner, sender = api("owner"), api("sender")
    base = f"/api/v1/ads/{ad['id']}"

    assert sender.post(f"{base}/follow").get_json()["following"] is True
    error(sender.post(f"{base}/renew"), 403, "forbidden")
    error(sender.patch(base, json={"version": 1, "title": "x"}), 403, "forbidden")
    error(owner.patch(base, json={"title": "No version"}), 422, "validation_error")
    error(owner.patch(base, json={"version": 7, "title": "Stale"}), 409, "conflict")
    error(owner.patch(base, json={"version": 1, "colour": "red"}), 422, "validation_error")
    error(owner.patch(base, data="[]", content_type="application/json"), 400, "bad_request")
    changed = owner.patch(base, json={"version": 1, "title": "Contract EO sterilisation"})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2

    renewed = owner.post(f"{base}/renew")
    assert renewed.status_code == 200 and renewed.get_json()["renewed_at"]
    assert sender.delete(f"{base}/follow").get_json()["following"] is False
    assert owner.post(f"{base}/withdraw").get_json()["status"] == "withdrawn"
    error(owner.post(f"{base}/withdraw"), 409, "conflict")
    error(owner.post(f"{base}/renew"), 409, "conflict")
    error(sender.get(base), 404, "not_found")
    error(owner.post("/api/v1/ads/999999/renew"), 404, "not_found")


def test_interests_are_listed_per_box(api, parties):
    ad = _post(api, parties)
    api("sender").post(f"/api/v1/ads/{ad['id']}/interests", json={
        "organisation_id": parties.other_org.id, "message": "Hello"})
    received = api("owner").get("/api/v1/interests?status=pending").get_json()
    assert received["total"] == 1 and received["items"][0]["ad_id"] == ad["id"]
    assert api("owner").get("/api/v1/interests?box=sent").get_json()["total"] == 0
    assert api("sender").get("/api/v1/interests?box=sent").get_json()["total"] == 1
    error(api("owner").get("/api/v1/interests?box=outbox"), 422, "validation_error")
    error(api("outsider").get("/api/v1/interests"), 403, "forbidden")
