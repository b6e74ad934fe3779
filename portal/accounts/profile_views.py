"""The profile page: language and time zone, two-factor sign-in with its recovery codes, and personal access
tokens (each with a scope and an expiry)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts import recovery_codes, services, tokens
from portal.accounts.blueprint import bp
from portal.accounts.forms import ConfirmForm, LanguageForm, TimezoneForm, TokenForm
from portal.accounts.models import ApiToken
from portal.accounts.permissions import can_create_token, can_replace_recovery_codes
from portal.accounts.session import passed_second_factor
from portal.accounts.view_support import show_field_errors
from portal.core.errors import ValidationError
from portal.extensions import db


def _timezone_form(formdata=None) -> TimezoneForm:
    form = (TimezoneForm() if formdata is not None
            else TimezoneForm(formdata=None, timezone=current_user.timezone))
    form.fill_choices()
    return form


def _profile(status: int = 200, token_form: TokenForm | None = None, new_token: str | None = None,
             new_codes: list[str] | None = None, timezone_form: TimezoneForm | None = None):
    user = current_user
    second_factor = passed_second_factor()
    return render_template(
        "accounts/profile.html",
        language_form=LanguageForm(language=user.language),
        timezone_form=timezone_form or _timezone_form(),
        token_form=token_form or TokenForm(formdata=None), confirm_form=ConfirmForm(),
        tokens=tokens.active_tokens(user), new_token=new_token,
        may_create_token=can_create_token(user, second_factor),
        max_token_days=tokens.max_days(user),
        may_replace_codes=can_replace_recovery_codes(user, second_factor),
        codes_left=recovery_codes.codes_left(user) if user.has_two_factor else 0,
        new_codes=new_codes, token_ends_at=tokens.ends_at,
    ), status


@bp.get("/profile")
@login_required
def profile():
    return _profile()


@bp.post("/profile/language")
@login_required
def save_language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_language(current_user, form.language.data)
        db.session.commit()
        flash(_("Your language is saved."), "info")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/timezone")
@login_required
def save_timezone():
    """422 with the form's error for a zone not offered; the page's times follow at once."""
    form = _timezone_form(formdata=True)
    if not form.validate_on_submit():
        return _profile(422, timezone_form=form)
    try:
        services.set_timezone(current_user, form.timezone.data)
    except ValidationError as error:
        show_field_errors(form, error)
        return _profile(422, timezone_form=form)
    db.session.commit()
    flash(_("Your time zone is saved."), "info")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/tokens")
@login_required
def create_token():
    if not can_create_token(current_user, passed_second_factor()):
        flash(_("Your role signs in with a second factor: sign out, sign in again with your code, "
                "then create the token."), "error")
        return _profile(403)
    form = TokenForm()
    if not form.validate_on_submit():
        return _profile(422, token_form=form)
    try:
        _row, token = tokens.create_token(current_user, form.name.data, current_user,
                                          days=form.days.data, scope=form.scope.data)
    except ValidationError as error:
        show_field_errors(form, error)
        return _profile(422, token_form=form)
    db.session.commit()
    return _profile(201, new_token=token)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        tokens.revoke_token(token, current_user)
        db.session.commit()
        flash(_("The token is revoked."), "info")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/recovery-codes")
@login_required
def replace_recovery_codes():
    """New recovery codes in place of the old ones, shown once on the page this answers."""
    if not can_replace_recovery_codes(current_user, passed_second_factor()):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("accounts.profile"))
    codes = recovery_codes.replace_codes(current_user, current_user)
    db.session.commit()
    return _profile(new_codes=codes)
