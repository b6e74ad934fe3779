"""Administration: finding users, their roles and scopes, deactivation, and reading the audit
log (API.md "Administration" and "Audit"). It stands above onboarding, whose scope checks (the
organisation or cluster exists, the state is a member state) it shares with the invitations."""


def init_app(app) -> None:
    """The pages and the API routes."""
    from portal.administration import api, audit_api, views  # noqa: F401  (the routes)

    app.register_blueprint(views.bp)
