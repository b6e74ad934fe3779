"""Accounts: users, scoped roles, sign-in with two-factor, invitations, registration, API tokens."""


def init_app(app) -> None:
    """The tables, the user loader, the pages, ``portal users``, the API's token check and the
    commit of a token's use at the end of a request."""
    from portal.accounts import (  # noqa: F401  (the tables, the user loader, the routes)
        blueprint,
        commands,
        invitation_views,
        models,
        password_views,
        profile_views,
        registration_views,
        session,
        tokens,
        views,
    )
    from portal.core import api

    app.register_blueprint(blueprint.bp)
    app.cli.add_command(commands.users)
    api.use_token_check(app, tokens.api_caller)
    app.after_request(tokens.commit_token_use)
