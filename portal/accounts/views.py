"""Signing in and out (with two-factor) and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import services, two_factor
from portal.accounts.blueprint import bp
from portal.accounts.forms import CodeForm, ConfirmForm, LanguageForm, SecondFactorForm, SignInForm
from portal.accounts.session import clear_pending, mark_second_factor, pending_user, start_pending
from portal.core.i18n import UI_LANGUAGES
from portal.extensions import db, limiter

SIGN_IN_LIMIT = "10 per minute"
SETUP_SECRET_KEY = "two_factor_setup_secret"  # noqa: S105  (a session key name)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("dashboard.dashboard")


def _finish_sign_in(user, second_factor: bool = False) -> str:
    """Sign ``user`` in, in a fresh session (no fixation); the address to go on to."""
    clear_pending()
    next_url = session.pop("next_url", None)
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    services.record_sign_in(user)
    db.session.commit()
    login_user(user)
    if second_factor:
        mark_second_factor()
    return _safe_next(next_url)


def _refused(refused: services.SignInRefused, template: str, **context):
    db.session.commit()  # keep the failure count and the audit entry
    flash(refused.message, "error")
    return render_template(template, **context), 401


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            step = services.check_credentials(form.email.data, form.password.data)
        except services.SignInRefused as refused:
            return _refused(refused, "accounts/sign_in.html", form=form)
        next_url = request.args.get("next")
        if not step.needs_code and not step.needs_setup:
            session["next_url"] = next_url
            return redirect(_finish_sign_in(step.user))
        db.session.commit()
        start_pending(step.user)
        session["next_url"] = next_url
        return redirect(url_for("accounts.second_factor" if step.needs_code else "accounts.setup_two_factor"))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def second_factor():
    """The code step: a TOTP code or a recovery code; refused while the account is locked."""
    user = pending_user()
    if user is None or not user.has_two_factor:
        return redirect(url_for("accounts.sign_in"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        try:
            accepted = services.check_second_factor(user, form.code.data)
        except services.SignInRefused as refused:
            return _refused(refused, "accounts/second_factor.html", form=form)
        if accepted:
            return redirect(_finish_sign_in(user, second_factor=True))
        db.session.commit()
        form.code.errors.append(_("This code is not valid. Check your device's clock and try again."))
        return render_template("accounts/second_factor.html", form=form), 401
    return render_template("accounts/second_factor.html", form=form)


@bp.route("/sign-in/set-up-two-factor", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def setup_two_factor():
    """Shown after the password to a user whose role requires a second factor and who has none;
    on success, the recovery codes are shown once."""
    user = pending_user()
    if user is None:
        return redirect(url_for("accounts.sign_in"))
    secret = session.get(SETUP_SECRET_KEY) or two_factor.new_secret()
    session[SETUP_SECRET_KEY] = secret
    form = CodeForm()
    uri = two_factor.provisioning_uri(user, secret)
    context = {"form": form, "secret": secret, "qr_svg": two_factor.qr_svg(uri)}
    if form.validate_on_submit():
        try:
            codes = services.enable_two_factor(user, secret, form.code.data)
        except services.SignInRefused as refused:
            return _refused(refused, "accounts/setup_two_factor.html", **context)
        if codes is not None:
            next_url = _finish_sign_in(user, second_factor=True)
            return render_template("accounts/recovery_codes.html", codes=codes, next_url=next_url)
        form.code.errors.append(_("This code is not valid. Check your device's clock and try again."))
    return render_template("accounts/setup_two_factor.html", **context)


@bp.post("/sign-out")
@login_required
def sign_out():
    """Ends every session of the user, not only this one: a copied cookie dies too."""
    form = ConfirmForm()
    if form.validate_on_submit():
        services.record_sign_out(current_user)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("dashboard.home"))


@bp.post("/language")
def switch_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.language.data in UI_LANGUAGES:
        session["language"] = form.language.data
        if current_user.is_authenticated:
            services.set_language(current_user, form.language.data)
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
