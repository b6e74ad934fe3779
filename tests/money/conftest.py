"""API callers with tokens, and stored rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.accounts import tokens
from portal.extensions import db
from portal.money.models import ExchangeRate


@pytest.fixture
def bearer(session):
    """``bearer(user)``: the headers of a request with a new token of ``user``."""

    def headers(user) -> dict:
        _row, token = tokens.create_token(user, "test", user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}

    return headers


def store(currency: str, quote: str, rate: str, on: date, source: str = "manual") -> ExchangeRate:
    row = ExchangeRate(currency=currency, quote=quote, rate=Decimal(rate), on=on, source=source)
    db.session.add(row)
    db.session.flush()
    return row
