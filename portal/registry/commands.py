"""``portal import organisations FILE [--publish] [--update]``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from portal.core.audit import CLI_ACTOR
from portal.core.i18n import UI_LANGUAGES, in_language, terminal_language
from portal.extensions import db
from portal.registry import import_services

import_group = AppGroup("import", help="Import data from files.")


@import_group.command("organisations")
@click.argument("file", type=click.File("rb"))
@click.option("--publish", is_flag=True, help="Publish the organisations at once.")
@click.option("--update", is_flag=True,
              help="Replace the profile of an organisation whose ref is already known "
                   "(without it, a known ref is an error).")
@click.option("--language", type=click.Choice(UI_LANGUAGES), default=None,
              help="Language of the problems reported (default: the shell's).")
def import_organisations(file, publish, update, language):
    """Import organisations from FILE, JSON Lines in the format of matching-dev/organisations.jsonl.

    All or nothing: when a line is bad, every bad line is listed with its number, nothing is
    written, and the exit status is 1.
    """

    with in_language(language or terminal_language()):
        result = import_services.check_lines(file, update=update)
        if not result.ok:
            db.session.rollback()
            for problem in result.problems:
                click.echo(f"{file.name}:{problem.line}: {problem.message()}", err=True)
            bad_lines = len({problem.line for problem in result.problems})
            click.echo(_("%(count)s lines have problems; nothing was imported.", count=bad_lines),
                       err=True)
            sys.exit(1)
        with click.progressbar(length=len(result.records), label=_("Importing organisations"),
                               file=sys.stderr) as bar:
            summary = import_services.import_records(
                result.records, CLI_ACTOR, publish=publish,
                progress=lambda done: bar.update(done - bar.pos))
        db.session.commit()
        click.echo(_("Created %(created)s, updated %(updated)s, published %(published)s "
                     "organisations; %(blank)s blank lines skipped; no errors.",
                     created=summary.created, updated=summary.updated,
                     published=summary.published, blank=result.blank_lines))
