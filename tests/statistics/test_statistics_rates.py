"""The rates the statistics convert grants with, read once for a span of days, give the same
conversion as the rate in force read day by day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.money.conversion import RateHistory, rate_in_force
from portal.money.models import ExchangeRate
from tests.perf.test_statement_counts import statements

DAY = date(2026, 3, 1)


def _rates():
    for currency, quote, days, rate in (("KZT", "RUB", -40, "0.19"), ("KZT", "RUB", 3, "0.21"),
                                        ("RUB", "KZT", 10, "5.5"), ("BYN", "USD", -1, "0.31"),
                                        ("RUB", "USD", 5, "0.011"), ("AMD", "RUB", 30, "0.25")):
        db.session.add(ExchangeRate(currency=currency, quote=quote, on=DAY + timedelta(days=days),
                                    rate=Decimal(rate)))
    db.session.flush()


def test_a_history_converts_as_the_rate_in_force_on_each_day(session):
    _rates()
    history = RateHistory(DAY, DAY + timedelta(days=20))

    for offset in range(21):
        on = DAY + timedelta(days=offset)
        for pair in (("KZT", "RUB"), ("RUB", "KZT"), ("BYN", "RUB"), ("BYN", "KZT"),
                     ("AMD", "RUB"), ("RUB", "RUB")):
            assert history.book(on).conversion(*pair) == rate_in_force(*pair, on), (pair, on)


def test_a_history_reads_the_rates_in_two_statements_and_its_books_none(session):
    _rates()
    with statements() as sent:
        history = RateHistory(DAY, DAY + timedelta(days=20))
        for offset in range(21):
            history.book(DAY + timedelta(days=offset)).conversion("BYN", "KZT")

    assert len(sent) == 2


def test_a_day_outside_the_history_is_refused(session):
    history = RateHistory(DAY, DAY)
    with pytest.raises(ValueError):
        history.book(DAY + timedelta(days=1))
