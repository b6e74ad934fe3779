"""Sign-in, two-factor and profile forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Regexp

from portal.accounts import tokens
from portal.accounts.models import TokenScope
from portal.core.forms import PortalForm, between
from portal.core.i18n import LANGUAGE_NAMES, UI_LANGUAGES
from portal.core.timezones import zone_choices


class SignInForm(PortalForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Sign in"))


class CodeForm(PortalForm):
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        validators=[DataRequired(), Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Enter six digits."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Confirm"))


class SecondFactorForm(PortalForm):
    """The code step: the six digits of the app, or one of the recovery codes."""

    code = StringField(
        _l("Six-digit code from your authenticator app, or a recovery code"),
        validators=[DataRequired(), Length(max=40),
                    Regexp(r"^\s*(\d{3}\s?\d{3}|[A-Za-z0-9]{4}(-?[A-Za-z0-9]{4}){3})\s*$",
                           message=_l("Enter six digits, or a recovery code."))],
        render_kw={"autocomplete": "one-time-code"},
    )
    submit = SubmitField(_l("Confirm"))


class LanguageForm(PortalForm):
    language = SelectField(_l("Language"), choices=[
        SelectChoice(code, LANGUAGE_NAMES[code], render_kw={"lang": code}) for code in UI_LANGUAGES
    ])
    submit = SubmitField(_l("Change language"))


class TimezoneForm(PortalForm):
    """The zone every time on the pages is shown in and every time in a form is entered in."""

    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    submit = SubmitField(_l("Change time zone"))

    def fill_choices(self) -> None:
        self.timezone.choices = [SelectChoice(zone, label) for zone, label in zone_choices()]


class TokenForm(PortalForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])
    scope = SelectField(_l("It may"), choices=[
        SelectChoice(TokenScope.READ_WRITE.value, _l("read and write")),
        SelectChoice(TokenScope.READ.value, _l("only read")),
    ], default=TokenScope.READ_WRITE.value)
    #: The service checks the limit of the user's roles (90 days for two-factor roles).
    days = IntegerField(_l("Valid for (days)"), default=tokens.DEFAULT_DAYS,
                        validators=[between(1, tokens.MAX_DAYS)],
                        render_kw={"min": 1, "max": tokens.MAX_DAYS})
    submit = SubmitField(_l("Create token"))


class ConfirmForm(PortalForm):
    """A form with nothing but its CSRF token, for buttons that change state."""

    submit = SubmitField(_l("Confirm"))

