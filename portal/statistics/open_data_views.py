"""The open data's page and downloads (API.md "Funded projects"): ``/open-data`` documents each
dataset, ``/open-data/<name>.csv`` and ``/open-data/<name>.json`` stream it. Public: no account
and no token, the same data for every reader.

CSV follows RFC 4180 (the ``csv`` module; comma, double quotes, CRLF) with a header row. It is
UTF-8 **with a byte order mark**: Excel, which most readers in the member states open a CSV
with, reads a CSV without one in the Windows code page of the region (Windows-1251 for
Russian) and garbles every Cyrillic letter; with the mark it reads UTF-8. Python reads it with
``encoding="utf-8-sig"``. Dates are ISO 8601, decimals have a point, an empty cell is a missing
value. A text cell that begins with ``= + - @``, a tab, a carriage return or an apostrophe gets
an apostrophe in front, so that a spreadsheet shows it rather than running it as a formula
(CSV injection); to get the original text back, drop the first character of a text cell that
begins with an apostrophe. Codes, numbers and dates are never changed.

JSON is ``{"dataset", "licence", "generated_at", "columns", "items"}``, the items keyed by the
same column names; decimals are strings, as in the API, so that no precision is lost.

Both are streamed batch by batch (:mod:`portal.statistics.open_data`), so memory does not grow
with the dataset.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

from flask import Blueprint, Response, abort, render_template, stream_with_context

from portal.core.db import utcnow
from portal.statistics.open_data import DATASETS, KIND_LABELS, LICENCE, Column, Dataset, Kind

bp = Blueprint("open_data", __name__, url_prefix="/open-data")

BOM = "\ufeff"
#: What a spreadsheet would take for the start of a formula (OWASP's list) and the apostrophe
#: that marks a guarded cell, so that the guard can always be undone.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
#: Rows written per chunk of the response.
CHUNK_ROWS = 200


def _iso_moment(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def json_value(column: Column, value):
    """A row's value in JSON: whole numbers as numbers, decimals, dates and times as
    strings."""
    if value is None:
        return None
    if column.kind == Kind.INTEGER:
        return int(value)
    if column.kind == Kind.DECIMAL:
        return format(Decimal(value), "f")
    if column.kind == Kind.DATETIME:
        return _iso_moment(value)
    if column.kind == Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return str(value)


def csv_cell(column: Column, value) -> str:
    """A row's value in CSV: as in JSON, an empty cell for a missing value, and free text
    guarded against being run as a formula."""
    shown = json_value(column, value)
    if shown is None:
        return ""
    shown = str(shown)
    if column.kind == Kind.TEXT and shown.startswith(FORMULA_STARTS):
        return "'" + shown
    return shown


def _chunks(rows: Iterable[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def csv_stream(dataset: Dataset) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(dataset.column_names)
    yield (BOM + buffer.getvalue()).encode()
    for chunk in _chunks(dataset.rows()):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([csv_cell(column, row[column.name]) for column in dataset.columns]
                         for row in chunk)
        yield buffer.getvalue().encode()


def json_stream(dataset: Dataset) -> Iterator[bytes]:
    head = json.dumps({
        "dataset": dataset.name, "licence": LICENCE, "generated_at": _iso_moment(utcnow()),
        "columns": [{"name": column.name, "type": column.kind,
                     "description": str(column.description)} for column in dataset.columns],
    }, ensure_ascii=False)
    yield (head[:-1] + ', "items": [').encode()
    separator = ""
    for chunk in _chunks(dataset.rows()):
        items = ", ".join(json.dumps({column.name: json_value(column, row[column.name])
                                      for column in dataset.columns}, ensure_ascii=False)
                          for row in chunk)
        yield (separator + items).encode()
        separator = ", "
    yield b"]}"


def _download(body: Iterator[bytes], content_type: str, disposition: str) -> Response:
    response = Response(stream_with_context(body), content_type=content_type)
    response.headers["Content-Disposition"] = disposition
    # Public data, the same for every reader and sent with no cookie: any site may fetch it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("")
def index():
    return render_template("statistics/open_data.html", datasets=list(DATASETS.values()),
                           licence=LICENCE, kind_labels=KIND_LABELS,
                           formula_starts=FORMULA_STARTS[:4])


def _dataset(name: str) -> Dataset:
    if name not in DATASETS:
        abort(404)
    return DATASETS[name]


@bp.get("/<name>.csv")
def csv_export(name: str):
    return _download(csv_stream(_dataset(name)), "text/csv; charset=utf-8",
                     f'attachment; filename="{name}.csv"')


@bp.get("/<name>.json")
def json_export(name: str):
    return _download(json_stream(_dataset(name)), "application/json",
                     f'inline; filename="{name}.json"')
