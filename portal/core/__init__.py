"""What every feature shares: the database base, the after-commit job queue, the audit log,
permission helpers, languages, errors and security headers."""


def init_app(app) -> None:
    """The health check, the API's documentation and ``portal audit``."""
    from portal.core import api_docs, audit, commands, health  # noqa: F401  (audit: its table)

    app.register_blueprint(health.bp)
    app.register_blueprint(api_docs.page_bp)
    app.cli.add_command(commands.audit_group)
