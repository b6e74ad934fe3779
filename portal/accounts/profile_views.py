"""The profile page: language, two-factor sign-in and personal access tokens."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts import services, tokens
from portal.accounts.blueprint import bp
from portal.accounts.forms import ConfirmForm, LanguageForm, TokenForm
from portal.accounts.models import ApiToken
from portal.extensions import db


@bp.get("/profile")
@login_required
def profile():
    return render_template(
        "accounts/profile.html",
        language_form=LanguageForm(language=current_user.language),
        token_form=TokenForm(), revoke_form=ConfirmForm(),
        tokens=tokens.active_tokens(current_user), new_token=None,
    )


@bp.post("/profile/language")
@login_required
def save_language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_language(current_user, form.language.data)
        db.session.commit()
        flash(_("Your language is saved."), "info")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/tokens")
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return render_template(
            "accounts/profile.html", language_form=LanguageForm(language=current_user.language),
            token_form=form, revoke_form=ConfirmForm(),
            tokens=tokens.active_tokens(current_user), new_token=None,
        ), 422
    _row, token = tokens.create_token(current_user, form.name.data, current_user)
    db.session.commit()
    return render_template(
        "accounts/profile.html", language_form=LanguageForm(language=current_user.language),
        token_form=TokenForm(formdata=None), revoke_form=ConfirmForm(),
        tokens=tokens.active_tokens(current_user), new_token=token,
    ), 201


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
