"""Exchange rates in the JSON API (API.md "Money"): every signed-in caller reads them, the
secretariat records them."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from portal.core.api import bp, json_body, paginate, require, token_required
from portal.core.validation import Problems, raise_if
from portal.extensions import db
from portal.money import services
from portal.money.models import ExchangeRate
from portal.money.permissions import may_manage_rates, may_read_rates


def rate_json(rate: ExchangeRate) -> dict:
    return {"currency": rate.currency, "quote": rate.quote, "rate": str(rate.rate),
            "on": rate.on.isoformat(), "source": rate.source}


def _filters() -> tuple[str | None, str | None, object]:
    """``?currency=&quote=&on=``, each checked as a rate's own value is (422 when unknown)."""
    problems: Problems = {}
    args = request.args
    currency = services.check_currency(problems, "currency", args["currency"]) if args.get(
        "currency") else None
    quote = services.check_currency(problems, "quote", args["quote"]) if args.get("quote") else None
    on = services.check_day(problems, args["on"]) if args.get("on") else None
    raise_if(problems)
    return currency, quote, on


@bp.get("/exchange-rates")
@token_required
def list_exchange_rates():
    """The stored exchange rates, or those in force on a day.
    ---
    get:
      summary: Exchange rates (any signed-in caller); with `on`, the rate of each pair in force that day
      tags: [money]
      parameters:
        - {name: currency, in: query, schema: {type: string, enum: [AMD, BYN, KGS, KZT, RUB, USD, EUR, CNY]}}
        - {name: quote, in: query, schema: {type: string, enum: [AMD, BYN, KGS, KZT, RUB, USD, EUR, CNY]}}
        - {name: "on", in: query, schema: {type: string, format: date},
           description: "the latest rate on or before this day, of each pair"}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of {currency, quote, rate, on, source}: one unit of currency
                            is worth rate units of quote from the day on"}
        422: {description: "an unknown currency or a day that is not YYYY-MM-DD"}
    """
    require(may_read_rates, _("Sign in to read exchange rates."))
    currency, quote, on = _filters()
    query = (services.rates_in_force_query(on, currency, quote) if on is not None
             else services.rates_query(currency, quote))
    return paginate(query, rate_json)


@bp.post("/exchange-rates")
@token_required
def create_exchange_rate():
    """Record an exchange rate.
    ---
    post:
      summary: Record a rate (the secretariat); one per currency, quote and day
      tags: [money]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [currency, quote, rate, "on"]
              properties:
                currency: {type: string, enum: [AMD, BYN, KGS, KZT, RUB, USD, EUR, CNY]}
                quote: {type: string, enum: [AMD, BYN, KGS, KZT, RUB, USD, EUR, CNY]}
                rate: {type: [number, string], description: "units of quote per unit of currency, above 0"}
                "on": {type: string, format: date}
                source: {type: string, maxLength: 100, description: "manual by default"}
      responses:
        201: {description: "the rate: {currency, quote, rate, on, source}"}
        403: {description: "not the secretariat"}
        409: {description: "the pair already has a rate that day"}
        422: {description: "a rate of 0 or less, an unknown currency, a bad day; every one in fields"}
    """
    user = require(may_manage_rates, _("Only the secretariat records exchange rates."))
    rate = services.record_rate(json_body(), user)
    db.session.commit()
    return rate_json(rate), 201
