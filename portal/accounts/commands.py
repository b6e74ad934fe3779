"""``portal users …``: accounts and access tokens from the command line."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask import current_app
from flask.cli import AppGroup

from portal.accounts import services as accounts
from portal.accounts import tokens, two_factor
from portal.accounts.models import TokenScope
from portal.accounts.roles import RoleSpec, RoleSpecError
from portal.core.audit import CLI_ACTOR
from portal.core.errors import PortalError
from portal.extensions import db

users = AppGroup("users", help="Accounts and access tokens.")

#: Checks that a role's scope exists (a member state, an organisation, a cluster), registered by
#: the feature that knows them (onboarding): accounts knows roles, not what they are scoped to.
#: Each raises a :class:`~portal.core.errors.PortalError`.
SCOPE_CHECKS: list[Callable[[RoleSpec], None]] = []


def register_scope_check(check: Callable[[RoleSpec], None]) -> None:
    if check not in SCOPE_CHECKS:
        SCOPE_CHECKS.append(check)


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", required=True)
@click.option("--language", default="ru", type=click.Choice(["ru", "en"]))
@click.option("--role", "roles", multiple=True, help="role or role:SCOPE, e.g. contact_point:RU")
def create_user(email, password, name, language, roles):
    """Create a user with roles."""
    try:
        specs = [RoleSpec.parse(role) for role in roles]
        for spec in specs:
            for check in SCOPE_CHECKS:
                check(spec)
        user = accounts.create_user(email, name, password, CLI_ACTOR, language=language, roles=specs)
    except RoleSpecError as error:
        raise click.BadParameter(str(error), param_hint="--role") from None
    except PortalError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created user {user.id} <{user.email}> with roles: "
               + (", ".join(sorted(str(s) for s in user.role_specs())) or "none"))


@users.command("token")
@click.argument("email")
@click.option("--name", default="command line")
@click.option("--days", type=click.IntRange(1, tokens.MAX_DAYS), default=tokens.DEFAULT_DAYS,
              show_default=True,
              help=f"how long it works (at most "
                   f"{tokens.MAX_DAYS_TWO_FACTOR} for roles that sign in with two factors)")
@click.option("--scope", type=click.Choice([str(s) for s in TokenScope]),
              default=str(TokenScope.READ_WRITE), show_default=True)
def create_token(email, name, days, scope):
    """Print a new personal access token for EMAIL (the token alone on one line)."""
    user = accounts.user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    try:
        _row, token = tokens.create_token(user, name, CLI_ACTOR, days=days, scope=scope)
    except PortalError as error:
        raise click.BadParameter(error.message, param_hint="--days") from None
    db.session.commit()
    click.echo(token)


def _existing_user(email: str):
    user = accounts.user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    return user


@users.command("deactivate")
@click.argument("email")
def deactivate_user(email):
    """Shut EMAIL's account: its sessions end and its tokens stop working at once."""
    accounts.deactivate_user(_existing_user(email), CLI_ACTOR)
    db.session.commit()
    click.echo(f"{email} is deactivated.")


@users.command("reactivate")
@click.argument("email")
def reactivate_user(email):
    """Open EMAIL's account again (its old sessions stay ended; revoked tokens stay revoked)."""
    accounts.reactivate_user(_existing_user(email), CLI_ACTOR)
    db.session.commit()
    click.echo(f"{email} is active.")


@users.command("totp")
@click.argument("email")
def current_totp(email):
    """Print EMAIL's current two-factor code (development only: for the demo logins)."""
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("not available when PORTAL_ENV=production")
    user = accounts.user_by_email(email)
    if user is None or user.totp_secret is None:
        raise click.ClickException(f"{email} has no two-factor secret")
    click.echo(two_factor.current_code(user.totp_secret))
