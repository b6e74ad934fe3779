"""Forms of the invitation, registration and password-reset pages. Choices that come from the
database or depend on the user (roles, states, regions) are set by the view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from portal.accounts.passwords import MIN_LENGTH
from portal.core.forms import PortalForm
from portal.core.i18n import CATALOGUE_LANGUAGES, LANGUAGE_NAMES, UI_LANGUAGES
from portal.onboarding.scope_fields import (
    RoleScopeMixin,
    cluster_field,
    organisation_field,
    state_field,
)
from portal.registry.labels import KIND_NAMES


def _email_field(label=None) -> EmailField:
    return EmailField(label or _l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)],
                      render_kw={"autocomplete": "email"})


def _name_field() -> StringField:
    return StringField(_l("Your full name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})


def _new_password_field() -> PasswordField:
    return PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_LENGTH)],
                         render_kw={"autocomplete": "new-password"})


class InvitationForm(RoleScopeMixin, PortalForm):
    email = _email_field(_l("E-mail address of the person you invite"))
    role = SelectField(_l("Role"), validators=[DataRequired()])
    state = state_field()
    organisation = organisation_field()
    cluster = cluster_field()
    language = SelectField(_l("Language of the invitation"),
                           choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in UI_LANGUAGES])
    submit = SubmitField(_l("Send the invitation"))


class AcceptInvitationForm(PortalForm):
    name = _name_field()
    password = _new_password_field()
    submit = SubmitField(_l("Create my account"))


class RegistrationForm(PortalForm):
    name = _name_field()
    email = _email_field()
    password = _new_password_field()
    organisation_name = StringField(_l("Name of the organisation"),
                                    validators=[DataRequired(), Length(max=300)],
                                    render_kw={"autocomplete": "organization"})
    kind = SelectField(_l("Kind of organisation"),
                       choices=[SelectChoice(kind.value, label) for kind, label in KIND_NAMES.items()])
    state = SelectField(_l("Member state"), validators=[DataRequired()])
    region = SelectField(_l("Region"), validators=[DataRequired()])
    language = SelectField(_l("Language of the organisation's profile"),
                           choices=[SelectChoice(code, LANGUAGE_NAMES[code])
                                    for code in CATALOGUE_LANGUAGES])
    submit = SubmitField(_l("Register"))


class NewPasswordForm(PortalForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Save password"))


class EmailForm(PortalForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Send"))
