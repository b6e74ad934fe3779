"""``portal search reindex``."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

search_group = AppGroup("search", help="The search index.")


@search_group.command("reindex")
def reindex():
    """Rebuild the search index of every organisation, cluster and cooperation ad."""
    from portal.search.services import reindex_all

    started = time.perf_counter()
    written = reindex_all(progress=lambda n: click.echo(f"  {n} documents", err=True))
    elapsed = time.perf_counter() - started
    click.echo(f"Indexed {written} documents in {elapsed:.1f} s.")
