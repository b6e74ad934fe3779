"""Template filters that no feature owns."""

from __future__ import annotations

import base64
import json
import re

from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from portal.core.numbers import amount, file_size, number, percent, quantity
from portal.core.timezones import format_moment, zone_label


def b64encode(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def readable_json(value) -> str:
    """A value as JSON a person can read: letters of every language as they are, not escaped
    (Jinja's ``tojson`` escapes them for scripts; autoescaping keeps this safe in HTML)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def moment(value, format: str | None = None, zone: str | None = None) -> str:
    """Every time on a page: in the reader's zone (or ``zone``), to the minute, with the zone
    named (see :func:`portal.core.timezones.format_moment`). ``format`` is accepted and ignored,
    so that Flask-Babel's ``datetimeformat('medium')`` calls land here too."""
    return format_moment(value, zone)


#: A language tag as the profiles store it (``ru``, ``kk``, ``en-GB``).
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def lang_attr(language: str | None) -> Markup:
    """`` lang="xx"`` for an element holding text people wrote in ``language`` (a profile's,
    an ad's, a proposal's), when that is not the page's language; nothing otherwise, nor for
    a value that is no language tag. Every such text on a page gets its language from here:
    ``<p{{ organisation.language|lang_attr }}>``."""
    if not language or not _LANGUAGE_TAG.match(language):
        return Markup("")
    page = str(get_locale() or "")
    if language.split("-")[0].lower() == page.split("_")[0].lower():
        return Markup("")
    return Markup(' lang="{}"').format(language)


def init_app(app: Flask) -> None:
    """Registered after Flask-Babel: its ``datetimeformat`` filter is replaced by :func:`moment`,
    which leaves one way to show a time; numbers, amounts, rates and indicator values are written
    by the filters of :mod:`portal.core.numbers`."""
    app.add_template_filter(b64encode, "b64encode")
    app.add_template_filter(readable_json, "readable_json")
    app.add_template_filter(lang_attr, "lang_attr")
    app.add_template_filter(moment, "moment")
    app.add_template_filter(moment, "datetimeformat")
    app.add_template_global(zone_label, "zone_label")
    for name, written in (("number", number), ("amount", amount), ("percent", percent),
                          ("quantity", quantity), ("file_size", file_size)):
        app.add_template_filter(written, name)
