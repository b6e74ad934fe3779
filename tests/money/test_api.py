"""``/api/v1/exchange-rates`` (API.md "Money"): signed-in callers read, the secretariat records;
201, 409 for a pair and day again, 422 for a rate of 0 or less or an unknown currency."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.money.models import ExchangeRate
from tests.factories import make_user
from tests.money.conftest import store

PATH = "/api/v1/exchange-rates"
KZT = {"currency": "KZT", "quote": "RUB", "rate": "0.1548", "on": "2026-12-01",
       "source": "National Bank of Kazakhstan"}


@pytest.fixture
def secretariat(session):
    return make_user("secretariat")


def test_the_secretariat_records_a_rate_with_201_and_it_is_audited(client, bearer, secretariat):
    response = client.post(PATH, json=KZT, headers=bearer(secretariat))
    assert response.status_code == 201
    assert response.get_json() == {"currency": "KZT", "quote": "RUB", "rate": "0.15480000",
                                   "on": "2026-12-01", "source": "National Bank of Kazakhstan"}
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "exchange_rate.record")).one()
    assert entry.actor == f"user:{secretariat.id}" and entry.data["currency"] == "KZT"


def test_a_rate_without_a_source_is_manual(client, bearer, secretariat):
    values = {key: value for key, value in KZT.items() if key != "source"}
    assert client.post(PATH, json=values, headers=bearer(secretariat)).get_json()["source"] == (
        "manual")


def test_the_same_pair_and_day_again_is_a_conflict(client, bearer, secretariat):
    headers = bearer(secretariat)
    assert client.post(PATH, json=KZT, headers=headers).status_code == 201
    again = client.post(PATH, json={**KZT, "rate": "0.2"}, headers=headers)
    assert again.status_code == 409
    assert db.session.scalars(select(ExchangeRate.rate)).all() == [KZT_RATE]


KZT_RATE = __import__("decimal").Decimal("0.1548")


@pytest.mark.parametrize(("change", "field"), [
    ({"rate": 0}, "rate"), ({"rate": "-1"}, "rate"), ({"rate": "0.000000001"}, "rate"),
    ({"rate": "1e400"}, "rate"), ({"rate": "NaN"}, "rate"), ({"rate": True}, "rate"),
    ({"rate": "x" * 1000}, "rate"),
    ({"currency": "XXX"}, "currency"), ({"currency": "UZS"}, "currency"),
    ({"quote": "GBP"}, "quote"), ({"quote": "KZT"}, "quote"), ({"currency": 7}, "currency"),
    ({"on": "01.12.2026"}, "on"), ({"on": "1999-12-31"}, "on"), ({"on": None}, "on"),
    ({"source": "x" * 101}, "source"), ({"source": 5}, "source"),
])
def test_a_bad_value_is_refused_with_422_under_its_field(client, bearer, secretariat, change,
                                                         field):
    response = client.post(PATH, json={**KZT, **change}, headers=bearer(secretariat))
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert db.session.scalars(select(ExchangeRate)).all() == []


def test_every_problem_is_listed_at_once(client, bearer, secretariat):
    response = client.post(PATH, json={"currency": "XXX", "quote": "YYY", "rate": -1},
                           headers=bearer(secretariat))
    assert set(response.get_json()["error"]["fields"]) == {"currency", "quote", "rate", "on"}


def test_only_the_secretariat_records_and_only_with_a_token(client, bearer):
    for roles in ((), ("contact_point:KZ",), ("admin",), ("council_member:RU",)):
        assert client.post(PATH, json=KZT, headers=bearer(make_user(*roles))).status_code == 403
    assert client.post(PATH, json=KZT).status_code == 401
    assert db.session.scalars(select(ExchangeRate)).all() == []


def test_a_body_that_is_not_an_object_is_malformed(client, bearer, secretariat):
    assert client.post(PATH, json=[KZT], headers=bearer(secretariat)).status_code == 400


def test_any_signed_in_caller_reads_the_rates_and_visitors_do_not(client, bearer, session):
    store("KZT", "RUB", "0.15", date(2026, 11, 1), "cbr")
    store("BYN", "RUB", "26.35", date(2026, 11, 2))
    db.session.commit()
    response = client.get(PATH, headers=bearer(make_user()))
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 2 and body["page"] == 1
    assert body["items"][0] == {"currency": "BYN", "quote": "RUB", "rate": "26.35000000",
                                "on": "2026-11-02", "source": "manual"}
    assert client.get(PATH).status_code == 401


def test_with_a_day_each_pair_gives_the_rate_in_force_that_day(client, bearer, session):
    store("KZT", "RUB", "0.15", date(2026, 11, 1))
    store("KZT", "RUB", "0.17", date(2026, 11, 30))
    store("KZT", "RUB", "0.99", date(2026, 12, 2))
    store("BYN", "RUB", "26", date(2026, 11, 3))
    store("KZT", "USD", "0.002", date(2026, 11, 3))
    db.session.commit()
    headers = bearer(make_user())
    body = client.get(f"{PATH}?currency=KZT&quote=RUB&on=2026-12-01", headers=headers).get_json()
    assert [(i["rate"], i["on"]) for i in body["items"]] == [("0.17000000", "2026-11-30")]
    every = client.get(f"{PATH}?on=2026-12-01", headers=headers).get_json()["items"]
    assert [(i["currency"], i["quote"], i["on"]) for i in every] == [
        ("BYN", "RUB", "2026-11-03"), ("KZT", "RUB", "2026-11-30"), ("KZT", "USD", "2026-11-03")]
    before = client.get(f"{PATH}?currency=KZT&on=2026-10-01", headers=headers).get_json()
    assert before["items"] == [] and before["total"] == 0
    history = client.get(f"{PATH}?currency=kzt&quote=RUB", headers=headers).get_json()
    assert [i["on"] for i in history["items"]] == ["2026-12-02", "2026-11-30", "2026-11-01"]


@pytest.mark.parametrize("query", ["currency=XXX", "quote=R", "on=2026-13-01", "on=yesterday",
                                   "on=" + "9" * 200])
def test_a_bad_filter_is_refused_with_422(client, bearer, session, query):
    assert client.get(f"{PATH}?{query}", headers=bearer(make_user())).status_code == 422
