"""``portal council seat STATE NUMBER EMAIL``: name a seat's titular (Board mode's seat 2, or
which of a state's council members holds seat 1)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

council_group = AppGroup("council", help="Council seats.")


@council_group.command("seat")
@click.argument("state")
@click.argument("number", type=click.IntRange(1, 2))
@click.argument("email", required=False)
def seat(state, number, email):
    """Make EMAIL (a council_member of STATE) the titular of seat NUMBER; without EMAIL the
    seat goes back to the roles."""
    from portal.accounts import services as accounts
    from portal.core.errors import PortalError
    from portal.council.seats import assign_seat
    from portal.extensions import db

    user = None
    if email:
        user = accounts.user_by_email(email)
        if user is None:
            raise click.ClickException(f"no user {email}")
    try:
        row = assign_seat(state.upper(), number, user, "cli")
    except PortalError as error:
        raise click.ClickException(f"{error.message} {error.fields}") from None
    db.session.commit()
    click.echo(f"{row.state_code} seat {row.number}: {email or 'by role'}")
