"""The report editor: a value per indicator of the proposal, a row per milestone not yet
reached, and a fixed number of spending rows (blank rows ignored), so the page works without
any script. Which indicator or milestone a row stands for is the server's to say, by position;
the services check the values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from portal.calls.models import CALL_CURRENCIES
from portal.core.forms import PortalForm, RowForm
from portal.projects.labels import category_name
from portal.projects.report_content import (
    DELIVERABLE_MAX,
    IP_COUNTS,
    NARRATIVE_MAX,
    SUMMARY_MAX,
)
from portal.projects.reports import REASON_MAX
from portal.proposals.models import BudgetCategory

#: Spending rows offered: enough for each of six partners in two categories.
SPENDING_ROWS = 12
#: A number typed into a field: long enough for any amount or value the limits admit.
NUMBER_MAX = 40


class IndicatorValueRow(RowForm):
    value = StringField(_l("Cumulative value at the end of the period"),
                        validators=[Optional(), Length(max=NUMBER_MAX)])


class MilestoneRow(RowForm):
    reached_on = DateField(_l("Reached on"), validators=[Optional()])
    deliverable = TextAreaField(_l("Deliverable"), render_kw={"rows": 2},
                                validators=[Optional(), Length(max=DELIVERABLE_MAX)])


class SpendingRow(RowForm):
    organisation_id = SelectField(_l("Partner"), coerce=int, validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    amount = StringField(_l("Amount"), validators=[Optional(), Length(max=NUMBER_MAX)])
    currency = SelectField(_l("Currency"), validators=[Optional()])


def _row_name(row) -> str:
    return row.row_name


#: The services' lists and the form's rows that show them.
ROWS = {"indicator_values": "indicators", "milestones": "milestones", "spending": "spending"}
#: A row's field that shows a problem of its reference (the indicator, the milestone).
ROW_FIELDS = {"indicator_id": "value", "milestone_id": "reached_on"}


class ReportForm(PortalForm):
    #: How the error summary names a row: by its indicator or milestone, or "Spending row 2".
    row_labels = {"indicators": _row_name, "milestones": _row_name,
                  "spending": _l("Spending row %(n)d")}
    version = HiddenField()
    summary = TextAreaField(_l("Summary for the public"), render_kw={"rows": 5},
                            validators=[Optional(), Length(max=SUMMARY_MAX)])
    narrative = TextAreaField(_l("Narrative for the secretariat and the council"),
                              render_kw={"rows": 12},
                              validators=[Optional(), Length(max=NARRATIVE_MAX)])
    patents_filed = StringField(_l("Patent applications filed so far"),
                                validators=[Optional(), Length(max=NUMBER_MAX)])
    licences_granted = StringField(_l("Licences granted so far"),
                                   validators=[Optional(), Length(max=NUMBER_MAX)])
    save = SubmitField(_l("Save the draft"))
    check = SubmitField(_l("Save and check before submitting"))

    def fill_choices(self, partners) -> None:
        """``partners``: ``(organisation_id, name)`` of the project's partners."""
        categories = [SelectChoice("", "—"), *[SelectChoice(str(c), category_name(c))
                                               for c in BudgetCategory]]
        currencies = [SelectChoice("", _l("The partner's currency")),
                      *[SelectChoice(code, code) for code in CALL_CURRENCIES]]
        for row in self.spending:
            row.form.organisation_id.choices = [SelectChoice(0, "—"), *[
                SelectChoice(organisation_id, name) for organisation_id, name in partners]]
            row.form.category.choices = categories
            row.form.currency.choices = currencies

    def fill_from(self, report, milestones) -> None:
        """The form's rows from a saved report (on GET); ``milestones`` are the rows' own."""
        self.version.data = str(report.version)
        self.summary.data, self.narrative.data = report.summary, report.narrative
        for name in IP_COUNTS:
            count = getattr(report, name)
            getattr(self, name).data = "" if count is None else str(count)
        values = {row.indicator_id: row.value for row in report.values}
        for row, indicator_id in zip(self.indicators, self.indicator_ids, strict=False):
            row.form.value.data = str(values[indicator_id]) if indicator_id in values else ""
        reached = {row.milestone_id: row for row in report.milestones}
        for row, milestone in zip(self.milestones, milestones, strict=False):
            if milestone.id in reached:
                row.form.reached_on.data = reached[milestone.id].reached_on
                row.form.deliverable.data = reached[milestone.id].deliverable
        for row, spent in zip(self.spending, report.spending, strict=False):
            row.form.organisation_id.data = spent.organisation_id
            row.form.category.data, row.form.currency.data = spent.category, spent.currency
            row.form.amount.data = str(spent.amount)

    def locate(self, path: str):
        """The field of a service's path in the values :meth:`values` gave (``spending.2.amount``:
        the row of the third spending sent)."""
        parts = path.split(".")
        if len(parts) == 1:
            return getattr(self, path, None) if path in ("summary", "narrative",
                                                         *IP_COUNTS) else None
        if parts[0] not in ROWS or len(parts) < 3 or not parts[1].isdigit():
            return None
        sent = getattr(self, "rows", {}).get(parts[0], [])
        if int(parts[1]) >= len(sent):
            return None
        row = getattr(self, ROWS[parts[0]])[sent[int(parts[1])]].form
        return getattr(row, ROW_FIELDS.get(parts[2], parts[2]), None)

    def values(self, milestones) -> dict:
        """The values for the services, in the shape of the API's body; :attr:`rows` keeps,
        for each list, the form row of each value sent (to place the services' errors)."""
        self.rows: dict[str, list[int]] = {"indicator_values": [], "milestones": [],
                                           "spending": []}
        indicator_values, reached, spending = [], [], []
        for index, (row, indicator_id) in enumerate(zip(self.indicators, self.indicator_ids,
                                                        strict=False)):
            if (row.form.value.data or "").strip():
                indicator_values.append({"indicator_id": indicator_id,
                                         "value": row.form.value.data.strip()})
                self.rows["indicator_values"].append(index)
        for index, (row, milestone) in enumerate(zip(self.milestones, milestones, strict=False)):
            if row.form.reached_on.data or (row.form.deliverable.data or "").strip():
                reached.append({"milestone_id": milestone.id,
                                "reached_on": row.form.reached_on.data,
                                "deliverable": row.form.deliverable.data or ""})
                self.rows["milestones"].append(index)
        for index, row in enumerate(self.spending):
            fields = row.form
            if fields.organisation_id.data or fields.category.data or (fields.amount.data or
                                                                        "").strip():
                spending.append({"organisation_id": fields.organisation_id.data or None,
                                 "category": fields.category.data or None,
                                 "amount": (fields.amount.data or "").strip() or None,
                                 "currency": fields.currency.data or None})
                self.rows["spending"].append(index)
        return {"summary": self.summary.data or "", "narrative": self.narrative.data or "",
                "indicator_values": indicator_values, "milestones": reached,
                "spending": spending,
                **{name: (getattr(self, name).data or "").strip() or None for name in IP_COUNTS}}


def report_form(shown_indicators, open_milestones, **kwargs) -> ReportForm:
    """The editor's form with a row per indicator and per open milestone (each row named by
    its indicator or milestone in the error summary): the number of rows is the project's, so a
    posted form cannot add any."""

    class _ReportForm(ReportForm):
        indicators = FieldList(FormField(IndicatorValueRow), min_entries=len(shown_indicators),
                               max_entries=len(shown_indicators))
        milestones = FieldList(FormField(MilestoneRow), min_entries=len(open_milestones),
                               max_entries=len(open_milestones))
        spending = FieldList(FormField(SpendingRow), min_entries=SPENDING_ROWS,
                             max_entries=SPENDING_ROWS)

    form = _ReportForm(**kwargs)
    form.indicator_ids = [indicator.id for indicator in shown_indicators]
    for row, indicator in zip(form.indicators, shown_indicators, strict=True):
        row.form.row_name = indicator.name
    for row, milestone in zip(form.milestones, open_milestones, strict=True):
        row.form.row_name = milestone.title
    return form


class SubmitReportForm(PortalForm):
    submit = SubmitField(_l("Submit the report"))


class AcceptReportForm(PortalForm):
    accept = SubmitField(_l("Accept the report"))


class ReturnReportForm(PortalForm):
    reason = TextAreaField(_l("Why the report is returned, and what to change"),
                           render_kw={"rows": 4},
                           validators=[Optional(), Length(max=REASON_MAX)])
    return_report = SubmitField(_l("Return the report"))

