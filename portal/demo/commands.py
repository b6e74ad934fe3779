"""``portal demo load``."""

import click
from flask.cli import AppGroup

demo = AppGroup("demo", help="Demo data.")


@demo.command("load")
def load():
    """Load the demo data (idempotent)."""
    from portal.demo.loader import DEMO_PASSWORD, demo_logins, load_demo

    summary = load_demo()
    click.echo("Demo data loaded: " + ", ".join(f"{n} {what}" for what, n in summary.items()))
    click.echo(f"Demo logins (password {DEMO_PASSWORD!r}):")
    for role, email in demo_logins():
        click.echo(f"  {role:<28} {email}")
