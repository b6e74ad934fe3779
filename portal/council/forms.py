"""Forms of the council pages. The proposals one may put on an agenda are set by the view."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
from portal.core.forms import PortalForm
from portal.core.timezones import zone_label
from portal.council.labels import CHOICE_NAMES, KIND_NAMES


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SessionForm(PortalForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    kind = SelectField(_l("Kind of session"),
                       choices=[SelectChoice(key, label) for key, label in KIND_NAMES.items()])
    #: Entered in the user's own zone (their profile's), which :meth:`in_zone` names in the labels.
    opens_at = DateTimeLocalField(_l("Opens at"), validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Closes at: a written procedure's deadline"),
                                   validators=[DataRequired()])
    seats_per_state = SelectField(_l("Seats per state"), coerce=int, choices=[
        SelectChoice(1, _l("One vote per state")),
        SelectChoice(2, _l("Two seats per state (Board mode)"))])
    proposals = CheckboxesField(_l("Proposals ready for the council"), coerce=int)
    sensitive = CheckboxesField(_l("Sensitive items (always decided by consensus)"), coerce=int)
    submit = SubmitField(_l("Create the session"))

    def in_zone(self, zone: str) -> None:
        """Say in the labels which zone the times are entered in."""
        label = zone_label(zone)
        self.opens_at.label.text = _("Opens at, your time (%(zone)s)", zone=label)
        self.closes_at.label.text = _("Closes at, your time (%(zone)s): a written procedure's "
                                      "deadline", zone=label)


class BallotForm(PortalForm):
    choice = RadioField(_l("Your ballot"), validators=[DataRequired()],
                        choices=[SelectChoice(key, label) for key, label in CHOICE_NAMES.items()])
    submit = SubmitField(_l("Cast the ballot"))


class ReasonForm(PortalForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)],
                           render_kw={"rows": 3})
