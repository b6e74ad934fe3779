"""``portal audit verify``: the audit log's hash chain, checked from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal.core import audit

audit_group = AppGroup("audit", help="The append-only audit log.")


@audit_group.command("verify")
@click.option("--file", "export", type=click.File("r", encoding="utf-8"),
              help="Check an export (GET /api/v1/audit/export) offline instead of the database.")
@click.option("--head", "head", metavar="HASH",
              help="With --file: also require the entry whose hash a head recorded earlier "
                   "(GET /api/v1/audit/head) gave, proving that nothing up to it changed.")
def verify_audit(export, head):
    """Check the audit log's hash chain: exit 0 when intact, 1 at the first broken entry.
    With --file, the chain of an export is recomputed from the file alone; an export that
    starts after the first entry is checked from its first entry's prev_hash."""
    checked, broken = audit.verify() if export is None else audit.verify_export(export)
    if broken is not None:
        click.echo(f"Audit log broken at entry {broken.seq}: {broken.reason} "
                   f"({checked} entries before it verified).", err=True)
        sys.exit(1)
    click.echo(f"Audit log intact: {checked} entries verified.")
    if head is not None and export is not None:
        export.seek(0)
        seq = audit.seq_of_hash(export, head.strip().lower())
        if seq is None:
            click.echo("The recorded head is not in this export: the log was rewritten, or "
                       "the export starts after it.", err=True)
            sys.exit(1)
        click.echo(f"The recorded head is entry {seq}: nothing up to it changed.")
