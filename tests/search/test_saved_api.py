"""``GET``/``POST /api/v1/saved-searches`` and ``DELETE /api/v1/saved-searches/{id}``: the
saved searches of the page, in the API, through the same services."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts import tokens
from portal.extensions import db
from portal.search import services
from portal.search.models import SavedSearch
from tests.factories import make_user
from tests.search.helpers import indexed_organisation

URL = "/api/v1/saved-searches"


def _headers(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_user_saves_lists_and_deletes_a_search_with_its_schedule(client, session):
    found = indexed_organisation(name="Minsk Fill", state="BY", region="BY-MI",
                                 offers=["Aseptic fill-finish"])
    user = make_user()
    headers = _headers(user)

    created = client.post(URL, json={"name": "Fill-finish in Belarus", "schedule": "daily",
                                     "params": {"q": "fill-finish", "state": "BY"}},
                          headers=headers)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["name"], body["schedule"], body["params"]) == (
        "Fill-finish in Belarus", "daily", {"q": "fill-finish", "state": "BY"})
    saved = session.get(SavedSearch, body["id"])
    assert saved.last_result_ids == [f"organisation:{found.id}"]  # known already: not mailed

    listed = client.get(URL, headers=headers).get_json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert listed["items"][0]["created_at"].endswith("Z")

    assert client.delete(f"{URL}/{body['id']}", headers=headers).status_code == 204
    assert client.get(URL, headers=headers).get_json()["items"] == []


def test_the_saved_searches_api_refuses_bad_values_and_others_searches(client, session):
    owner, other = make_user(), make_user()
    owner_headers, other_headers = _headers(owner), _headers(other)
    assert client.get(URL).status_code == 401
    assert client.post(URL, json={"name": "x"}).status_code == 401
    invalid = client.post(URL, json={"name": "", "schedule": "hourly",
                                     "params": {"colour": "red"}}, headers=owner_headers)
    assert invalid.status_code == 422
    assert set(invalid.get_json()["error"]["fields"]) == {"name", "schedule", "params"}
    assert client.post(URL, data="[]", content_type="application/json",
                       headers=owner_headers).status_code == 400

    created = client.post(URL, json={"name": "Mine"}, headers=owner_headers).get_json()
    assert created["schedule"] == "weekly"
    assert client.get(URL, headers=other_headers).get_json()["items"] == []
    assert client.delete(f"{URL}/{created['id']}", headers=other_headers).status_code == 404
    assert client.delete(f"{URL}/999999", headers=owner_headers).status_code == 404
    assert client.delete(f"{URL}/{created['id']}").status_code == 401
    assert session.scalar(select(SavedSearch.id)) == created["id"]


def test_a_name_too_long_and_one_search_too_many_are_refused(client, session, monkeypatch):
    owner = make_user()
    headers = _headers(owner)
    too_long = client.post(URL, json={"name": "x" * 201}, headers=headers)
    assert too_long.status_code == 422 and set(too_long.get_json()["error"]["fields"]) == {"name"}
    monkeypatch.setattr(services, "SAVED_PER_USER", 2)
    for name in ("One", "Two"):
        assert client.post(URL, json={"name": name}, headers=headers).status_code == 201
    third = client.post(URL, json={"name": "Three"}, headers=headers)
    assert third.status_code == 422 and "delete one first" in third.get_json()["error"]["fields"]["name"][0]
    assert session.scalar(select(func.count()).select_from(SavedSearch)) == 2
