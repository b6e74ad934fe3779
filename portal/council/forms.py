"""Forms of the council pages. The proposals one may put on an agenda are set by the view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length

from portal.core import limits
from portal.council.labels import CHOICE_NAMES, KIND_NAMES


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    kind = SelectField(_l("Kind of session"),
                       choices=[SelectChoice(key, label) for key, label in KIND_NAMES.items()])
    opens_at = DateTimeLocalField(_l("Opens at (UTC)"), validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Closes at (UTC): a written procedure's deadline"),
                                   validators=[DataRequired()])
    seats_per_state = SelectField(_l("Seats per state"), coerce=int, choices=[
        SelectChoice(1, _l("One vote per state")),
        SelectChoice(2, _l("Two seats per state (Board mode)"))])
    proposals = CheckboxesField(_l("Proposals ready for the council"), coerce=int)
    sensitive = CheckboxesField(_l("Sensitive items (always decided by consensus)"), coerce=int)
    submit = SubmitField(_l("Create the session"))


class BallotForm(FlaskForm):
    choice = RadioField(_l("Your ballot"), validators=[DataRequired()],
                        choices=[SelectChoice(key, label) for key, label in CHOICE_NAMES.items()])
    submit = SubmitField(_l("Cast the ballot"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)],
                           render_kw={"rows": 3})
