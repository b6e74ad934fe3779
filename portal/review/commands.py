"""``portal experts add EMAIL --state KZ --field KEY ... --affiliation ORG_ID ...``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

experts_group = AppGroup("experts", help="Expert profiles for the review of proposals.")


@experts_group.command("add")
@click.argument("email")
@click.option("--state", required=True, help="the expert's member state, e.g. KZ")
@click.option("--field", "fields", multiple=True, help="a technology field key (repeatable)")
@click.option("--affiliation", "affiliations", multiple=True, type=int,
              help="an organisation id the expert is tied to (repeatable)")
@click.option("--expertise", default=None, help="a short description of the expertise")
@click.option("--inactive", is_flag=True, help="keep the expert out of new assignments")
def add_expert(email, state, fields, affiliations, expertise, inactive):
    """Create or update EMAIL's expert profile (and give the user the expert role)."""
    from portal.accounts.services import user_by_email
    from portal.core.errors import ValidationError
    from portal.extensions import db
    from portal.review.experts import save_expert_profile

    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    try:
        profile = save_expert_profile(user, state.upper(), fields, affiliations, "cli",
                                      expertise=expertise, active=not inactive)
    except ValidationError as error:
        db.session.rollback()
        raise click.ClickException("; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.fields.items())) from None
    db.session.commit()
    click.echo(f"{email}: expert of {profile.state_code}, "
               f"{len(profile.technology_fields)} fields, {len(affiliations)} affiliations")
