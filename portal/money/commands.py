"""``portal rates import FILE``: exchange rates from CSV with the header
``currency,quote,rate,on,source``."""

from __future__ import annotations

import csv
import io
import sys

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from portal.core.audit import CLI_ACTOR
from portal.core.i18n import UI_LANGUAGES, in_language, terminal_language
from portal.extensions import db
from portal.money import services

rates_group = AppGroup("rates", help="Exchange rates.")

#: The largest file read, and the most rows: a year of daily rates of every pair is far less.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
REQUIRED = ("currency", "quote", "rate", "on")


def read_rows(data: bytes) -> tuple[list[tuple[int, dict]], list[str]]:
    """The numbered rows of a CSV file (the header is line 1), or what is wrong with the file
    (``LINE: message`` where a line is to blame)."""
    if len(data) > MAX_BYTES:
        return [], [" " + _("The file is larger than %(n)d bytes.", n=MAX_BYTES)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [" " + _("The file is not UTF-8 text.")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in services.FIELDS]
    if missing or unknown:
        return [], ["1: " + _("The header must be %(header)s.", header=",".join(services.FIELDS))]
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                return [], [f"{reader.line_num}: " + _("More than %(n)d rows.", n=MAX_ROWS)]
            if None in row:
                return [], [f"{reader.line_num}: " + _("More columns than the header has.")]
            if not any((value or "").strip() for value in row.values()):
                continue
            rows.append((reader.line_num, row))
    except csv.Error as error:
        return [], [f"{reader.line_num}: {error}"]
    return rows, []


@rates_group.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--language", type=click.Choice(UI_LANGUAGES), default=None,
              help="Language of the problems reported (default: the shell's).")
def import_rates(file, language):
    """Import exchange rates from FILE, CSV with the header currency,quote,rate,on,source.

    All or nothing: when a row is bad (an unknown currency, a rate of 0 or less, a day that is
    not YYYY-MM-DD, a pair and day already stored or given twice), every bad row is listed
    with its line number, nothing is written, and the exit status is 1.
    """
    with in_language(language or terminal_language()):
        _import_rates(file)


def _import_rates(file) -> None:
    rows, problems = read_rows(file.read(MAX_BYTES + 1))
    for problem in problems:
        click.echo(f"{file.name}:{problem}", err=True)
    if problems:
        sys.exit(1)
    checked, row_problems = services.check_rows(rows, default_source="csv")
    if row_problems:
        db.session.rollback()
        for row_problem in row_problems:
            click.echo(f"{file.name}:{row_problem.line}: {row_problem.field}: "
                       f"{row_problem.message}", err=True)
        click.echo(_("%(count)d rows have problems; nothing was imported.",
                     count=len({p.line for p in row_problems})), err=True)
        sys.exit(1)
    count = services.import_rates(checked, CLI_ACTOR)
    db.session.commit()
    pairs = sorted({f"{values.currency}→{values.quote}" for values in checked})
    click.echo(_("Imported %(count)d exchange rates (%(pairs)s).", count=count,
                 pairs=", ".join(pairs) or "-"))
