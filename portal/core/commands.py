"""``portal audit verify``: the audit log's hash chain, checked from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal.core import audit

audit_group = AppGroup("audit", help="The append-only audit log.")


@audit_group.command("verify")
def verify_audit():
    """Check the audit log's hash chain: exit 0 when intact, 1 at the first broken entry."""
    checked, broken = audit.verify()
    if broken is None:
        click.echo(f"Audit log intact: {checked} entries verified.")
        return
    click.echo(f"Audit log broken at entry {broken.seq}: {broken.reason} "
               f"({checked} entries before it verified).", err=True)
    sys.exit(1)
