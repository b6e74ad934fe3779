"""What any request may send (portal.core.request_input): ids within the id columns, paging
numbers of ASCII digits, no NUL or lone surrogate in any text, JSON that is UTF-8, shallow and
finite; a 400 or 422 envelope (or an error page) before anything is read or written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portal.accounts import tokens
from portal.core.errors import BadRequest
from portal.core.request_input import MAX_ID, MAX_JSON_DEPTH, MAX_PAGE, _check_text, whole_number
from portal.extensions import db
from portal.registry.models import Organisation
from tests.factories import make_organisation, make_user
from tests.pages import signed_in

BEYOND = MAX_ID + 1  # 2147483648: an integer overflow on PostgreSQL if it reached the database


@pytest.fixture
def bearer(session):
    """The headers of a signed-in API caller who is a member of an organisation."""
    organisation = make_organisation(status="published")
    user = make_user(f"org_member:{organisation.id}")
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    return error


def _organisations() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def test_whole_numbers_are_ascii_digits_from_one_to_the_maximum():
    assert whole_number("7", 10) == 7
    assert whole_number("0010", 10) == 10
    for raw in ("0", "11", "²", "٣", "-1", "+1", " 1", "1.0", "", "9" * 5000):
        assert whole_number(raw, 10) is None, raw


@pytest.mark.parametrize("path", ["/organisations/2147483648", "/api/v1/organisations/2147483648",
                                  "/api/v1/proposals/99999999999/history", "/calls/2147483648"])
def test_an_id_beyond_the_id_columns_is_not_found_without_a_token(client, path):
    assert client.get(path).status_code == 404


def test_an_id_beyond_the_id_columns_is_not_found_with_a_token(client, bearer):
    for path in ("/api/v1/organisations/2147483648", "/api/v1/ads/2147483648",
                 "/api/v1/proposals/2147483648", "/api/v1/organisations/2147483648/matches"):
        _error(client.get(path, headers=bearer), 404, "not_found")


def test_an_id_beyond_the_id_columns_is_not_found_on_a_page_for_a_signed_in_user(app, session):
    user = make_user()
    db.session.commit()
    browser = signed_in(app, user)
    assert browser.get("/organisations/2147483648").status_code == 404
    assert browser.get("/organisations/2147483648/edit").status_code == 404


def test_an_id_beyond_the_id_columns_is_not_found_whatever_the_method(client, bearer):
    for method, path in (("PATCH", "/api/v1/proposals/0"), ("PATCH", "/api/v1/ads/2147483648"),
                         ("DELETE", "/api/v1/clusters/0/members/99999999999")):
        _error(client.open(path, method=method, headers=bearer, json={}), 404, "not_found")


def test_an_id_in_a_query_beyond_the_id_columns_is_a_422_with_the_field(client):
    for raw in (str(BEYOND), "²", "0"):
        error = _error(client.get(f"/api/v1/decisions?proposal_id={raw}"), 422, "validation_error")
        assert list(error["fields"]) == ["proposal_id"]


def test_an_id_in_a_json_body_beyond_the_id_columns_is_a_422_with_the_field(client, bearer):
    body = {"organisation_id": BEYOND, "kind": "technology_offer", "title": "T", "body": "B"}
    error = _error(client.post("/api/v1/ads", json=body, headers=bearer), 422, "validation_error")
    assert error["fields"] == {"organisation_id": ["No object has this id."]}
    nested = {"call_id": 1, "partners": [{"organisation_id": -5}]}
    error = _error(client.post("/api/v1/proposals", json=nested, headers=bearer), 422,
                   "validation_error")
    assert list(error["fields"]) == ["partners[0].organisation_id"]


@pytest.mark.parametrize("text", ["Lab\u0000", "\ud800 Lab", "Lab \udfff"])
def test_a_nul_or_a_lone_surrogate_in_json_text_is_a_400_and_nothing_is_written(client, bearer,
                                                                                text):
    before = _organisations()
    body = json.dumps({"name": text, "kind": "enterprise", "state": "RU", "region": "RU-KLU",
                       "language": "en"})
    response = client.post("/api/v1/organisations", data=body, headers=bearer,
                           content_type="application/json")
    error = _error(response, 400, "bad_request")
    assert error["fields"] == {"name": ["Text may not contain the NUL character or unpaired "
                                        "surrogates."]}
    assert _organisations() == before


def test_a_nul_in_a_json_key_is_a_400(client, bearer):
    response = client.post("/api/v1/ads", data='{"ti\\u0000tle": "x"}', headers=bearer,
                           content_type="application/json")
    error = _error(response, 400, "bad_request")
    assert "fields" not in error  # the refused name is not echoed


def test_the_refusal_is_in_the_callers_language(client, bearer):
    response = client.post("/api/v1/ads", data='{"title": "\\u0000"}',
                           headers={**bearer, "Accept-Language": "ru"},
                           content_type="application/json")
    error = _error(response, 400, "bad_request")
    assert error["fields"]["title"] == ["Текст не может содержать символ NUL или непарные суррогаты."]


def test_json_nested_beyond_the_limit_is_a_400(client, bearer):
    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        body = '{"title": ' + "[" * depth + "]" * depth + "}"
        error = _error(client.post("/api/v1/ads", data=body, headers=bearer,
                                   content_type="application/json"), 400, "bad_request")
        assert str(MAX_JSON_DEPTH) in error["message"]


def test_json_nested_within_the_limit_reaches_the_view(client, bearer):
    body = '{"title": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}"
    response = client.post("/api/v1/ads", data=body, headers=bearer, content_type="application/json")
    assert response.status_code == 422  # the view's own check of the fields


def test_a_body_that_is_not_utf8_is_a_400(client, bearer):
    for raw in (b'{"title": "\xff"}', b'{"title": "\xed\xa0\x80"}'):  # the second: a surrogate
        response = client.post("/api/v1/ads", data=raw, headers=bearer,
                               content_type="application/json")
        _error(response, 400, "bad_request")


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity", "-Infinity"])
def test_a_number_that_is_not_finite_is_a_400(client, bearer, number):
    response = client.post("/api/v1/ads", data=f'{{"organisation_id": 1, "title": {number}}}',
                           headers=bearer, content_type="application/json")
    _error(response, 400, "bad_request")


@pytest.mark.parametrize("query", ["per_page=%C2%B2", "page=%C2%B2", "page=9223372036854775807",
                                   f"page={MAX_PAGE + 1}", "per_page=0", "page=%D9%A3"])
def test_malformed_paging_is_a_400_with_the_field_in_the_api(client, query):
    error = _error(client.get(f"/api/v1/decisions?{query}"), 400, "bad_request")
    assert list(error["fields"]) == [query.split("=")[0]]


def test_the_last_page_that_may_be_asked_for_is_an_empty_page(client):
    body = client.get(f"/api/v1/decisions?page={MAX_PAGE}&per_page=100").get_json()
    assert (body["items"], body["page"], body["per_page"]) == ([], MAX_PAGE, 100)


@pytest.mark.parametrize("path", ["/calls", "/search", "/ads", "/notifications"])
def test_malformed_paging_on_a_page_is_a_400_page(app, session, path):
    user = make_user()
    db.session.commit()
    browser = signed_in(app, user)
    for query in ("page=9223372036854775807", "page=%C2%B2"):
        response = browser.get(f"{path}?{query}")
        assert response.status_code == 400, f"{path}?{query}"
        assert response.mimetype == "text/html"


@pytest.mark.parametrize(("language", "message"), [
    ("en", "The page number must be a whole number from 1 to 10,000."),
    ("ru", "Номер страницы должен быть целым числом от 1 до 10\xa0000."),
])
def test_the_400_page_of_a_malformed_page_number_names_it_in_the_readers_language(
        client, language, message):
    response = client.get("/calls?page=%C2%B2", headers={"Accept-Language": language})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_nul_in_a_query_value_is_a_400(client):
    error = _error(client.get("/api/v1/regions?state=%00"), 400, "bad_request")
    assert list(error["fields"]) == ["state"]
    assert client.get("/search?q=a%00b").status_code == 400


def test_a_nul_in_a_path_segment_is_a_400(client):
    assert client.get("/invitations/a%00b").status_code == 400


def test_a_nul_in_a_form_value_is_a_400_page_and_nothing_is_written(app, session):
    user = make_user()
    db.session.commit()
    browser = signed_in(app, user)
    before = _organisations()
    response = browser.post("/organisations/new", data={
        "name": "Chüy\x00 Agro Lab", "kind": "research_institute", "state": "KG",
        "region": "KG-C", "language": "ru", "description": "Лаборатория"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "NUL" in response.get_data(as_text=True)
    assert _organisations() == before


@pytest.mark.parametrize("name,value", [(None, "text"), ("kind", None)])
def test_a_form_part_that_is_not_text_is_malformed_not_a_server_error(app, name, value):
    with app.test_request_context(), pytest.raises(BadRequest):
        _check_text(name, value)
