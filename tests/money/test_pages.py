"""The secretariat's page of exchange rates: listed, recorded by the same rules as the API,
linked from the navigation; nobody else reaches it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.money.models import ExchangeRate
from tests.factories import make_user
from tests.money.conftest import store
from tests.pages import signed_in

FORM = {"currency": "BYN", "quote": "RUB", "rate": "26,35", "on": "2026-12-01", "source": ""}


def test_the_secretariat_lists_and_records_rates_from_its_navigation(app, session):
    staff = make_user("secretariat", with_totp=True)
    store("KZT", "RUB", "0.1548", date(2026, 11, 30), "cbr")
    db.session.commit()
    client = signed_in(app, staff)
    home = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/rates"' in home and "Exchange rates" in home
    page = client.get("/rates").get_data(as_text=True)
    # as a person writes them: no trailing zeros, the day in words
    assert "0.1548<" in page and "Nov 30, 2026" in page and "cbr" in page
    response = client.post("/rates", data=FORM)
    assert response.status_code == 302
    stored = db.session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "BYN")).one()
    assert (stored.rate, stored.on, stored.source) == (Decimal("26.35"), date(2026, 12, 1),
                                                        "manual")
    assert "Recorded: one BYN is 26.35" in client.get("/rates").get_data(as_text=True)


def test_the_page_refuses_what_the_api_refuses(app, session):
    staff = make_user("secretariat", with_totp=True)
    db.session.commit()
    client = signed_in(app, staff)
    refused = client.post("/rates", data={**FORM, "rate": "0"})
    assert refused.status_code == 422
    assert "A rate must be greater than zero." in refused.get_data(as_text=True)
    assert client.post("/rates", data={**FORM, "quote": "BYN"}).status_code == 422
    assert client.post("/rates", data=FORM).status_code == 302
    again = client.post("/rates", data=FORM)
    assert again.status_code == 409 and "already has a rate" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(ExchangeRate)).all()) == 1


def test_nobody_but_the_secretariat_reaches_the_page(app, client, session):
    member = make_user("org_member:1")
    db.session.commit()
    other = signed_in(app, member)
    assert other.get("/rates").status_code == 403
    assert other.post("/rates", data=FORM).status_code == 403
    assert 'href="/rates"' not in other.get("/dashboard").get_data(as_text=True)
    assert client.get("/rates").status_code == 302
    assert db.session.scalars(select(ExchangeRate)).all() == []
