"""``portal matching …``: evaluate the matcher, rebuild the index."""

from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from portal.matching.encoders import CHOICES

matching = AppGroup("matching", help="Partner matching.")


def add_evaluate_command(make_app: Callable[[dict], Flask]) -> None:
    """Add ``portal matching evaluate``, which measures the matcher in a scratch portal built by
    ``make_app`` (the factory: the entry point passes it in, since a feature never imports it)."""

    @matching.command("evaluate")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--encoder", type=click.Choice(CHOICES), default="auto",
                  help="auto: every sentence encoder installed; use or e5: one of them; "
                       "lexical: the fallback without a model")
    def evaluate(directory: Path, encoder: str):
        """P@5, R@10 and nDCG@10 on a labelled set (organisations.jsonl, queries.jsonl)."""
        from portal.matching.evaluate import report, run
        from portal.matching.labelled_set import InvalidSet

        try:
            result = run(directory, make_app, encoder, echo=click.echo)
        except InvalidSet as error:
            raise click.ClickException(str(error)) from error
        for line in report(result):
            click.echo(line)


@matching.command("reindex")
def reindex():
    """Embed every organisation whose texts changed and rebuild this host's index now."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.matching.changes import record_change
    from portal.matching.services import embed_organisation, rebuild_index
    from portal.registry.models import Organisation

    ids = list(db.session.scalars(select(Organisation.id)))
    embedded = 0
    for oid in ids:
        texts = embed_organisation(oid)
        if texts:  # the other hosts overlay it until they rebuild their copy
            record_change(oid)
        embedded += texts
    db.session.commit()
    path = rebuild_index()
    click.echo(f"Embedded {embedded} texts of {len(ids)} organisations; index at {path}")


@matching.command("recall")
@click.option("--sample", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="organisations drawn (fixed seed) among the published ones with needs or offers")
@click.option("--limit", type=click.IntRange(1, 50), default=10, show_default=True,
              help="K of recall@K")
def recall(sample: int, limit: int):
    """recall@K of the served ranking against the exhaustive one, and the time of each."""
    from portal.matching.recall import measure, report
    from portal.matching.services import borders, current_index

    index = current_index()
    if index is None:
        raise click.ClickException("No matching index: run `portal matching reindex`.")
    for line in report(measure(index, borders(), sample, limit)):
        click.echo(line)
