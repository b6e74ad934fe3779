"""Each language's way of writing a number, an amount with its currency, a rate and an
indicator's value: the filters of :mod:`portal.core.numbers` give Babel's forms for the page's
language, never ``500000000.00 RUB``, ``0.40`` or ``3.0000``."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_symbol,
    get_decimal_symbol,
)
from babel.units import format_unit
from flask_babel import force_locale

from portal.core import numbers

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def in_language(app):
    with app.test_request_context():
        yield force_locale


@pytest.mark.parametrize("language", ("ru", "en"))
def test_a_whole_amount_is_written_with_the_languages_grouping_and_currency_and_no_decimals(
        in_language, language):
    with in_language(language):
        written = numbers.amount(Decimal("500000000.00"), "RUB")
    assert format_decimal(500000000, locale=language) in written
    assert get_currency_symbol("RUB", locale=language) in written
    assert get_decimal_symbol(language) + "00" not in written
    assert "500000000" not in written


def test_a_whole_amount_in_russian_reads_500_000_000_roubles(in_language):
    with in_language("ru"):
        assert numbers.amount(Decimal("500000000.00"), "RUB") == "500\xa0000\xa0000\xa0₽"


@pytest.mark.parametrize("language", ("ru", "en"))
def test_an_amount_with_kopecks_is_written_as_babel_writes_the_currency(in_language, language):
    with in_language(language):
        assert numbers.amount(Decimal("1234.5"), "KZT") == format_currency(
            Decimal("1234.5"), "KZT", locale=language)


def test_an_amount_without_a_currency_is_the_number_whole_or_to_cents(in_language):
    with in_language("ru"):
        assert numbers.amount(Decimal("13209000.00"), None) == "13\xa0209\xa0000"
        assert numbers.amount(Decimal("0.5"), None) == "0,50"


@pytest.mark.parametrize("language", ("ru", "en"))
def test_a_rate_is_a_percentage_of_the_language(in_language, language):
    with in_language(language):
        assert numbers.percent(Decimal("0.40")) == format_percent(Decimal("0.4"), locale=language)
        assert numbers.percent(Decimal("0.125")) == format_percent(
            Decimal("0.125"), locale=language, decimal_quantization=False)


def test_a_rate_of_0_4_is_40_percent_in_russian(in_language):
    with in_language("ru"):
        assert numbers.percent(Decimal("0.4")) == "40\xa0%"
        assert numbers.percent(Decimal("0.08333"), places=1) == "8,3\xa0%"


def test_an_indicator_value_drops_trailing_zeros_and_keeps_its_unit(in_language):
    with in_language("ru"):
        assert numbers.quantity(Decimal("3.0000"), "шт.") == "3\xa0шт."
        assert numbers.quantity(Decimal("2.5000"), "млн руб.") == "2,5\xa0млн руб."
        assert numbers.number(Decimal("30.000")) == "30"
    with in_language("en"):
        assert numbers.number(Decimal("1234567.50")) == "1,234,567.5"
        assert numbers.number(Decimal("3.14159"), 2) == "3.14"


def test_nothing_is_written_for_a_missing_value(in_language):
    with in_language("ru"):
        assert numbers.amount(None, "RUB") == numbers.percent(None) == numbers.quantity(None) == ""


def test_a_file_size_is_in_kilobytes_as_the_language_writes_them(in_language):
    with in_language("ru"):
        assert numbers.file_size(12600) == format_unit(
            Decimal("12.3"), "digital-kilobyte", length="short", locale="ru")
        assert numbers.file_size(12600).startswith("12,3")


def test_no_template_writes_a_number_or_a_time_another_way():
    """Numbers go through ``number``/``amount``/``percent``/``quantity``, times through
    ``moment``: Flask-Babel's number filters, ``round``, ``%``-formatting, ``isoformat`` and
    ``strftime`` do not appear in a template, nor a date filter on a ``…_at`` time."""
    other_ways = re.compile(r"\|\s*(decimalformat|currencyformat|percentformat|numberformat|round)\b"
                            r"|\.isoformat\(|\.strftime\(|\"%\.\d+f\"|_at\|dateformat")
    found = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
             for path in sorted(TEMPLATES.rglob("*")) if path.is_file()
             for match in other_ways.finditer(path.read_text(encoding="utf-8"))]
    #: A bar's width in its style attribute, not a figure a person reads.
    assert found == ["projects/_progress.html: |round"]
