"""The secretariat's form to record an exchange rate; the service checks the values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from portal.core import limits
from portal.core.forms import PortalForm
from portal.money.models import RATE_CURRENCIES


class RateForm(PortalForm):
    currency = SelectField(_l("Currency"), choices=[SelectChoice(c, c) for c in RATE_CURRENCIES],
                           default="KZT")
    quote = SelectField(_l("Quote currency"), choices=[SelectChoice(c, c) for c in RATE_CURRENCIES],
                        default="RUB")
    rate = StringField(_l("Rate: units of the quote currency for one unit of the currency"),
                       validators=[DataRequired(), Length(max=40)])
    on = DateField(_l("In force from"), validators=[DataRequired()])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=limits.LABEL_MAX)])
    submit = SubmitField(_l("Record the rate"))

    def values(self) -> dict:
        return {"currency": self.currency.data, "quote": self.quote.data,
                "rate": self.rate.data, "on": self.on.data, "source": self.source.data or None}
