"""The form with which a member of an organisation chooses how often to hear of new partner
suggestions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.core.forms import PortalForm

OFF = "off"
DIGEST_CHOICES = {"daily": _l("Daily"), "weekly": _l("Weekly"), OFF: _l("Never")}


class DigestForm(PortalForm):
    schedule = SelectField(_l("E-mail me new partner suggestions"), default="weekly",
                           choices=[SelectChoice(value, label)
                                    for value, label in DIGEST_CHOICES.items()])
    submit = SubmitField(_l("Save"))
