"""A proposal's content from the values of the API or the editor: checked all at once (every
problem under its field, in the reader's language), then written onto the rows.

Partners, their budget lines, indicators and milestones are replaced from the values; a partner
that stays keeps its confirmation and endorsement. Each budget line stores the rate to the
call's currency in force that day (:mod:`portal.money.conversion`: 1 for the call's own
currency, a cross rate through a common quote currency where needed), with the rate's date; a
missing rate is stored as ``None`` and reported by the eligibility check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from portal.calls.models import CALL_CURRENCIES, Call
from portal.calls.validation import (
    decimal,
    in_range,
    integer,
    string_list,
    text,
)
from portal.core import limits
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.money.conversion import RateBook
from portal.proposals.models import (
    BackgroundIp,
    BackgroundKind,
    BudgetCategory,
    BudgetLine,
    Indicator,
    Milestone,
    Proposal,
    ProposalPartner,
    ResultsOwnership,
)
from portal.reference.models import TechnologyField
from portal.reference.queries import resolve_technology_fields
from portal.registry.models import Organisation, ProfileStatus

TEXT_FIELDS = {"title": limits.TITLE_MAX, "acronym": 30, "summary": limits.LONG_TEXT_MAX,
               "work_plan": limits.DOCUMENT_MAX}


@dataclass
class PartnerValues:
    organisation: Organisation
    cofinancing_rate: Decimal
    budget: list[tuple[str, Decimal, str]] = field(default_factory=list)


@dataclass
class Content:
    """The checked values; ``None`` (or absent) where the caller did not send the field."""

    scalars: dict = field(default_factory=dict)
    technology_fields: list[TechnologyField] | None = None
    partners: list[PartnerValues] | None = None
    indicators: list[dict] | None = None
    milestones: list[dict] | None = None
    #: The background IP rows (``organisation_id``, ``title``, ``kind``, ``terms``).
    background_ip: list[dict] | None = None


def _rows(problems: Problems, name: str, value) -> list[dict]:
    if not isinstance(value, list):
        add_problem(problems, name, _("Must be a list."))
        return []
    if len(value) > limits.ROWS_MAX:
        add_problem(problems, name, _("At most %(n)d rows.", n=limits.ROWS_MAX))
        return []
    rows = []
    for index, row in enumerate(value):
        if isinstance(row, dict):
            rows.append(row)
        else:
            add_problem(problems, f"{name}.{index}", _("Must be an object."))
    return rows


def _technology_fields(problems: Problems, keys) -> list[TechnologyField]:
    fields, unknown = resolve_technology_fields(string_list(problems, "technology_fields", keys))
    if unknown:
        add_problem(problems, "technology_fields", unknown)
    return fields


def _organisation(problems: Problems, name: str, value) -> Organisation | None:
    if isinstance(value, bool) or not isinstance(value, int):
        add_problem(problems, name, _("Must be a whole number."))
        return None
    organisation = db.session.get(Organisation, value) if limits.is_id(value) else None
    if organisation is None or organisation.status != ProfileStatus.PUBLISHED:
        add_problem(problems, name, _("No published organisation has this number."))
        return None
    return organisation


def _budget(problems: Problems, prefix: str, lines) -> list[tuple[str, Decimal, str]]:
    budget = []
    for index, line in enumerate(_rows(problems, prefix, lines or [])):
        where = f"{prefix}.{index}"
        category = line.get("category")
        if category not in set(BudgetCategory):
            add_problem(problems, f"{where}.category", _("Unknown budget category."))
        amount = decimal(problems, f"{where}.amount", line.get("amount"), bounds=limits.AMOUNT)
        currency = line.get("currency")
        if currency not in CALL_CURRENCIES:
            add_problem(problems, f"{where}.currency", _("Unknown currency; one of %(codes)s.",
                                                         codes=", ".join(CALL_CURRENCIES)))
        budget.append((category, amount, currency))
    return budget


def _partners(problems: Problems, rows) -> list[PartnerValues]:
    partners, seen = [], set()
    for index, row in enumerate(_rows(problems, "partners", rows)):
        where = f"partners.{index}"
        organisation = _organisation(problems, f"{where}.organisation_id",
                                     row.get("organisation_id"))
        rate = decimal(problems, f"{where}.cofinancing_rate", row.get("cofinancing_rate", 0),
                       bounds=limits.FRACTION)
        budget = _budget(problems, f"{where}.budget", row.get("budget"))
        if organisation is None:
            continue
        if organisation.id in seen:
            add_problem(problems, f"{where}.organisation_id",
                        _("This organisation is already a partner."))
            continue
        seen.add(organisation.id)
        partners.append(PartnerValues(organisation, rate or Decimal(0), budget))
    return partners


def _indicators(problems: Problems, rows) -> list[dict]:
    indicators = []
    for index, row in enumerate(_rows(problems, "indicators", rows)):
        where = f"indicators.{index}"
        indicators.append({
            "name": text(problems, f"{where}.name", row.get("name"), limits.TITLE_MAX),
            "unit": text(problems, f"{where}.unit", row.get("unit"), 50, required=False),
            "baseline": decimal(problems, f"{where}.baseline", row.get("baseline"), False,
                                limits.INDICATOR_VALUE),
            "target": decimal(problems, f"{where}.target", row.get("target"), False,
                              limits.INDICATOR_VALUE)})
    return indicators


def _milestones(problems: Problems, rows) -> list[dict]:
    milestones = []
    for index, row in enumerate(_rows(problems, "milestones", rows)):
        where = f"milestones.{index}"
        month = integer(problems, f"{where}.month", row.get("month"))
        in_range(problems, f"{where}.month", month, 1, 120)
        milestones.append({
            "title": text(problems, f"{where}.title", row.get("title"), limits.TITLE_MAX),
            "month": month,
            "deliverable": text(problems, f"{where}.deliverable", row.get("deliverable"),
                                5_000, required=False)})
    return milestones


def _ip(problems: Problems, value, content: Content, creating: bool) -> None:
    """The IP section (DESIGN 4.10): a key it leaves out stays as it is (empty on creation)."""
    if not isinstance(value, dict):
        add_problem(problems, "ip", _("Must be an object."))
        return
    if "results_ownership" in value or creating:
        ownership = value.get("results_ownership")
        if ownership is not None and ownership not in set(ResultsOwnership):
            add_problem(problems, "ip.results_ownership", _(
                "Unknown ownership of results; one of %(codes)s, or null.",
                codes=", ".join(ResultsOwnership)))
        content.scalars["ip_results_ownership"] = ownership
    if "access_rights" in value or creating:
        content.scalars["ip_access_rights"] = text(
            problems, "ip.access_rights", value.get("access_rights"), limits.LONG_TEXT_MAX,
            required=False)
    if "background" in value or creating:
        content.background_ip = []
        for index, row in enumerate(_rows(problems, "ip.background",
                                          value.get("background") or [])):
            where = f"ip.background.{index}"
            owner = row.get("organisation_id")
            if isinstance(owner, bool) or not isinstance(owner, int):
                add_problem(problems, f"{where}.organisation_id", _("Must be a whole number."))
            if row.get("kind") not in set(BackgroundKind):
                add_problem(problems, f"{where}.kind", _(
                    "Unknown kind of intellectual property; one of %(codes)s.",
                    codes=", ".join(BackgroundKind)))
            content.background_ip.append({
                "organisation_id": owner, "kind": row.get("kind"),
                "title": text(problems, f"{where}.title", row.get("title"), limits.TITLE_MAX),
                "terms": text(problems, f"{where}.terms", row.get("terms"),
                              limits.LONG_TEXT_MAX, required=False)})


def _owners(problems: Problems, content: Content, proposal: Proposal | None) -> None:
    """Each owner of background IP is a partner once the values are written: of the partners
    being written, or of the proposal's partners where the values leave them as they are (the
    lead is always a partner)."""
    if content.background_ip is None:
        return
    if content.partners is not None:
        partners = {values.organisation.id for values in content.partners}
    else:
        partners = {p.organisation_id for p in proposal.partners} if proposal else set()
    lead = content.scalars.get("lead_organisation_id",
                               proposal.lead_organisation_id if proposal else None)
    partners.add(lead)
    for index, row in enumerate(content.background_ip):
        owner = row["organisation_id"]
        if isinstance(owner, int) and not isinstance(owner, bool) and owner not in partners:
            add_problem(problems, f"ip.background.{index}.organisation_id",
                        _("The owner must be a partner of the proposal."))


def check_content(values: dict, *, creating: bool, proposal: Proposal | None = None) -> Content:
    """The checked content; on creation the title, acronym and lead are required. ``proposal``
    is the one being changed, whose partners may own background IP."""
    problems: Problems = {}
    content = Content()
    for name, limit in TEXT_FIELDS.items():
        if name in values or creating:
            content.scalars[name] = text(problems, name, values.get(name), limit,
                                         required=name in ("title", "acronym"))
    if "duration_months" in values or creating:
        months = integer(problems, "duration_months", values.get("duration_months"), default=24)
        in_range(problems, "duration_months", months, 1, 120)
        content.scalars["duration_months"] = months
    if "lead_organisation_id" in values or creating:
        lead = _organisation(problems, "lead_organisation_id", values.get("lead_organisation_id"))
        content.scalars["lead_organisation_id"] = lead.id if lead else None
    if "technology_fields" in values or creating:
        content.technology_fields = _technology_fields(problems, values.get("technology_fields"))
    if "partners" in values or creating:
        content.partners = _partners(problems, values.get("partners") or [])
    if "indicators" in values or creating:
        content.indicators = _indicators(problems, values.get("indicators") or [])
    if "milestones" in values or creating:
        content.milestones = _milestones(problems, values.get("milestones") or [])
    if "ip" in values or creating:
        _ip(problems, {} if values.get("ip") is None else values["ip"], content, creating)
        _owners(problems, content, proposal)
    raise_if(problems)
    return content


def convert_line(line: BudgetLine, call: Call, rates: RateBook) -> None:
    """Store on ``line`` the rate to the call's currency in force on the book's day."""
    conversion = rates.conversion(line.currency, call.currency)
    line.rate = conversion.rate if conversion else None
    line.rate_date = conversion.on if conversion else None


def convert_budget(proposal: Proposal, on: date) -> None:
    """Convert every budget line again at the rates in force on ``on`` (at submission)."""
    rates = RateBook(on)
    for partner in proposal.partners:
        for line in partner.budget:
            convert_line(line, proposal.call, rates)


def _ensure_lead(proposal: Proposal, partners: list[PartnerValues]) -> list[PartnerValues]:
    """The lead is a partner too: added, without a budget, when the values leave it out."""
    if any(p.organisation.id == proposal.lead_organisation_id for p in partners):
        return partners
    lead = db.session.get(Organisation, proposal.lead_organisation_id)
    return [PartnerValues(lead, Decimal(0)), *partners]


def write_partners(proposal: Proposal, partners: list[PartnerValues], today: date,
                   call: Call) -> list[ProposalPartner]:
    """Replace the consortium; returns the partners that are new to it."""
    existing = {partner.organisation_id: partner for partner in proposal.partners}
    kept, added, rates = [], [], RateBook(today)
    for values in _ensure_lead(proposal, partners):
        partner = existing.get(values.organisation.id)
        if partner is None:
            partner = ProposalPartner(organisation=values.organisation)
            added.append(partner)
        partner.cofinancing_rate = values.cofinancing_rate
        lines = [BudgetLine(category=category, amount=amount, currency=currency)
                 for category, amount, currency in values.budget]
        for line in lines:
            convert_line(line, call, rates)
        partner.budget = lines
        kept.append(partner)
    proposal.partners = kept
    return added


def write_content(proposal: Proposal, content: Content, today: date) -> list[ProposalPartner]:
    """Write the checked content onto ``proposal``; returns the partners new to it."""
    for name, value in content.scalars.items():
        setattr(proposal, name, value)
    if content.technology_fields is not None:
        proposal.technology_fields = content.technology_fields
    if content.indicators is not None:
        proposal.indicators = [Indicator(position=i + 1, **row)
                               for i, row in enumerate(content.indicators)]
    if content.milestones is not None:
        proposal.milestones = [Milestone(position=i + 1, **row)
                               for i, row in enumerate(content.milestones)]
    if content.background_ip is not None:
        proposal.background_ip = [BackgroundIp(position=i + 1, **row)
                                  for i, row in enumerate(content.background_ip)]
    added = []
    if content.partners is not None:
        added = write_partners(proposal, content.partners, today, proposal.call)
    elif "lead_organisation_id" in content.scalars:
        added = write_partners(proposal, [_as_values(p) for p in proposal.partners], today,
                               proposal.call)
    _drop_former_partners_ip(proposal)
    return added


def _drop_former_partners_ip(proposal: Proposal) -> None:
    """A partner that leaves the consortium takes its background IP with it."""
    partners = {p.organisation.id for p in proposal.partners}
    kept = [row for row in proposal.background_ip if row.organisation_id in partners]
    if len(kept) != len(proposal.background_ip):
        proposal.background_ip = kept


def _as_values(partner: ProposalPartner) -> PartnerValues:
    return PartnerValues(partner.organisation, partner.cofinancing_rate,
                         [(line.category, line.amount, line.currency) for line in partner.budget])
