"""The ``portal`` console script: Flask's CLI with the commands of API.md. Each feature adds its
own command group from its ``init_app``; this module adds the ones that span the portal."""

from __future__ import annotations

import copy

import click
import flask_migrate
from flask import Flask
from flask.cli import FlaskGroup

from portal.demo.commands import demo
from portal.devserver import dev
from portal.schema import upgrade_schema_and_reference_data


def _database_group() -> click.Group:
    """Flask-Migrate's ``db`` commands, with an ``upgrade`` that also loads the reference data."""
    group = copy.copy(flask_migrate.cli.db)
    group.commands = dict(group.commands)

    @group.command("upgrade")
    def upgrade():
        """Bring the schema and the reference data to the current version (idempotent)."""
        counts = upgrade_schema_and_reference_data()
        click.echo("Schema at head; reference data: "
                   + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()))

    return group


def register_commands(app: Flask) -> None:
    from portal import create_app
    from portal.matching.commands import add_evaluate_command

    app.cli.add_command(_database_group())
    add_evaluate_command(create_app)
    app.cli.add_command(demo)
    app.cli.add_command(dev)


def main() -> None:
    from portal import create_app

    FlaskGroup(create_app=create_app, load_dotenv=False,
               help="The EAEU Cluster Cooperation Portal.")(prog_name="portal")
