"""Forgotten passwords: ask for a link by e-mail, then choose a new password with it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.accounts.blueprint import bp
from portal.accounts.view_support import show_field_errors
from portal.core.errors import PortalError
from portal.extensions import db, limiter
from portal.onboarding import password_reset
from portal.onboarding.forms import EmailForm, NewPasswordForm
from portal.onboarding.limits import ONBOARDING_LIMIT
from portal.onboarding.links import LinkNotValid


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(ONBOARDING_LIMIT, methods=["POST"])
def forgot_password():
    """The answer is the same whether or not the address has an account."""
    form = EmailForm()
    if form.validate_on_submit():
        password_reset.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/forgot_password.html", form=None, email=form.email.data)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/forgot_password.html", form=form, email=None), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(ONBOARDING_LIMIT, methods=["POST"])
def reset_password(token: str):
    try:
        password_reset.user_to_reset(token)
    except LinkNotValid as error:
        return render_template("accounts/reset_password.html", problem=error.message,
                               form=None), error.status
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.reset_password(token, form.password.data)
        except PortalError as error:
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your new password is saved, and every other session has ended. Sign in with it."),
                  "info")
            return redirect(url_for("accounts.sign_in"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", problem=None, form=form), status
