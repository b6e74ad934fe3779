"""The proposal editor's forms, one per section of the task list (:mod:`portal.proposals.tasklist`).

Each section's form reads and saves only its own part of the proposal: :meth:`values` gives the
keys of the API's body that the section changes (the service leaves the others as they are),
and :meth:`locate` finds the field of a problem the service names by its path. The lists of
rows grow as needed (:mod:`portal.proposals.rows`); blank rows are ignored.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    DecimalField,
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
from portal.proposals.labels import (
    BACKGROUND_KIND_NAMES,
    CATEGORY_NAMES,
    OWNERSHIP_EXPLANATIONS,
    OWNERSHIP_NAMES,
)
from portal.proposals.rows import GrowingList, add_empty_rows
from portal.reference import queries as reference
from portal.registry.picker import PickerField

#: The radio of "not stated yet" (the API's ``null``).
NOT_STATED = "none"
MONTHS = between(1, 120)


def _blank(form: Form) -> bool:
    return all(field.data in (None, "", 0) for field in form if field.type != "CSRFTokenField")


def _filled(rows: GrowingList) -> list[Form]:
    return [row.form for row in rows if not _blank(row.form)]


def _partner_choices(proposal) -> list[SelectChoice]:
    return [SelectChoice(0, "—"), *[
        SelectChoice(p.organisation_id, f"{p.organisation.name} ({p.organisation.state_code})")
        for p in proposal.partners]]


def _budget_of(partner) -> list[dict]:
    return [{"category": line.category, "amount": line.amount, "currency": line.currency}
            for line in partner.budget] if partner is not None else []


class PartnerRow(RowForm):
    organisation_id = PickerField(_l("Organisation"))
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
    #: Whether the owner is a partner is the service's rule, told in its words.
    organisation_id = SelectField(_l("Owner"), coerce=int, validators=[Optional()],
                                  validate_choice=False)
    title = StringField(_l("Title"), validators=[Optional(), Length(max=limits.TITLE_MAX)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice("", "—"), *[
        SelectChoice(str(key), label) for key, label in BACKGROUND_KIND_NAMES.items()]],
        validators=[Optional()])
    terms = TextAreaField(_l("Terms on which the other partners may use it"),
                          validators=[Optional(), Length(max=limits.LONG_TEXT_MAX)],
                          render_kw={"rows": 2})


class SectionForm(PortalForm):
    """What every section's form shares: the version the editor started from (a stale one is
    refused by the service), how the error summary names a row ("Partner 1: Co-financing
    rate") and the words of each list's "Add another" button."""

    row_labels = {"partners": _l("Partner %(n)d"), "budget": _l("Budget line %(n)d"),
                  "indicators": _l("Indicator %(n)d"), "milestones": _l("Milestone %(n)d"),
                  "background": _l("Background IP %(n)d")}
    add_labels = {"partners": _l("Add another partner"), "budget": _l("Add another budget line"),
                  "indicators": _l("Add another indicator"),
                  "milestones": _l("Add another milestone"),
                  "background": _l("Add another background IP")}
    version = HiddenField()
    submit = SubmitField(_l("Save"))

    def fill_choices(self, proposal) -> None:
        """The choices of the select fields; ``proposal`` is ``None`` on creation."""

    def fill_from(self, proposal) -> None:
        """The form from the proposal, with one empty row in each list (on GET)."""
        self.version.data = str(proposal.version)
        self._fill(proposal)
        add_empty_rows(self)

    def _fill(self, proposal) -> None:
        raise NotImplementedError

    def values(self, proposal) -> dict:
        raise NotImplementedError

    def locate(self, path: str):
        """The field of a service's path in the values :meth:`values` gave."""
        row_path, _dot, name = path.rpartition(".")
        row = getattr(self, "_rows", {}).get(row_path)
        return getattr(row, name, None) if row is not None else None


class ProjectForm(SectionForm):
    """The project: title, acronym, texts, technology fields and duration."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE_MAX)])
    acronym = StringField(_l("Acronym"), validators=[DataRequired(), Length(max=30)])
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 6})
    work_plan = TextAreaField(_l("Work plan"), render_kw={"rows": 8})
    technology_fields = SelectMultipleField(_l("Technology fields"), render_kw={"size": 6})
    duration_months = IntegerField(_l("Duration in months"), default=24,
                                   validators=[DataRequired(), MONTHS])
    SCALARS = ("title", "acronym", "summary", "work_plan", "duration_months")

    def fill_choices(self, proposal) -> None:
        language = str(get_locale())
        self.technology_fields.choices = [SelectChoice(f.key, f.name(language))
                                          for f in reference.technology_fields()]

    def _fill(self, proposal) -> None:
        for name in self.SCALARS:
            getattr(self, name).data = getattr(proposal, name)
        self.technology_fields.data = [f.key for f in proposal.technology_fields]

    def values(self, proposal) -> dict:
        return {"title": self.title.data, "acronym": self.acronym.data,
                "summary": self.summary.data or "", "work_plan": self.work_plan.data or "",
                "technology_fields": self.technology_fields.data or [],
                "duration_months": self.duration_months.data}

    def locate(self, path: str):
        return None


class NewProposalForm(ProjectForm):
    """A new proposal: the project and its lead; the other sections follow from the task list."""

    lead_organisation_id = PickerField(_l("Lead organisation"), required=True)

    def values(self, proposal) -> dict:
        return {**super().values(proposal), "lead_organisation_id": self.lead_organisation_id.data}


class ConsortiumForm(SectionForm):
    """The lead and the partners with their co-financing rates; each partner keeps its budget."""

    lead_organisation_id = PickerField(_l("Lead organisation"), required=True)
    partners = GrowingList(FormField(PartnerRow), _l("Partners"))

    def _fill(self, proposal) -> None:
        self.lead_organisation_id.data = proposal.lead_organisation_id
        for partner in proposal.partners:
            self.partners.append_entry({"organisation_id": partner.organisation_id,
                                        "cofinancing_rate": partner.cofinancing_rate})

    def values(self, proposal) -> dict:
        """The lead, when no row lists it, stays a partner with its rate and budget."""
        existing = {p.organisation_id: p for p in proposal.partners}
        sent = [(row.form.organisation_id.data, row.form) for row in self.partners
                if row.form.organisation_id.data]
        lead = self.lead_organisation_id.data
        if lead not in {organisation for organisation, _row in sent} and lead in existing:
            sent.insert(0, (lead, None))
        self._rows = {f"partners.{index}": row for index, (_o, row) in enumerate(sent)
                      if row is not None}
        partners = [{"organisation_id": organisation,
                     "cofinancing_rate": (row.cofinancing_rate.data or 0) if row is not None
                     else existing[organisation].cofinancing_rate,
                     "budget": _budget_of(existing.get(organisation))}
                    for organisation, row in sent]
        return {"lead_organisation_id": lead, "partners": partners}


class BudgetForm(SectionForm):
    """The budget lines, each of one of the proposal's partners."""

    budget = GrowingList(FormField(BudgetRow), _l("Budget"))

    def fill_choices(self, proposal) -> None:
        choices = _partner_choices(proposal)
        for row in self.budget:
            row.form.organisation_id.choices = choices

    def _fill(self, proposal) -> None:
        for partner in proposal.partners:
            for line in _budget_of(partner):
                self.budget.append_entry({"organisation_id": partner.organisation_id, **line})

    def values(self, proposal) -> dict:
        rows = [row for row in _filled(self.budget) if row.organisation_id.data]
        self._rows = {}
        partners = []
        for index, partner in enumerate(proposal.partners):
            own = [row for row in rows if row.organisation_id.data == partner.organisation_id]
            self._rows.update({f"partners.{index}.budget.{line}": row
                               for line, row in enumerate(own)})
            partners.append({"organisation_id": partner.organisation_id,
                             "cofinancing_rate": partner.cofinancing_rate,
                             "budget": [{"category": row.category.data, "amount": row.amount.data,
                                         "currency": row.currency.data} for row in own]})
        return {"partners": partners}


class IndicatorsForm(SectionForm):
    indicators = GrowingList(FormField(IndicatorRow), _l("Indicators"))

    def _fill(self, proposal) -> None:
        for indicator in proposal.indicators:
            self.indicators.append_entry(indicator)

    def values(self, proposal) -> dict:
        rows = _filled(self.indicators)
        self._rows = {f"indicators.{i}": row for i, row in enumerate(rows)}
        return {"indicators": [dict(row.data) for row in rows]}


class MilestonesForm(SectionForm):
    milestones = GrowingList(FormField(MilestoneRow), _l("Work plan milestones"))

    def _fill(self, proposal) -> None:
        for milestone in proposal.milestones:
            self.milestones.append_entry(milestone)

    def values(self, proposal) -> dict:
        rows = _filled(self.milestones)
        self._rows = {f"milestones.{i}": row for i, row in enumerate(rows)}
        return {"milestones": [dict(row.data) for row in rows]}


def _ownership_choices() -> list[SelectChoice]:
    return [SelectChoice(NOT_STATED, _l("Not decided yet")), *[
        SelectChoice(str(key), f"{OWNERSHIP_NAMES[key]}: {OWNERSHIP_EXPLANATIONS[key]}")
        for key in OWNERSHIP_NAMES]]


class IpForm(SectionForm):
    """The IP section (DESIGN 4.10): background IP, each owned by a partner, and the results."""

    background = GrowingList(FormField(BackgroundRow), _l("Background IP"))
    results_ownership = RadioField(_l("Who owns the results"), default=NOT_STATED,
                                   validators=[Optional()])
    access_rights = TextAreaField(
        _l("Access rights of the partners and of third parties"),
        validators=[Optional(), Length(max=limits.LONG_TEXT_MAX)], render_kw={"rows": 4})

    def fill_choices(self, proposal) -> None:
        choices = _partner_choices(proposal)
        for row in self.background:
            row.form.organisation_id.choices = choices
        self.results_ownership.choices = _ownership_choices()

    def _fill(self, proposal) -> None:
        for background in proposal.background_ip:
            self.background.append_entry(background)
        self.results_ownership.data = proposal.ip_results_ownership or NOT_STATED
        self.access_rights.data = proposal.ip_access_rights

    def values(self, proposal) -> dict:
        ownership = self.results_ownership.data
        rows = _filled(self.background)
        self._rows = {f"ip.background.{i}": row for i, row in enumerate(rows)}
        return {"ip": {
            "background": [{"organisation_id": row.organisation_id.data or None,
                            "title": row.title.data, "kind": row.kind.data,
                            "terms": row.terms.data or ""} for row in rows],
            "results_ownership": None if ownership in (None, NOT_STATED) else ownership,
            "access_rights": self.access_rights.data or ""}}

    def locate(self, path: str):
        if path in ("ip.results_ownership", "ip.access_rights"):
            return getattr(self, path.split(".")[1])
        return super().locate(path)
