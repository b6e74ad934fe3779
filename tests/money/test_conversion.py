"""The rate in force on a day: the latest stored on or before it, the inverse of the reversed
pair, or a cross rate through a common quote currency, dated by the older of its two rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.money.conversion import RateBook, rate_in_force
from tests.money.conftest import store

DAY = date(2026, 12, 1)


def test_the_rate_in_force_is_the_latest_on_or_before_the_day(session):
    store("KZT", "RUB", "0.15", date(2026, 11, 1))
    store("KZT", "RUB", "0.17", date(2026, 11, 30))
    store("KZT", "RUB", "0.99", date(2026, 12, 2))
    found = rate_in_force("KZT", "RUB", DAY)
    assert (found.rate, found.on, found.via) == (Decimal("0.17"), date(2026, 11, 30), None)
    assert rate_in_force("KZT", "RUB", date(2026, 11, 15)).rate == Decimal("0.15")
    assert rate_in_force("KZT", "RUB", date(2026, 10, 31)) is None


def test_a_currency_converts_to_itself_at_one(session):
    found = rate_in_force("BYN", "BYN", DAY)
    assert (found.rate, found.on) == (Decimal(1), DAY)


def test_the_reversed_pair_gives_the_inverse_rate(session):
    store("RUB", "KZT", "6.25", date(2026, 11, 20))
    found = rate_in_force("KZT", "RUB", DAY)
    assert found.rate == Decimal("0.16") and found.on == date(2026, 11, 20)


def test_a_cross_rate_goes_through_the_common_quote_currency_dated_by_the_older_rate(session):
    store("KZT", "RUB", "0.15", date(2026, 11, 28))
    store("BYN", "RUB", "25", date(2026, 11, 25))
    found = rate_in_force("KZT", "BYN", DAY)
    assert found.rate == Decimal("0.006") and found.via == "RUB"
    assert found.on == date(2026, 11, 25)
    assert found.convert(Decimal("1000000")) == Decimal("6000.000")
    back = rate_in_force("BYN", "KZT", DAY)
    assert back.rate == Decimal("166.66666667")


def test_a_cross_rate_through_an_inverse_rate(session):
    store("RUB", "AMD", "5", date(2026, 11, 1))
    store("KGS", "RUB", "0.9", date(2026, 11, 1))
    assert rate_in_force("KGS", "AMD", DAY).rate == Decimal("4.5")


def test_no_rate_without_a_path(session):
    store("KZT", "RUB", "0.15", date(2026, 11, 28))
    assert rate_in_force("KZT", "AMD", DAY) is None


def test_a_book_reads_each_pair_once(session):
    store("KZT", "RUB", "0.15", date(2026, 11, 28))
    book = RateBook(DAY)
    first = book.conversion("KZT", "RUB")
    store("KZT", "RUB", "0.5", date(2026, 11, 30))
    assert book.conversion("KZT", "RUB") is first
