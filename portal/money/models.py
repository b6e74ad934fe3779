"""A dated exchange rate: one unit of ``currency`` is worth ``rate`` units of ``quote`` from the
day ``on`` until the next rate of the same pair."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

#: The currencies a rate may name: the member states' and the common quote currencies.
RATE_CURRENCIES = ("AMD", "BYN", "KGS", "KZT", "RUB", "USD", "EUR", "CNY")


class ExchangeRate(db.Model):
    """One pair's rate from a day on; a pair has one rate a day (409 for a second)."""

    __tablename__ = "exchange_rate"
    __table_args__ = (
        UniqueConstraint("currency", "quote", "on"),
        CheckConstraint("rate > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    on: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 8))
    #: Where the rate comes from: ``cbr`` (fetched), a bank's name, ``manual``, ``csv``.
    source: Mapped[str] = mapped_column(String(100), default="manual", server_default="manual")
