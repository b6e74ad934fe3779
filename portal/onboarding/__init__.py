"""Onboarding: how people come into the portal. Registration with e-mail confirmation,
invitations, and password reset; its pages sit on the accounts blueprint, so their addresses and
endpoint names (``accounts.register``, ``accounts.accept_invitation``, …) are those of accounts."""


def init_app(app) -> None:
    """The invitation table and the pages, added to the accounts blueprint before the factory
    registers it; the check that a role's scope exists, for ``portal users create`` too."""
    from portal.accounts.commands import register_scope_check
    from portal.onboarding import (  # noqa: F401  (the table, the routes)
        api,
        invitation_views,
        models,
        password_views,
        registration_views,
    )
    from portal.onboarding.invitations import check_scope_exists

    register_scope_check(check_scope_exists)
