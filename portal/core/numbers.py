"""The one way a number is written for a person: in the language of the page (or of the e-mail's
reader), with Babel's grouping, decimal sign, currency and percent forms.

Pages and e-mails use the template filters ``number``, ``amount``, ``percent`` and ``quantity``;
Python code that puts a figure into a message calls the functions of the same names. The JSON API
keeps raw values and never comes here.
"""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit
from flask_babel import get_locale

Number = Decimal | int | float | str


def _locale() -> str:
    return str(get_locale() or "en")


def _decimal(value: Number) -> Decimal | None:
    """``value`` as a Decimal without trailing zeros (``3.0000`` is 3); None when it is no number."""
    if isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not number.is_finite():
        return None
    try:
        return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    except InvalidOperation:
        return number.normalize()


def number(value: Number | None, digits: int | None = None) -> str:
    """``1 234,5`` in Russian, ``1,234.5`` in English: every digit the value holds and no trailing
    zeros; ``digits`` fixes the digits after the decimal sign (scores to two places)."""
    if value is None:
        return ""
    plain = _decimal(value)
    if plain is None:
        return str(value)
    if digits is None:
        return format_decimal(plain, locale=_locale(), decimal_quantization=False)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(plain, format=pattern, locale=_locale())


def amount(value: Number | None, currency: str | None) -> str:
    """An amount with its currency as the language writes it (``500 000 000 ₽``, ``RUB500,000,000``):
    no decimals when the amount is whole, the currency's own digits (kopecks, cents) otherwise.
    Without a currency (a sentence that names it apart), the number alone, whole or to cents."""
    if value is None:
        return ""
    plain = _decimal(value)
    if plain is None:
        return str(value)
    whole = plain == plain.to_integral_value()
    if not currency:
        return number(plain, 0 if whole else 2)
    locale = _locale()
    if whole:
        pattern = copy.copy(Locale.parse(locale).currency_formats["standard"])
        pattern.frac_prec = (0, 0)
        return format_currency(plain, currency, format=pattern, locale=locale, currency_digits=False)
    return format_currency(plain, currency, locale=locale)


def percent(value: Number | None, places: int | None = None) -> str:
    """A rate from 0 to 1 as a percentage: 0.4 is ``40 %`` in Russian, ``40%`` in English; a
    fraction of a percent is kept (0.125 is 12.5 %), or rounded to at most ``places`` digits
    (a share of the way to a target)."""
    if value is None:
        return ""
    plain = _decimal(value)
    if plain is None:
        return str(value)
    locale = _locale()
    if places is None:
        return format_percent(plain, locale=locale, decimal_quantization=False)
    pattern = copy.copy(Locale.parse(locale).percent_formats[None])
    pattern.frac_prec = (0, places)
    return format_percent(plain, format=pattern, locale=locale)


def quantity(value: Number | None, unit: str | None = None) -> str:
    """An indicator's value with its unit: ``3 шт.``, not ``3.0000 шт.``."""
    if value is None:
        return ""
    written = number(value)
    return f"{written}\N{NO-BREAK SPACE}{unit}" if unit else written


def file_size(size: int | None) -> str:
    """A file's size in kilobytes, as the language writes the unit (``12,3 КБ``, ``12.3 kB``)."""
    if size is None:
        return ""
    kilobytes = round(Decimal(size) / 1024, 1)
    return format_unit(_decimal(kilobytes), "digital-kilobyte", length="short", locale=_locale())
