"""A national bank's published daily rates: the Central Bank of Russia's XML
(``https://www.cbr.ru/scripts/XML_daily.asp``), fetched by the worker when ``RATES_SOURCE_URL``
is set.

The document is small (about 10 kB) and read with a timeout and a bound on its size; it is
windows-1251 with comma decimals, and each ``Value`` is the price in roubles of ``Nominal``
units (100 tenge, say), so one unit is worth ``Value / Nominal`` roubles. A document with a
DTD is refused before it is parsed (no entity can expand).
"""

from __future__ import annotations

import urllib.request
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from urllib.error import URLError
from xml.etree.ElementTree import Element, ParseError, fromstring

#: The source recorded with the Central Bank of Russia's rates.
CBR = "cbr"
#: The largest document read; the CBR's is about 10 kB.
MAX_BYTES = 512 * 1024
#: The largest number of currencies read from one document (the CBR publishes about 50).
MAX_CURRENCIES = 500


class RatesUnavailable(Exception):
    """The published rates could not be read: the source is down, slow, too large or not in
    the expected format. The message says which."""


def fetch(url: str, timeout: float, max_bytes: int = MAX_BYTES) -> bytes:
    """The document at ``url`` (http or https), at most ``max_bytes`` long."""
    if not url.lower().startswith(("http://", "https://")):
        raise RatesUnavailable(f"not an http(s) address: {url[:100]}")
    request = urllib.request.Request(url, headers={"User-Agent": "eaeu-cluster-portal"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            content = response.read(max_bytes + 1)
    except (URLError, OSError, ValueError) as error:
        raise RatesUnavailable(f"{url[:100]}: {error}") from error
    if len(content) > max_bytes:
        raise RatesUnavailable(f"{url[:100]}: larger than {max_bytes} bytes")
    return content


def _number(text: str | None) -> Decimal:
    try:
        number = Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        raise RatesUnavailable(f"not a number: {(text or '')[:40]!r}") from None
    if not number.is_finite() or number <= 0:
        raise RatesUnavailable(f"not a positive number: {(text or '')[:40]!r}")
    return number


def _child(element: Element, name: str) -> str | None:
    found = element.find(name)
    return found.text if found is not None else None


def parse_cbr_daily(content: bytes) -> tuple[date, list[tuple[str, Decimal]]]:
    """The day of the document and each currency's price of one unit in roubles."""
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise RatesUnavailable("a document with a DTD is refused")
    try:
        root = fromstring(content)  # noqa: S314  (bounded, and refused above with a DTD)
    except ParseError as error:
        raise RatesUnavailable(f"not XML: {error}") from error
    if root.tag != "ValCurs":
        raise RatesUnavailable(f"not the CBR's daily rates: <{root.tag[:40]}>")
    try:
        day = datetime.strptime(root.get("Date") or "", "%d.%m.%Y").date()
    except ValueError:
        raise RatesUnavailable(f"no day: {(root.get('Date') or '')[:20]!r}") from None
    valutes = root.findall("Valute")
    if len(valutes) > MAX_CURRENCIES:
        raise RatesUnavailable(f"more than {MAX_CURRENCIES} currencies")
    rates = []
    for valute in valutes:
        code = (_child(valute, "CharCode") or "").strip().upper()
        if len(code) != 3 or not code.isalpha():
            continue
        rates.append((code, _number(_child(valute, "Value")) / _number(_child(valute, "Nominal"))))
    return day, rates
