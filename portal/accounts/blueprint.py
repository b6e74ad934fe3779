"""The accounts blueprint, shared by the sign-in, onboarding and profile views."""

from flask import Blueprint

from portal.accounts.labels import role_label

bp = Blueprint("accounts", __name__)
bp.add_app_template_global(role_label)
