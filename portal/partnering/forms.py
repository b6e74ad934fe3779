"""Forms of the ad pages. Choices that depend on the user or the reference tables are set by
the view (:func:`fill_choices`)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from portal.core import limits
from portal.core.forms import PortalForm
from portal.core.i18n import LANGUAGE_NAMES
from portal.partnering.labels import KIND_NAMES
from portal.reference import queries as reference


def _kind_choices() -> list[SelectChoice]:
    return [SelectChoice(str(kind), label) for kind, label in KIND_NAMES.items()]


def _field_choices() -> list[SelectChoice]:
    language = str(get_locale())
    return [SelectChoice(field.key, field.name(language)) for field in reference.technology_fields()]


class AdForm(PortalForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    kind = SelectField(_l("Kind of ad"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=limits.DESCRIPTION_MAX)],
                         render_kw={"rows": 8})
    language = SelectField(_l("Language of the text"), choices=[
        SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()])
    technology_fields = SelectMultipleField(_l("Technology fields"), validators=[Optional()],
                                            render_kw={"size": 6})
    anonymous = BooleanField(_l("Anonymous: show my organisation only to those whose interest "
                                "I accept"))
    submit = SubmitField(_l("Post the ad"))

    def fill_choices(self, organisations) -> None:
        self.organisation_id.choices = [SelectChoice(o.id, o.name) for o in organisations]
        self.kind.choices = _kind_choices()
        self.technology_fields.choices = _field_choices()


class EditAdForm(PortalForm):
    version = HiddenField()
    kind = SelectField(_l("Kind of ad"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=limits.DESCRIPTION_MAX)],
                         render_kw={"rows": 8})
    language = SelectField(_l("Language of the text"), choices=[
        SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()])
    technology_fields = SelectMultipleField(_l("Technology fields"), validators=[Optional()],
                                            render_kw={"size": 6})
    anonymous = BooleanField(_l("Anonymous: show my organisation only to those whose interest "
                                "I accept"))
    submit = SubmitField(_l("Save the ad"))

    def fill_choices(self) -> None:
        self.kind.choices = _kind_choices()
        self.technology_fields.choices = _field_choices()


class InterestForm(PortalForm):
    organisation_id = SelectField(_l("On behalf of"), coerce=int)
    message = TextAreaField(_l("Message to the ad's author"),
                            validators=[DataRequired(), Length(max=limits.DESCRIPTION_MAX)],
                            render_kw={"rows": 5})
    submit = SubmitField(_l("Express interest"))


class AdFilterForm(PortalForm):
    """The list's filters, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(_l("Words"), validators=[Optional()])
    kind = SelectField(_l("Kind of ad"), validators=[Optional()])
    state = SelectField(_l("Member state"), validators=[Optional()])
    technology_field = SelectField(_l("Technology field"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def fill_choices(self) -> None:
        language = str(get_locale())
        anything = SelectChoice("", _l("Any"))
        self.kind.choices = [anything, *_kind_choices()]
        self.state.choices = [anything, *(SelectChoice(s.code, s.name(language))
                                          for s in reference.states())]
        self.technology_field.choices = [anything, *_field_choices()]
