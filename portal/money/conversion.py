"""The rate in force on a day between two currencies, from the stored rates.

One unit of ``currency`` is worth ``rate`` units of ``quote``. The rate in force on a day is
the latest stored on or before it: of the pair itself, else the inverse of the reversed pair
(RUB→KZT gives KZT→RUB), else a cross rate through a common quote currency (KZT→RUB and
BYN→RUB give KZT→BYN). A cross rate is dated by the older of its two rates, the day from which
both were in force. Rates are kept to the eight decimals their column holds.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, select

from portal.extensions import db
from portal.money.models import RATE_CURRENCIES, ExchangeRate

#: The places of ``Numeric(18, 8)``, and the largest rate it holds.
RATE_PLACES = Decimal("0.00000001")
RATE_CEILING = Decimal(10) ** 10
#: Common quote currencies a cross rate goes through, the first that gives one wins.
PIVOTS = ("RUB", "USD", "EUR", *(code for code in RATE_CURRENCIES if code not in ("RUB", "USD", "EUR")))


@dataclass(frozen=True)
class Conversion:
    """Units of ``quote`` per unit of ``currency`` on a day, with the day of the rate used."""

    currency: str
    quote: str
    rate: Decimal
    on: date
    #: The common quote currency of a cross rate; ``None`` for a stored or inverse rate.
    via: str | None = None

    def convert(self, amount: Decimal) -> Decimal:
        return amount * self.rate


def _in_places(rate: Decimal) -> Decimal | None:
    rate = rate.quantize(RATE_PLACES, ROUND_HALF_UP)
    return rate if 0 < rate < RATE_CEILING else None


class RateBook:
    """The rates in force on one day, each pair read from the database once."""

    def __init__(self, on: date):
        self.on = on
        self._stored: dict[tuple[str, str], ExchangeRate | None] = {}
        self._found: dict[tuple[str, str], Conversion | None] = {}

    def _latest(self, currency: str, quote: str) -> ExchangeRate | None:
        key = (currency, quote)
        if key not in self._stored:
            self._stored[key] = db.session.scalars(
                select(ExchangeRate).where(ExchangeRate.currency == currency,
                                           ExchangeRate.quote == quote, ExchangeRate.on <= self.on)
                .order_by(ExchangeRate.on.desc()).limit(1)).first()
        return self._stored[key]

    def _direct(self, currency: str, quote: str) -> tuple[Decimal, date] | None:
        if (row := self._latest(currency, quote)) is not None:
            return row.rate, row.on
        if (row := self._latest(quote, currency)) is not None:
            return Decimal(1) / row.rate, row.on
        return None

    def _cross(self, currency: str, quote: str) -> Conversion | None:
        for pivot in PIVOTS:
            if pivot in (currency, quote):
                continue
            to_pivot, from_pivot = self._direct(currency, pivot), self._direct(quote, pivot)
            if to_pivot and from_pivot and (rate := _in_places(to_pivot[0] / from_pivot[0])):
                return Conversion(currency, quote, rate, min(to_pivot[1], from_pivot[1]), pivot)
        return None

    def conversion(self, currency: str, quote: str) -> Conversion | None:
        """The rate in force on the book's day; ``None`` when no stored rate gives one."""
        if currency == quote:
            return Conversion(currency, quote, Decimal(1), self.on)
        key = (currency, quote)
        if key not in self._found:
            direct = self._direct(currency, quote)
            rate = _in_places(direct[0]) if direct else None
            self._found[key] = (Conversion(currency, quote, rate, direct[1])
                                if direct and rate else self._cross(currency, quote))
        return self._found[key]


def rate_in_force(currency: str, quote: str, on: date) -> Conversion | None:
    """Units of ``quote`` per unit of ``currency`` in force on ``on``; ``None`` without one."""
    return RateBook(on).conversion(currency, quote)


@dataclass(frozen=True)
class _Stored:
    rate: Decimal
    on: date


class RateHistory:
    """Every stored rate a span of days needs, read in two statements: the latest of each pair
    on or before ``first``, and every one after it up to ``last``. Its books give the rate in
    force on any day of the span by the rules above, with no further statement, for converting
    many amounts dated differently (the statistics' grants, each on its agreement's day)."""

    def __init__(self, first: date, last: date):
        self.first, self.last = first, last
        self._days: dict[tuple[str, str], list[date]] = {}
        self._rates: dict[tuple[str, str], list[Decimal]] = {}
        latest = (select(ExchangeRate.currency, ExchangeRate.quote,
                         func.max(ExchangeRate.on).label("on"))
                  .where(ExchangeRate.on <= first)
                  .group_by(ExchangeRate.currency, ExchangeRate.quote).subquery())
        columns = (ExchangeRate.currency, ExchangeRate.quote, ExchangeRate.on, ExchangeRate.rate)
        before = db.session.execute(select(*columns).join(latest, and_(
            ExchangeRate.currency == latest.c.currency, ExchangeRate.quote == latest.c.quote,
            ExchangeRate.on == latest.c.on))).all()
        within = db.session.execute(select(*columns).where(
            ExchangeRate.on > first, ExchangeRate.on <= last).order_by(ExchangeRate.on)).all()
        for rows in (before, within):
            for currency, quote, on, rate in rows:
                self._days.setdefault((currency, quote), []).append(on)
                self._rates.setdefault((currency, quote), []).append(rate)

    def latest(self, currency: str, quote: str, on: date) -> _Stored | None:
        """The pair's latest stored rate on or before ``on`` (a day of the span)."""
        days = self._days.get((currency, quote))
        if not days or (index := bisect_right(days, on)) == 0:
            return None
        return _Stored(self._rates[(currency, quote)][index - 1], days[index - 1])

    def book(self, on: date) -> RateBook:
        """A :class:`RateBook` of a day of the span that reads this history, not the database."""
        if not self.first <= on <= self.last:
            raise ValueError(f"{on} is outside the history's span {self.first}..{self.last}")
        return _HistoryBook(on, self)


class _HistoryBook(RateBook):
    def __init__(self, on: date, history: RateHistory):
        super().__init__(on)
        self._history = history

    def _latest(self, currency: str, quote: str):
        return self._history.latest(currency, quote, self.on)
