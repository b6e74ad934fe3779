"""The secretariat's form to open a call. Times are entered in the call's own zone; criteria
are a fixed number of rows, blank rows ignored."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from portal.calls.models import CALL_CURRENCIES
from portal.core import limits
from portal.core.forms import PercentField, PortalForm, RowForm
from portal.reference import queries as reference
from portal.registry.picker import PickerField

CRITERIA_ROWS = 6
#: One row per member state of the Union.
ENVELOPE_ROWS = 5
RULE_NAMES = {"consensus": _l("Consensus"), "qualified_majority": _l("Qualified majority")}


class CriterionRow(RowForm):
    key = StringField(_l("Key"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=limits.NAME_MAX)])
    weight = DecimalField(_l("Weight"), validators=[Optional()])
    threshold = DecimalField(_l("Threshold (0-5)"), validators=[Optional()])

    def is_blank(self) -> bool:
        return not any((self.key.data, self.name.data, self.weight.data is not None,
                        self.threshold.data is not None))


class EnvelopeRow(RowForm):
    """A member state's national envelope; the state is fixed per row, the currency is the
    state's own. A row without amount and co-funder is no envelope."""

    state = HiddenField()
    amount = DecimalField(_l("National envelope"), validators=[Optional()])
    co_funder_organisation_id = PickerField(_l("National co-funder"))

    def is_blank(self) -> bool:
        return self.amount.data is None and self.co_funder_organisation_id.data is None


def _envelope_label(row: EnvelopeRow) -> str:
    return reference.state_name(row.state.data)


class CallForm(PortalForm):
    #: How the error summary names a row: "Criterion 2: Weight", "Kazakhstan: National
    #: envelope".
    row_labels = {"criteria": _l("Criterion %(n)d"), "envelopes": _envelope_label}
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    description = TextAreaField(_l("Text of the call"), validators=[DataRequired()],
                                render_kw={"rows": 8})
    timezone = StringField(_l("Time zone of the call"), default="Europe/Moscow",
                           validators=[DataRequired(), Length(max=64)])
    opens_at = DateTimeLocalField(_l("Opens, in the call's time zone (given above)"),
                                  format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Closes, in the call's time zone (given above)"),
                                   format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    technology_fields = SelectMultipleField(_l("Eligible technology fields"),
                                            render_kw={"size": 8})
    budget = DecimalField(_l("Common budget envelope"), validators=[Optional()])
    currency = SelectField(_l("Currency"), choices=[SelectChoice(c, c) for c in CALL_CURRENCIES])
    max_grant = DecimalField(_l("Maximum grant per project"), validators=[DataRequired()])
    min_cofinancing_rate = PercentField(
        _l("Minimum co-financing rate, in %"), validators=[Optional()], default=0,
        most=Decimal("99.99"), out_of_range=_l("Must be from 0 up to, not including, 100 %."))
    min_states = IntegerField(_l("Minimum number of member states"), default=2)
    requires_endorsement = BooleanField(_l("National endorsement required"), default=True)
    requires_consortium_agreement = BooleanField(
        _l("Joint R&D: a signed consortium agreement and the IP section are required"))
    envelopes = FieldList(FormField(EnvelopeRow), min_entries=ENVELOPE_ROWS,
                          max_entries=ENVELOPE_ROWS)
    criteria = FieldList(FormField(CriterionRow), min_entries=CRITERIA_ROWS,
                         max_entries=CRITERIA_ROWS)
    overall_threshold = DecimalField(_l("Overall threshold (0-5)"), validators=[Optional()],
                                     default=3)
    experts_per_proposal = IntegerField(_l("Experts per proposal"), default=3)
    review_days = IntegerField(_l("Review period in days"), default=30)
    reporting_period_months = IntegerField(_l("Reporting period of funded projects, in months"),
                                           default=6)
    decision_rule = SelectField(_l("Decision rule"), choices=[
        SelectChoice(key, label) for key, label in RULE_NAMES.items()])
    submit = SubmitField(_l("Open the call"))

    def fill_choices(self) -> None:
        language = str(get_locale())
        self.technology_fields.choices = [SelectChoice(f.key, f.name(language))
                                          for f in reference.technology_fields()]
        for row, state in zip(self.envelopes, reference.states(), strict=False):
            row.form.state.data = state.code
            row.form.state_currency = state.currency

    def locate(self, path: str):
        """The field of a service's path: ``criteria.N.*`` and ``national_envelopes.N.*`` are
        the N-th row filled in (blank rows are not sent); a problem of the criteria as a whole
        is told at the first criterion, of an envelope's state or currency at its amount."""
        rows, _dot, rest = path.partition(".")
        if rows == "criteria" and not rest:
            return self.criteria[0].form.key
        lists = {"criteria": self.criteria, "national_envelopes": self.envelopes}
        number, _dot, name = rest.partition(".")
        if rows not in lists or not number.isdigit():
            return None
        filled = [row.form for row in lists[rows] if not row.form.is_blank()]
        if int(number) >= len(filled):
            return None
        if not name:
            name = "key" if rows == "criteria" else "amount"
        name = {"state": "amount", "currency": "amount"}.get(name, name)
        return getattr(filled[int(number)], name, None)

    def envelope_values(self) -> list[dict]:
        """The filled envelope rows as the service takes them."""
        return [{"state": row.form.state.data, "amount": row.form.amount.data,
                 "currency": row.form.state_currency,
                 "co_funder_organisation_id": row.form.co_funder_organisation_id.data}
                for row in self.envelopes if not row.form.is_blank()]
