"""The proposal editor: a fixed number of rows for partners, budget lines, indicators,
milestones and background IP (blank rows ignored), so the page works without any script."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
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
from portal.core.forms import PercentField, PortalForm, RowForm, between
from portal.extensions import db
from portal.proposals.labels import (
    ATTACHMENT_NAMES,
    BACKGROUND_KIND_NAMES,
    CATEGORY_NAMES,
    OWNERSHIP_EXPLANATIONS,
    OWNERSHIP_NAMES,
)
from portal.reference import queries as reference
from portal.registry.models import Organisation, ProfileStatus
from portal.registry.picker import PickerField

PARTNER_ROWS, BUDGET_ROWS, INDICATOR_ROWS, MILESTONE_ROWS, BACKGROUND_ROWS = 6, 12, 4, 6, 6
#: The radio of "not stated yet" (the API's ``null``).
NOT_STATED = "none"
MAX_ORGANISATION_CHOICES = 2000
MONTHS = between(1, 120)


def _blank(form: Form) -> bool:
    return all(field.data in (None, "", 0) for field in form if field.type != "CSRFTokenField")


class PartnerRow(RowForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    cofinancing_rate = PercentField(_l("Co-financing rate, in %"), validators=[Optional()])


class BudgetRow(RowForm):
    organisation_id = SelectField(_l("Partner"), coerce=int, validators=[Optional()])
    category = SelectField(_l("Category"), choices=[SelectChoice("", "—"), *[
        SelectChoice(str(key), label) for key, label in CATEGORY_NAMES.items()]],
        validators=[Optional()])
    amount = DecimalField(_l("Amount"), validators=[Optional()])
    currency = SelectField(_l("Currency"), choices=[SelectChoice("", "—"), *[
        SelectChoice(code, code) for code in CALL_CURRENCIES]], validators=[Optional()])


class IndicatorRow(RowForm):
    name = StringField(_l("Indicator"), validators=[Optional(), Length(max=limits.TITLE_MAX)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=50)])
    baseline = DecimalField(_l("Baseline"), validators=[Optional()])
    target = DecimalField(_l("Target"), validators=[Optional()])


class MilestoneRow(RowForm):
    title = StringField(_l("Milestone"), validators=[Optional(), Length(max=limits.TITLE_MAX)])
    month = IntegerField(_l("Month"), validators=[Optional(), MONTHS])
    deliverable = StringField(_l("Deliverable"), validators=[Optional(), Length(max=5000)])


class BackgroundRow(RowForm):
    organisation_id = SelectField(_l("Owner"), coerce=int, validators=[Optional()])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=limits.TITLE_MAX)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice("", "—"), *[
        SelectChoice(str(key), label) for key, label in BACKGROUND_KIND_NAMES.items()]],
        validators=[Optional()])
    terms = TextAreaField(_l("Terms on which the other partners may use it"),
                          validators=[Optional(), Length(max=limits.LONG_TEXT_MAX)],
                          render_kw={"rows": 2})


def _ownership_choices() -> list[SelectChoice]:
    return [SelectChoice(NOT_STATED, _l("Not decided yet")), *[
        SelectChoice(str(key), f"{OWNERSHIP_NAMES[key]}: {OWNERSHIP_EXPLANATIONS[key]}")
        for key in OWNERSHIP_NAMES]]


class ProposalForm(PortalForm):
    #: How the error summary names a row: "Partner 1: Co-financing rate".
    row_labels = {"partners": _l("Partner %(n)d"), "budget": _l("Budget line %(n)d"),
                  "indicators": _l("Indicator %(n)d"), "milestones": _l("Milestone %(n)d"),
                  "background": _l("Background IP %(n)d")}
    version = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    acronym = StringField(_l("Acronym"), validators=[DataRequired(), Length(max=30)])
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 6})
    work_plan = TextAreaField(_l("Work plan"), render_kw={"rows": 8})
    technology_fields = SelectMultipleField(_l("Technology fields"), render_kw={"size": 6})
    duration_months = IntegerField(_l("Duration in months"), default=24,
                                   validators=[DataRequired(), MONTHS])
    lead_organisation_id = PickerField(_l("Lead organisation"), required=True)
    partners = FieldList(FormField(PartnerRow), min_entries=PARTNER_ROWS,
                         max_entries=PARTNER_ROWS)
    budget = FieldList(FormField(BudgetRow), min_entries=BUDGET_ROWS, max_entries=BUDGET_ROWS)
    indicators = FieldList(FormField(IndicatorRow), min_entries=INDICATOR_ROWS,
                           max_entries=INDICATOR_ROWS)
    milestones = FieldList(FormField(MilestoneRow), min_entries=MILESTONE_ROWS,
                           max_entries=MILESTONE_ROWS)
    background = FieldList(FormField(BackgroundRow), min_entries=BACKGROUND_ROWS,
                           max_entries=BACKGROUND_ROWS)
    results_ownership = RadioField(_l("Who owns the results"), default=NOT_STATED,
                                   validators=[Optional()])
    access_rights = TextAreaField(
        _l("Access rights of the partners and of third parties"),
        validators=[Optional(), Length(max=limits.LONG_TEXT_MAX)], render_kw={"rows": 4})
    submit = SubmitField(_l("Save"))

    def fill_choices(self, proposal=None) -> None:
        """The choices; a background IP's owner is one of ``proposal``'s partners (any
        organisation on a new proposal: the service refuses one that is not a partner)."""
        language = str(get_locale())
        self.technology_fields.choices = [SelectChoice(f.key, f.name(language))
                                          for f in reference.technology_fields()]
        organisations = db.session.execute(
            select(Organisation.id, Organisation.name, Organisation.state_code)
            .where(Organisation.status == ProfileStatus.PUBLISHED)
            .order_by(Organisation.state_code, Organisation.name)
            .limit(MAX_ORGANISATION_CHOICES)).all()
        choices = [SelectChoice(row.id, f"{row.name} ({row.state_code})")
                   for row in organisations]
        for row in (*self.partners, *self.budget):
            row.form.organisation_id.choices = [SelectChoice(0, "—"), *choices]
        if proposal is not None and proposal.partners:
            choices = [SelectChoice(p.organisation_id,
                                    f"{p.organisation.name} ({p.organisation.state_code})")
                       for p in proposal.partners]
        for row in self.background:
            row.form.organisation_id.choices = [SelectChoice(0, "—"), *choices]
        self.results_ownership.choices = _ownership_choices()

    def fill_from(self, proposal) -> None:
        """The form's rows from the proposal (on GET)."""
        self.version.data = str(proposal.version)
        for name in ("title", "acronym", "summary", "work_plan", "duration_months",
                     "lead_organisation_id"):
            getattr(self, name).data = getattr(proposal, name)
        self.technology_fields.data = [f.key for f in proposal.technology_fields]
        for row, partner in zip(self.partners, proposal.partners, strict=False):
            row.form.organisation_id.data = partner.organisation_id
            row.form.cofinancing_rate.data = partner.cofinancing_rate
        lines = [(p.organisation_id, line) for p in proposal.partners for line in p.budget]
        for row, (organisation_id, line) in zip(self.budget, lines, strict=False):
            row.form.organisation_id.data = organisation_id
            row.form.category.data, row.form.amount.data = line.category, line.amount
            row.form.currency.data = line.currency
        for row, indicator in zip(self.indicators, proposal.indicators, strict=False):
            row.form.process(obj=indicator)
        for row, milestone in zip(self.milestones, proposal.milestones, strict=False):
            row.form.process(obj=milestone)
        for row, background in zip(self.background, proposal.background_ip, strict=False):
            row.form.process(obj=background)
        self.results_ownership.data = proposal.ip_results_ownership or NOT_STATED
        self.access_rights.data = proposal.ip_access_rights

    def values(self) -> dict:
        """The values for the services, in the shape of the API's body. Blank rows are left
        out and budget lines grouped by partner, so each row sent is remembered under its path
        in the values, for :meth:`locate`."""
        self._rows: dict[str, Form] = {}
        budget: dict[int, list[dict]] = {}
        budget_rows: dict[int, list[Form]] = {}
        for row in self.budget:
            if not _blank(row.form) and row.form.organisation_id.data:
                budget.setdefault(row.form.organisation_id.data, []).append(
                    {"category": row.form.category.data, "amount": row.form.amount.data,
                     "currency": row.form.currency.data})
                budget_rows.setdefault(row.form.organisation_id.data, []).append(row.form)
        sent = [(row.form.organisation_id.data, row.form) for row in self.partners
                if row.form.organisation_id.data]
        lead = self.lead_organisation_id.data
        if lead not in {organisation for organisation, _row in sent} and lead in budget:
            sent.insert(0, (lead, None))
        partners = [{"organisation_id": organisation,
                     "cofinancing_rate": (row.cofinancing_rate.data or 0) if row else 0,
                     "budget": budget.get(organisation, [])} for organisation, row in sent]
        for index, (organisation, row) in enumerate(sent):
            if row is not None:
                self._rows[f"partners.{index}"] = row
            for line, line_row in enumerate(budget_rows.get(organisation, [])):
                self._rows[f"partners.{index}.budget.{line}"] = line_row
        indicators = [row.form for row in self.indicators if not _blank(row.form)]
        milestones = [row.form for row in self.milestones if not _blank(row.form)]
        self._rows.update({f"indicators.{i}": row for i, row in enumerate(indicators)})
        self._rows.update({f"milestones.{i}": row for i, row in enumerate(milestones)})
        return {
            "title": self.title.data, "acronym": self.acronym.data,
            "summary": self.summary.data or "", "work_plan": self.work_plan.data or "",
            "technology_fields": self.technology_fields.data or [],
            "duration_months": self.duration_months.data, "lead_organisation_id": lead,
            "partners": partners,
            "indicators": [dict(row.data) for row in indicators],
            "milestones": [dict(row.data) for row in milestones],
            "ip": self._ip(),
        }

    def locate(self, path: str):
        """The field of a service's path in the values :meth:`values` gave
        (``partners.0.cofinancing_rate``: the first partner row filled in)."""
        if path in ("ip.results_ownership", "ip.access_rights"):
            return getattr(self, path.split(".")[1])
        row_path, _dot, name = path.rpartition(".")
        row = getattr(self, "_rows", {}).get(row_path)
        return getattr(row, name, None) if row is not None else None

    def _ip(self) -> dict:
        ownership = self.results_ownership.data
        rows = [row.form for row in self.background if not _blank(row.form)]
        self._rows.update({f"ip.background.{i}": row for i, row in enumerate(rows)})
        return {"background": [{"organisation_id": row.organisation_id.data or None,
                                "title": row.title.data, "kind": row.kind.data,
                                "terms": row.terms.data or ""} for row in rows],
                "results_ownership": None if ownership in (None, NOT_STATED) else ownership,
                "access_rights": self.access_rights.data or ""}


class AttachmentForm(PortalForm):
    kind = SelectField(_l("Kind of document"), choices=[
        SelectChoice(str(key), label) for key, label in ATTACHMENT_NAMES.items()])
    file = FileField(_l("PDF file"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Upload"))


class NoteForm(PortalForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)],
                         render_kw={"rows": 2})


class AddPartnerForm(PortalForm):
    """The button that adds a suggested organisation to the consortium: its CSRF token and the
    version of the proposal the user saw (a stale one is refused, as in the editor)."""

    version = HiddenField()


class JointProposalForm(PortalForm):
    """Start a joint proposal from an accepted interest: the open call it answers. The choices
    (the calls open now) are set by the view."""

    call_id = SelectField(_l("Call for proposals"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Start a joint proposal"))
