"""The open data (DESIGN 4.8, API.md "Funded projects"): what the council decided, the projects
it funds and the indicator values their accepted reports delivered, as datasets anyone may
download without an account.

Each dataset declares its columns once, here, as data: the name, the type and a description.
The CSV and JSON exports and the page that documents them are all drawn from that declaration,
so the three cannot disagree. Rows are plain dicts keyed by column name, holding Python values
(``int``, ``Decimal``, ``date``, ``datetime``, ``str`` or ``None``); the exports format them.

Rows are read in batches of :data:`BATCH` in the order of a primary key, each batch starting
after the last key of the one before (keyset pagination), so that a dataset of 100,000 rows is
never held in memory at once and each batch costs the same fixed number of statements. Only
what the public register of decisions (``GET /api/v1/decisions``) and the public project pages
show is exported: no ballot, no narrative, no spending, no person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from portal.calls.models import Call
from portal.council.models import Decision
from portal.extensions import db
from portal.projects.models import (
    IndicatorValue,
    Project,
    ProjectGrant,
    Report,
    ReportingPeriod,
    ReportStatus,
)
from portal.projects.progress import progress
from portal.proposals.models import Indicator, Proposal, ProposalPartner
from portal.registry.models import Organisation

#: Rows read per statement; a batch's rows and their partners or grants are all that is held.
BATCH = 1000

#: Progress is given to four decimal places (0.3333 is a third of the way to the target).
PROGRESS_PLACES = Decimal("0.0001")

#: The licence of every dataset: Creative Commons Attribution 4.0, the licence the open-data
#: portals of governments and international bodies commonly use; anyone may reuse the data,
#: commercially too, by naming the source.
LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


class Kind(StrEnum):
    """A column's type. ``text`` is free text written by people (and guarded in CSV against
    being run as a spreadsheet formula); ``code`` is a fixed key such as ``adopted`` or
    ``RU``."""

    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    CODE = "code"
    TEXT = "text"


KIND_LABELS = {
    Kind.INTEGER: _l("whole number"),
    Kind.DECIMAL: _l("decimal number, with a point"),
    Kind.DATE: _l("date (YYYY-MM-DD)"),
    Kind.DATETIME: _l("date and time in UTC (ISO 8601)"),
    Kind.CODE: _l("code"),
    Kind.TEXT: _l("text"),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: object  # a lazy string, translated when read


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    description: object
    #: How the ``id`` column is made and why it does not change.
    id_rule: object
    columns: tuple[Column, ...]
    #: Yields the rows, batch by batch.
    rows: Callable[[], Iterator[dict]]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _batches(query: Select, key) -> Iterator[Sequence]:
    """The rows of ``query`` (whose first column is ``key``), BATCH at a time, in key order."""
    after = None
    while True:
        page = query if after is None else query.where(key > after)
        rows = db.session.execute(page.order_by(key).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        if len(rows) < BATCH:
            return
        after = rows[-1][0]


def _grants(project_ids: list[int]) -> dict[int, Decimal]:
    """Each project's total grant, summed here in decimals (SQLite would sum in floats)."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    if project_ids:
        for project_id, amount in db.session.execute(
                select(ProjectGrant.project_id, ProjectGrant.amount)
                .where(ProjectGrant.project_id.in_(project_ids))):
            totals[project_id] += amount
    return totals


def _partners(proposal_ids: list[int]) -> dict[int, list[str]]:
    """The states of each proposal's partners, one entry per partner."""
    states: dict[int, list[str]] = defaultdict(list)
    if proposal_ids:
        for proposal_id, state in db.session.execute(
                select(ProposalPartner.proposal_id, Organisation.state_code)
                .join(Organisation, Organisation.id == ProposalPartner.organisation_id)
                .where(ProposalPartner.proposal_id.in_(proposal_ids))):
            states[proposal_id].append(state)
    return states


def decision_rows() -> Iterator[dict]:
    query = (select(Decision.id, Decision.number, Decision.proposal_id, Proposal.acronym,
                    Proposal.title, Proposal.language, Decision.outcome, Decision.rule,
                    Decision.decided_at, Decision.entered_into_force_at,
                    Project.id.label("project_id"), Call.currency)
             .join(Proposal, Proposal.id == Decision.proposal_id)
             .join(Call, Call.id == Proposal.call_id)
             .outerjoin(Project, Project.decision_id == Decision.id))
    for batch in _batches(query, Decision.id):
        grants = _grants([row.project_id for row in batch if row.project_id is not None])
        for row in batch:
            funded = row.project_id is not None
            yield {
                "id": row.id, "number": row.number, "proposal_id": row.proposal_id,
                "acronym": row.acronym, "title": row.title, "language": row.language,
                "outcome": row.outcome, "rule": row.rule, "decided_at": row.decided_at,
                "entered_into_force_at": row.entered_into_force_at,
                "project_id": row.project_id,
                "grant": grants.get(row.project_id) if funded else None,
                "currency": row.currency if funded else None,
            }


def project_rows() -> Iterator[dict]:
    query = (select(Project.id, Project.proposal_id, Decision.number, Proposal.acronym,
                    Proposal.title, Proposal.language, Proposal.call_id,
                    Proposal.classification, Proposal.lead_organisation_id,
                    Organisation.name.label("lead_name"), Project.signed_on,
                    Project.starts_on, Project.ends_on, Call.currency, Proposal.status)
             .join(Proposal, Proposal.id == Project.proposal_id)
             .join(Call, Call.id == Proposal.call_id)
             .join(Organisation, Organisation.id == Proposal.lead_organisation_id)
             .outerjoin(Decision, Decision.id == Project.decision_id))
    for batch in _batches(query, Project.id):
        grants = _grants([row.id for row in batch])
        partners = _partners([row.proposal_id for row in batch])
        for row in batch:
            states = partners.get(row.proposal_id, [])
            yield {
                "id": row.id, "proposal_id": row.proposal_id, "decision_number": row.number,
                "acronym": row.acronym, "title": row.title, "language": row.language,
                "call_id": row.call_id, "classification": row.classification,
                "states": ";".join(sorted(set(states))),
                "lead_organisation_id": row.lead_organisation_id,
                "lead_organisation": row.lead_name, "partners": len(states),
                "signed_on": row.signed_on, "starts_on": row.starts_on, "ends_on": row.ends_on,
                "grant": grants.get(row.id, Decimal(0)), "currency": row.currency,
                "status": row.status,
            }


def indicator_id(indicator: int, period_number: int) -> str:
    """The stable id of an indicator's value in a period: one report per period, one value per
    indicator in a report, so the pair is unique and keeps its meaning for good."""
    return f"{indicator}-{period_number}"


#: The joint R&D's IP indicators (DESIGN 4.10) a report counts: their rows have these names.
IP_INDICATORS = ("patents_filed", "licences_granted")


def ip_indicator_id(project: int, name: str, period_number: int) -> str:
    """The stable id of a project's IP count in a period, such as ``7-patents_filed-3``."""
    return f"{project}-{name}-{period_number}"


def indicator_rows() -> Iterator[dict]:
    yield from _proposal_indicator_rows()
    yield from _ip_indicator_rows()


def _ip_indicator_rows() -> Iterator[dict]:
    """Two rows per accepted report that counts patents filed or licences granted."""
    query = (select(Report.id, Report.project_id, ReportingPeriod.number,
                    ReportingPeriod.ends_on, Report.patents_filed, Report.licences_granted)
             .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
             .where(Report.status == ReportStatus.ACCEPTED,
                    Report.patents_filed.is_not(None) | Report.licences_granted.is_not(None)))
    for batch in _batches(query, Report.id):
        for row in batch:
            for name, value in zip(IP_INDICATORS, (row.patents_filed, row.licences_granted),
                                   strict=True):
                if value is None:
                    continue
                yield {
                    "id": ip_indicator_id(row.project_id, name, row.number),
                    "project_id": row.project_id, "indicator_id": None, "name": name,
                    "unit": "", "baseline": None, "target": None,
                    "period_number": row.number, "period_ends_on": row.ends_on,
                    "value": Decimal(value), "progress": None,
                }


def _proposal_indicator_rows() -> Iterator[dict]:
    query = (select(IndicatorValue.id, IndicatorValue.indicator_id, Report.project_id,
                    Indicator.name, Indicator.unit, Indicator.baseline, Indicator.target,
                    ReportingPeriod.number, ReportingPeriod.ends_on, IndicatorValue.value)
             .join(Report, Report.id == IndicatorValue.report_id)
             .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
             .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
             .where(Report.status == ReportStatus.ACCEPTED))
    for batch in _batches(query, IndicatorValue.id):
        for row in batch:
            share = progress(row.value, row.baseline, row.target)
            yield {
                "id": indicator_id(row.indicator_id, row.number), "project_id": row.project_id,
                "indicator_id": row.indicator_id, "name": row.name, "unit": row.unit,
                "baseline": row.baseline, "target": row.target, "period_number": row.number,
                "period_ends_on": row.ends_on, "value": row.value,
                "progress": None if share is None else share.quantize(PROGRESS_PLACES),
            }


_PROPOSAL_ID = Column("proposal_id", Kind.INTEGER, _l("The id of the proposal, as in the API."))
_ACRONYM = Column("acronym", Kind.TEXT, _l("The proposal's acronym."))
_TITLE = Column("title", Kind.TEXT, _l("The proposal's title, in the language it was written "
                                       "in."))
_LANGUAGE = Column("language", Kind.CODE, _l("The language of the acronym and title (ISO "
                                             "639-1, such as ru or en)."))
_GRANT = Column("grant", Kind.DECIMAL, _l("The total grant of the agreement to all partners, in "
                                          "the call's currency."))
_CURRENCY = Column("currency", Kind.CODE, _l("The call's currency (ISO 4217)."))
_PROJECT_ID = Column("project_id", Kind.INTEGER, _l("The id of the funded project (the id "
                                                    "column of the projects dataset)."))

DECISIONS = Dataset(
    name="decisions",
    title=_l("Decisions of the council"),
    description=_l("Every decision the council has taken on a proposal, as in its public "
                   "register."),
    id_rule=_l("The decision's id in the portal's database: given once, never changed or "
               "reused."),
    columns=(
        Column("id", Kind.INTEGER, _l("The decision's id, as in the API.")),
        Column("number", Kind.CODE, _l("The decision's number, YYYY/N within its year.")),
        _PROPOSAL_ID, _ACRONYM, _TITLE, _LANGUAGE,
        Column("outcome", Kind.CODE, _l("adopted, rejected or no_consensus.")),
        Column("rule", Kind.CODE, _l("The rule the count applied: consensus or "
                                     "qualified_majority.")),
        Column("decided_at", Kind.DATETIME, _l("When the council decided.")),
        Column("entered_into_force_at", Kind.DATETIME,
               _l("When the decision entered into force; empty until the objection window "
                  "closes, and for good if a state asked for reconsideration.")),
        Column("project_id", Kind.INTEGER, _l("The project this decision funded, once its "
                                              "grant agreement is signed; empty otherwise.")),
        Column("grant", Kind.DECIMAL, _l("The project's total grant to all partners; empty "
                                         "when no project was funded.")),
        Column("currency", Kind.CODE, _l("The currency of the grant (ISO 4217); empty when "
                                         "no project was funded.")),
    ),
    rows=decision_rows,
)

PROJECTS = Dataset(
    name="projects",
    title=_l("Funded projects"),
    description=_l("Every project whose grant agreement is signed, with its partners' states, "
                   "dates and grant."),
    id_rule=_l("The project's id in the portal's database: given once when the agreement is "
               "recorded, never changed or reused."),
    columns=(
        Column("id", Kind.INTEGER, _l("The project's id, as in the API.")),
        _PROPOSAL_ID,
        Column("decision_number", Kind.CODE, _l("The number of the decision that funded it.")),
        _ACRONYM, _TITLE, _LANGUAGE,
        Column("call_id", Kind.INTEGER, _l("The id of the call it answered.")),
        Column("classification", Kind.CODE, _l("cross_border, transnational or national, "
                                                "from the partners' regions.")),
        Column("states", Kind.CODE, _l("The partners' member states (ISO 3166), separated "
                                       "by semicolons.")),
        Column("lead_organisation_id", Kind.INTEGER, _l("The id of the lead organisation.")),
        Column("lead_organisation", Kind.TEXT, _l("The lead organisation's name.")),
        Column("partners", Kind.INTEGER, _l("How many organisations are partners, the lead "
                                            "included.")),
        Column("signed_on", Kind.DATE, _l("When the grant agreement was signed.")),
        Column("starts_on", Kind.DATE, _l("The first day of the work.")),
        Column("ends_on", Kind.DATE, _l("The last day of the work.")),
        _GRANT, _CURRENCY,
        Column("status", Kind.CODE, _l("in_implementation, or completed once its final "
                                       "report is accepted.")),
    ),
    rows=project_rows,
)

INDICATORS = Dataset(
    name="indicators",
    title=_l("Indicator values"),
    description=_l("Each value of a project's indicator reported in an accepted report: "
                   "cumulative, at the end of the reporting period. Each accepted report also "
                   "gives up to two rows of the joint R&D's intellectual property: the patent "
                   "applications filed (patents_filed) and the licences granted "
                   "(licences_granted) so far."),
    id_rule=_l("The indicator's id and the period's number joined by a hyphen (for example "
               "12-3): a report covers one period and gives one value per indicator, so the "
               "pair names the value for good, even if the report is edited before it is "
               "accepted. A row of intellectual property joins the project's id, the name and "
               "the period's number (for example 7-patents_filed-3)."),
    columns=(
        Column("id", Kind.CODE, _l("indicator_id-period_number, or "
                                   "project_id-name-period_number for intellectual property.")),
        _PROJECT_ID,
        Column("indicator_id", Kind.INTEGER, _l("The indicator's id; empty for intellectual "
                                                "property.")),
        Column("name", Kind.TEXT, _l("The indicator's name, in the proposal's language; "
                                     "patents_filed or licences_granted for intellectual "
                                     "property.")),
        Column("unit", Kind.TEXT, _l("The unit the values are counted in.")),
        Column("baseline", Kind.DECIMAL, _l("The value at the start; empty counts as 0.")),
        Column("target", Kind.DECIMAL, _l("The value the project promised to reach.")),
        Column("period_number", Kind.INTEGER, _l("The reporting period, numbered from 1.")),
        Column("period_ends_on", Kind.DATE, _l("The last day of the period.")),
        Column("value", Kind.DECIMAL, _l("The cumulative value at the end of the period.")),
        Column("progress", Kind.DECIMAL,
               _l("(value − baseline) / (target − baseline), to four decimal places: 0 at the "
                  "baseline, 1 at the target; empty when there is no target or it equals the "
                  "baseline.")),
    ),
    rows=indicator_rows,
)

DATASETS = {dataset.name: dataset for dataset in (DECISIONS, PROJECTS, INDICATORS)}
