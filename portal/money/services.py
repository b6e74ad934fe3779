"""Recording exchange rates: by the secretariat (page and API), from a CSV file, from a central
bank's daily rates. Every way goes through :func:`check_rate`, so that a rate is refused for the
same reasons wherever it comes from; each service audits and flushes, the caller commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import Select, select

from portal.core import audit, limits
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.money.models import RATE_CURRENCIES, ExchangeRate
from portal.money.permissions import may_manage_rates

#: The source of a rate the secretariat enters without naming one.
MANUAL = "manual"
FIELDS = ("currency", "quote", "rate", "on", "source")


@dataclass(frozen=True)
class RateValues:
    currency: str
    quote: str
    rate: Decimal
    on: date
    source: str


def check_currency(problems: Problems, name: str, value) -> str:
    code = value.strip().upper() if isinstance(value, str) else None
    if code not in RATE_CURRENCIES:
        add_problem(problems, name, _("Unknown currency; one of %(codes)s.",
                                      codes=", ".join(RATE_CURRENCIES)))
        return ""
    return code


def _rate(problems: Problems, value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        add_problem(problems, "rate", _("Must be a number."))
        return None
    text = str(value).strip().replace(",", ".")
    try:
        number = Decimal(text) if len(text) <= 40 else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        add_problem(problems, "rate", _("Must be a number."))
        return None
    if number <= 0:
        add_problem(problems, "rate", _("A rate must be greater than zero."))
        return None
    if problem := limits.number_problem(number, limits.EXCHANGE_RATE):
        add_problem(problems, "rate", problem)
        return None
    rounded = limits.in_places(number, limits.EXCHANGE_RATE)
    if rounded <= 0:
        add_problem(problems, "rate", _("A rate must be greater than zero."))
        return None
    return rounded


def check_day(problems: Problems, value) -> date | None:
    day = value if isinstance(value, date) else None
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if day is None:
        add_problem(problems, "on", _("Give a date as YYYY-MM-DD."))
        return None
    if problem := limits.date_problem(day):
        add_problem(problems, "on", problem)
        return None
    return day


def _source(problems: Problems, value, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        add_problem(problems, "source", _("Must be text."))
        return default
    if problem := limits.text_problem(value.strip(), limits.LABEL_MAX):
        add_problem(problems, "source", problem)
        return default
    return value.strip() or default


def check_rate(values: dict, default_source: str = MANUAL) -> RateValues:
    """The checked values of one rate, or a 422 with every problem under its field."""
    problems: Problems = {}
    currency = check_currency(problems, "currency", values.get("currency"))
    quote = check_currency(problems, "quote", values.get("quote"))
    if currency and currency == quote:
        add_problem(problems, "quote", _("The quote currency must differ from the currency."))
    rate = _rate(problems, values.get("rate"))
    day = check_day(problems, values.get("on"))
    source = _source(problems, values.get("source"), default_source)
    raise_if(problems)
    assert rate is not None and day is not None  # raise_if refused a missing one
    return RateValues(currency, quote, rate, day, source)


def _existing(values: RateValues) -> ExchangeRate | None:
    return db.session.scalar(select(ExchangeRate).where(
        ExchangeRate.currency == values.currency, ExchangeRate.quote == values.quote,
        ExchangeRate.on == values.on))


def _add(values: RateValues) -> ExchangeRate:
    rate = ExchangeRate(currency=values.currency, quote=values.quote, rate=values.rate,
                        on=values.on, source=values.source)
    db.session.add(rate)
    return rate


def _audit(action: str, actor, rate: ExchangeRate) -> None:
    audit.record(action, actor, f"exchange_rate:{rate.id}", currency=rate.currency,
                 quote=rate.quote, rate=str(rate.rate), on=rate.on.isoformat(), source=rate.source)


def record_rate(values: dict, actor) -> ExchangeRate:
    """Record one rate (the secretariat, on the page or through the API): 422 for a bad value,
    409 when the pair already has a rate that day; a rate once recorded is never changed, so
    that a budget converted with it can always be explained."""
    if not may_manage_rates(actor):
        raise PermissionDenied(_("Only the secretariat records exchange rates."))
    checked = check_rate(values)
    if _existing(checked) is not None:
        raise ConflictError(_("%(currency)s→%(quote)s already has a rate on %(on)s.",
                              currency=checked.currency, quote=checked.quote,
                              on=checked.on.isoformat()))
    rate = _add(checked)
    db.session.flush()
    _audit("exchange_rate.record", actor, rate)
    return rate


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str


def check_rows(rows: Iterable[tuple[int, dict]], default_source: str) -> tuple[
        list[RateValues], list[RowProblem]]:
    """The checked rates of numbered rows, and every problem with its line: a bad value, a
    pair and day given twice, or one that already has a rate."""
    checked: list[RateValues] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str, date], int] = {}
    for line, row in rows:
        try:
            values = check_rate(row, default_source)
        except ValidationError as error:
            problems.extend(RowProblem(line, name, message)
                            for name, messages in error.fields.items() for message in messages)
            continue
        key = (values.currency, values.quote, values.on)
        if key in seen:
            problems.append(RowProblem(line, "on", _("The same pair and day as line %(line)d.",
                                                     line=seen[key])))
        elif _existing(values) is not None:
            problems.append(RowProblem(line, "on", _(
                "%(currency)s→%(quote)s already has a rate on %(on)s.", currency=values.currency,
                quote=values.quote, on=values.on.isoformat())))
        else:
            seen[key] = line
            checked.append(values)
    return checked, problems


def import_rates(checked: list[RateValues], actor) -> int:
    """Record rates checked by :func:`check_rows` (the ``portal rates import`` command, whose
    caller runs the portal): all of them, audited as one import. Returns how many."""
    rates = [_add(values) for values in checked]
    db.session.flush()
    audit.record_many(actor, [("exchange_rate.import", f"exchange_rate:{rate.id}",
                               {"currency": rate.currency, "quote": rate.quote,
                                "rate": str(rate.rate), "on": rate.on.isoformat(),
                                "source": rate.source}) for rate in rates])
    return len(rates)


def store_published_rates(rates: Iterable[tuple[str, str, Decimal, date]], source: str,
                          actor) -> int:
    """Store a bank's published rates (the worker's daily fetch): the ones the portal knows the
    currencies of and does not have yet; a rate already stored that day is kept, so that a
    repeated fetch changes nothing. Returns how many were stored."""
    wanted = [(currency, quote, rate, on) for currency, quote, rate, on in rates
              if currency in RATE_CURRENCIES and quote in RATE_CURRENCIES and currency != quote]
    values = []
    for currency, quote, rate, on in wanted:
        try:
            values.append(check_rate({"currency": currency, "quote": quote, "rate": rate,
                                      "on": on, "source": source}))
        except ValidationError:
            continue  # a rate the portal cannot hold (out of bounds) is left out
    fresh = [value for value in values if _existing(value) is None]
    return import_rates(fresh, actor) if fresh else 0


def rates_query(currency: str | None = None, quote: str | None = None) -> Select:
    """The stored rates, the latest day first, optionally of one currency and quote."""
    query = select(ExchangeRate).order_by(ExchangeRate.on.desc(), ExchangeRate.currency,
                                          ExchangeRate.quote)
    if currency:
        query = query.where(ExchangeRate.currency == currency)
    if quote:
        query = query.where(ExchangeRate.quote == quote)
    return query


def rates_in_force_query(on: date, currency: str | None = None, quote: str | None = None) -> Select:
    """Of each pair (of ``currency`` and ``quote``, when given) the rate in force on ``on``:
    the latest stored on or before it."""
    latest = (select(ExchangeRate.currency, ExchangeRate.quote,
                     db.func.max(ExchangeRate.on).label("on"))
              .where(ExchangeRate.on <= on).group_by(ExchangeRate.currency, ExchangeRate.quote))
    if currency:
        latest = latest.where(ExchangeRate.currency == currency)
    if quote:
        latest = latest.where(ExchangeRate.quote == quote)
    latest_sub = latest.subquery()
    return (select(ExchangeRate)
            .join(latest_sub, (ExchangeRate.currency == latest_sub.c.currency)
                  & (ExchangeRate.quote == latest_sub.c.quote) & (ExchangeRate.on == latest_sub.c.on))
            .order_by(ExchangeRate.currency, ExchangeRate.quote))
