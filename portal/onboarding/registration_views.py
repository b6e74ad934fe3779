"""Registration of an organisation's first user, and the confirmation of their e-mail address."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts.blueprint import bp
from portal.accounts.forms import ConfirmForm
from portal.accounts.view_support import show_field_errors
from portal.core.errors import PortalError
from portal.core.i18n import DEFAULT_LANGUAGE, UI_LANGUAGES
from portal.extensions import db, limiter
from portal.onboarding import registration
from portal.onboarding.forms import RegistrationForm
from portal.onboarding.limits import ONBOARDING_LIMIT
from portal.onboarding.links import LinkNotValid
from portal.reference.queries import regions, states

#: The registry service names the organisation's name ``name``; the form, ``organisation_name``.
_FIELD_NAMES = {"name": "organisation_name"}


def _page_language() -> str:
    language = str(get_locale() or DEFAULT_LANGUAGE)
    return language if language in UI_LANGUAGES else DEFAULT_LANGUAGE


def _registration_form() -> RegistrationForm:
    """The form with the member states and their regions (grouped by state) in the page's
    language; the region list is not narrowed by script, so the service checks the pair."""
    language = _page_language()
    form = RegistrationForm()
    member_states = states()
    form.state.choices = [SelectChoice(state.code, state.name(language)) for state in member_states]
    names = {state.code: state.name(language) for state in member_states}
    order = {state.code: position for position, state in enumerate(member_states)}
    form.region.choices = [
        SelectChoice(region.code, region.name(language), optgroup=names[region.state_code])
        for region in sorted(regions(), key=lambda r: (order[r.state_code], r.name(language)))
    ]
    if not form.is_submitted():
        form.language.data = language
    return form


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(ONBOARDING_LIMIT, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.dashboard"))
    form = _registration_form()
    if form.validate_on_submit():
        organisation = registration.NewOrganisation(
            name=form.organisation_name.data, kind=form.kind.data, state_code=form.state.data,
            region_code=form.region.data, language=form.language.data)
        try:
            registration.register_account(form.name.data, form.email.data, form.password.data,
                                          _page_language(), organisation)
        except PortalError as error:
            show_field_errors(form, error, _FIELD_NAMES)
        else:
            db.session.commit()
            return render_template("accounts/registration_sent.html", email=form.email.data)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(ONBOARDING_LIMIT, methods=["POST"])
def confirm_email(token: str):
    """Opening the link shows a button; only the button (a POST) confirms, so that a mail
    program that fetches links to preview them confirms nothing."""
    try:
        registration.user_to_confirm(token)
    except LinkNotValid as error:
        return render_template("accounts/confirm_email.html", problem=error.message), error.status
    form = ConfirmForm()
    if form.validate_on_submit():
        user = registration.confirm_email(token)
        db.session.commit()
        return render_template("accounts/confirm_email.html", problem=None, confirmed=user)
    return render_template("accounts/confirm_email.html", problem=None, form=form, confirmed=None)
