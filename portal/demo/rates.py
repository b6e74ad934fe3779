"""The demo's exchange rates: each member state's currency (and three common ones) in roubles,
as the Central Bank of Russia published them, a month ago and three days ago, so that a budget
in tenge, Belarusian roubles, drams or som converts at a rate in force today, and a page can
show which rate was in force on which day. Values are rounded from the CBR's rates of late
2025; the demo's budgets are in each partner's own currency."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from portal.core.db import utcnow
from portal.money import services

DEMO_SOURCE = "cbr (demo)"
#: Roubles per unit, a month ago and three days ago.
RATES_IN_ROUBLES = {
    "KZT": ("0.1571", "0.1548"),
    "BYN": ("26.8200", "26.3500"),
    "AMD": ("0.2071", "0.2046"),
    "KGS": ("0.9187", "0.9034"),
    "USD": ("80.3300", "79.4800"),
    "EUR": ("93.0600", "92.1400"),
    "CNY": ("11.2800", "11.0500"),
}
#: How many days ago each set of rates was published.
DAYS_AGO = (33, 3)


def load_rates(created: Counter) -> None:
    """Store the rates that are missing (a pair and day already stored is left as it is)."""
    today = utcnow().date()
    rates = [(currency, "RUB", Decimal(values[index]), today - timedelta(days=days))
             for currency, values in RATES_IN_ROUBLES.items()
             for index, days in enumerate(DAYS_AGO)]
    created["exchange rates stored"] += services.store_published_rates(rates, DEMO_SOURCE, "demo")


def in_roubles(currency: str) -> Decimal:
    """Roubles per unit of ``currency`` in force today (1 for the rouble)."""
    return Decimal(1) if currency == "RUB" else Decimal(RATES_IN_ROUBLES[currency][-1])
