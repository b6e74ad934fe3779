"""Accounts: users, scoped roles, sign-in with two-factor, profile, API tokens."""


def init_app(app) -> None:
    """The tables, the user loader, the pages, ``portal users``, the API's token check and the
    commit of a token's use at the end of a request. The pages' blueprint is registered by the
    factory once the features above have added theirs (:func:`portal.accounts.blueprint.init_app`)."""
    from portal.accounts import (  # noqa: F401  (the tables, the user loader, the routes)
        commands,
        models,
        profile_views,
        session,
        settings_api,
        tokens,
        views,
    )
    from portal.core import api

    app.cli.add_command(commands.users)
    api.use_token_check(app, tokens.api_caller)
    app.after_request(tokens.commit_token_use)
