"""The accounts blueprint, shared by the sign-in and profile views of accounts and the pages of
onboarding, which keep the ``accounts.`` endpoint names and addresses they always had."""

from flask import Blueprint

from portal.accounts.labels import role_label

bp = Blueprint("accounts", __name__)
bp.add_app_template_global(role_label)


def init_app(app) -> None:
    """Register the blueprint, after every feature has added its pages to it (Flask refuses a
    route on a blueprint already registered)."""
    app.register_blueprint(bp)
