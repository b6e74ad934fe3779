"""Onboarding: how people come into the portal. Registration with e-mail confirmation,
invitations, and password reset; its pages sit on the accounts blueprint, so their addresses and
endpoint names (``accounts.register``, ``accounts.accept_invitation``, …) are those of accounts."""


def init_app(app) -> None:
    """The invitation table and the pages, added to the accounts blueprint before the factory
    registers it."""
    from portal.onboarding import (  # noqa: F401  (the table, the routes)
        api,
        invitation_views,
        models,
        password_views,
        registration_views,
    )
