"""The form that saves a search."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.core.forms import PortalForm
from portal.search.models import Schedule

SCHEDULE_NAMES = {Schedule.DAILY: _l("Daily"), Schedule.WEEKLY: _l("Weekly"),
                  Schedule.OFF: _l("Never (keep the search only)")}
#: The search parameters a saved search keeps, carried in hidden fields.
PARAMS = ("q", "type", "state", "region", "kind", "technology_field", "nace", "classification")


class SaveSearchForm(PortalForm):
    name = StringField(_l("Name of the search"), validators=[DataRequired(), Length(max=200)])
    schedule = SelectField(_l("E-mail me new results"), default=Schedule.WEEKLY.value,
                           choices=[SelectChoice(value.value, label)
                                    for value, label in SCHEDULE_NAMES.items()])
    q = HiddenField()
    type = HiddenField()
    state = HiddenField()
    region = HiddenField()
    kind = HiddenField()
    technology_field = HiddenField()
    nace = HiddenField()
    classification = HiddenField()
    submit = SubmitField(_l("Save this search"))

    def params(self) -> dict[str, str]:
        return {name: getattr(self, name).data for name in PARAMS if getattr(self, name).data}
