"""What any request may send, checked once before a view runs, for the pages and the API alike.

- An id in a path (``<int:…>``) is a whole number from 1 to :data:`MAX_ID`, the range of the
  id columns: anything else matches no route (404), so no database sees it.
- An id in a query (``?proposal_id=``) or a JSON body (a key ``id`` or ``…_id``, at any depth)
  is a whole number in the same range: 422 with the field otherwise.
- ``page`` is a whole number from 1 to :data:`MAX_PAGE`, ``per_page`` one of 1 or more (a list
  reads at most 100): 400 with the field otherwise.
- No text (a query or form value, a path segment, a JSON key or string) holds a NUL character
  or a lone surrogate; a JSON body is UTF-8, nested at most :data:`MAX_JSON_DEPTH` deep and has
  only finite numbers: 400 otherwise.

The limits of particular fields (lengths, amounts, dates) are the features' own.
"""

from __future__ import annotations

import json
import re

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import format_number
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from portal.core.errors import BadRequest, ValidationError
from portal.core.limits import INTEGER_MAX

#: The largest id: PostgreSQL's ``integer``, the type of every id column.
MAX_ID = INTEGER_MAX
#: The deepest JSON a request may send; the API's deepest body has three levels.
MAX_JSON_DEPTH = 32
#: The last page a list may be asked for, so that an offset stays small on every database.
MAX_PAGE = 10_000
#: The largest ``per_page`` read (a list then caps it at its own maximum).
_PER_PAGE_READ = 10**9 - 1
_REFUSED_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def whole_number(raw: str, maximum: int) -> int | None:
    """``raw`` as a whole number of ASCII digits from 1 to ``maximum``; ``None`` for anything
    else (``str.isdigit`` alone would take ``²`` and ``٣``)."""
    if not raw.isascii() or not raw.isdigit() or len(raw.lstrip("0")) > len(str(maximum)):
        return None
    value = int(raw)
    return value if 1 <= value <= maximum else None


def row_argument(name: str, default: int | None = None) -> int | None:
    """The query argument ``name`` where it names a row by its id or number (``?organisation=``,
    a version ``?a=``): ``default`` when it is missing; a whole number from 1 to :data:`MAX_ID`
    otherwise, or not found (404), as a path id would be."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    value = whole_number(raw, MAX_ID)
    if value is None:
        raise NotFound()
    return value


def is_id_name(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def id_out_of_range(value) -> bool:
    """A JSON number given as an id that no row can have (other types are the fields' own)."""
    return isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= MAX_ID


class IdConverter(IntegerConverter):
    """Werkzeug's ``int``, bounded to the id columns and to ASCII digits: ``/organisations/
    2147483648`` is not found (404, whatever the method) instead of overflowing a PostgreSQL
    integer. Raising ``NotFound`` rather than failing the match keeps Werkzeug from answering
    405 for a method that another rule of the same shape allows."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        number = whole_number(value, MAX_ID)
        if number is None:
            raise NotFound()
        return number


def _text_refused() -> str:
    return _("Text may not contain the NUL character or unpaired surrogates.")


def _malformed(field: str | None, message: str) -> BadRequest:
    return BadRequest(message, {field: [message]} if field else None)


def _check_text(field: str, value: str) -> None:
    """A refused name is not echoed back as the field; a multipart part whose name or value
    could not be read as text is malformed too."""
    if not isinstance(field, str) or _REFUSED_CHARACTERS.search(field):
        raise _malformed(None, _text_refused())
    if not isinstance(value, str) or _REFUSED_CHARACTERS.search(value):
        raise _malformed(field, _text_refused())


def _refuse_non_finite(literal: str):
    raise _malformed(None, _("Numbers must be finite: %(number)s is not.", number=literal))


def _finite_float(literal: str) -> float:
    number = float(literal)
    if number in (float("inf"), float("-inf")):
        _refuse_non_finite(literal)
    return number


def _walk_json(document) -> None:
    """Depth, texts and ids of a parsed document, without recursion."""
    pending = [(document, "", 1)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise _malformed(None, _("JSON may be nested at most %(depth)d levels deep.",
                                     depth=MAX_JSON_DEPTH))
        if isinstance(value, str):
            _check_text(path, value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if _REFUSED_CHARACTERS.search(key):
                    raise _malformed(None, _text_refused())
                field = f"{path}.{key}" if path else key
                if is_id_name(key) and id_out_of_range(item):
                    message = _("No object has this id.")
                    raise ValidationError(message, {field: [message]})
                pending.append((item, field, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value))


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, read strictly: UTF-8, finite numbers, and :func:`_walk_json`. Invalid JSON
    stays a ``ValueError`` (``get_json(silent=True)`` gives ``None``); a refused document is a
    400 or a 422 of its own."""

    def loads(self, s: str | bytes, **kwargs):
        try:
            text = s.decode("utf-8") if isinstance(s, bytes) else s
        except UnicodeDecodeError:
            raise _malformed(None, _("The request is not valid UTF-8.")) from None
        try:
            document = json.loads(text, parse_float=_finite_float, parse_constant=_refuse_non_finite,
                                  **kwargs)
        except RecursionError:
            raise _malformed(None, _("JSON may be nested at most %(depth)d levels deep.",
                                     depth=MAX_JSON_DEPTH)) from None
        _walk_json(document)
        return document


def paging(name: str) -> int | None:
    """The request's ``page`` or ``per_page``: ``None`` when it is not given; 400 with the
    field for anything but a whole number of 1 or more (and a page beyond :data:`MAX_PAGE`)."""
    raw = request.args.get(name, "")
    if not raw:
        return None
    value = whole_number(raw, MAX_PAGE if name == "page" else _PER_PAGE_READ)
    if value is None:
        message = (_("The page number must be a whole number from 1 to %(maximum)s.",
                     maximum=format_number(MAX_PAGE))
                   if name == "page" else
                   _("The number of items per page must be a whole number of 1 or more."))
        raise _malformed(name, message)
    return value


def _check_query_ids() -> None:
    for name, raw in request.args.items(multi=True):
        if is_id_name(name) and raw and whole_number(raw, MAX_ID) is None:
            message = _("Must be an id: a whole number from 1 to %(maximum)s.",
                        maximum=format_number(MAX_ID))
            raise ValidationError(message, {name: [message]})


def check_request() -> None:
    """Refuse what no view should see (the module's docstring), before anything is read."""
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            _check_text(name, value)
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str):
            _check_text(name, value)
    paging("page")
    paging("per_page")
    _check_query_ids()
    if request.is_json and request.content_length != 0:
        request.get_json(silent=True)


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered, so that every ``<int:…>`` rule is bounded."""
    app.json = StrictJSONProvider(app)
    app.url_map.converters["int"] = IdConverter
    app.before_request(check_request)
