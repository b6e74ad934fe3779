"""Funded projects as the public reads them: partners with their states, regions and grants,
the classification, the decision that funded them, indicators with their accepted values and
progress, milestones, periods with their reports, and whether they are at risk
(:mod:`portal.projects.risk`).

Every loader reads a list of projects in a fixed number of SQL statements, whatever its
length: each kind of row is read for all the projects at once, and names of states and regions
come from :func:`portal.reference.queries.reference_names`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, select

from portal.calls.models import Call
from portal.council.models import Decision
from portal.extensions import db
from portal.projects.filters import ProjectFilters, filtered
from portal.projects.ip_counts import IpCounts, latest_ip_counts
from portal.projects.models import (
    IndicatorValue,
    MilestoneReached,
    Project,
    ProjectGrant,
    Report,
    ReportingPeriod,
    ReportStatus,
)
from portal.projects.progress import progress
from portal.projects.risk import (
    AcceptedValue,
    IndicatorFacts,
    PeriodFacts,
    ProjectFacts,
    RiskReason,
    risk_reasons,
)
from portal.proposals.models import Indicator, Milestone, Proposal, ProposalPartner
from portal.reference.classifier import Classification, ClassificationResult, classify
from portal.reference.queries import border_pairs, region_name, state_name
from portal.registry.models import Organisation

#: Progress is shown to four places (0.0001 is a hundredth of a per cent).
PROGRESS_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class PartnerRow:
    organisation_id: int
    name: str
    state: str
    region: str
    lead: bool
    grant: Decimal | None

    @property
    def state_name(self) -> str:
        return state_name(self.state)

    @property
    def region_name(self) -> str:
        return region_name(self.region)


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    #: The accepted values, by the end of their period.
    values: tuple[AcceptedValue, ...]

    @property
    def latest_value(self) -> Decimal | None:
        return self.values[-1].value if self.values else None

    @property
    def progress(self) -> Decimal | None:
        share = progress(self.latest_value, self.baseline, self.target)
        return None if share is None else share.quantize(PROGRESS_PLACES)

    def facts(self) -> IndicatorFacts:
        return IndicatorFacts(self.id, self.name, self.baseline, self.target, self.values)


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    title: str
    month: int
    deliverable: str
    #: When an accepted report said it was reached, with what it delivered.
    reached_on: date | None = None
    delivered: str = ""


@dataclass(frozen=True)
class PeriodRow:
    id: int
    number: int
    starts_on: date
    ends_on: date
    due_on: date
    final: bool
    report_id: int | None
    report_status: str | None
    #: The report's public summary; shown only once it is accepted.
    summary: str
    accepted_at: datetime | None

    @property
    def accepted(self) -> bool:
        return self.report_status == ReportStatus.ACCEPTED

    def facts(self) -> PeriodFacts:
        return PeriodFacts(self.number, self.ends_on, self.due_on, self.report_status)


@dataclass
class ProjectView:
    project: Project
    proposal: Proposal
    currency: str
    timezone: str
    call_title: str
    decision_number: str | None
    classification: ClassificationResult
    partners: list[PartnerRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    periods: list[PeriodRow] = field(default_factory=list)
    risk: list[RiskReason] = field(default_factory=list)
    #: Patents filed and licences granted, from the latest accepted reports.
    ip: IpCounts = field(default_factory=IpCounts)

    @property
    def id(self) -> int:
        return self.project.id

    @property
    def grant(self) -> Decimal:
        return sum((p.grant for p in self.partners if p.grant is not None), Decimal(0))

    @property
    def at_risk(self) -> bool:
        return bool(self.risk)

    @property
    def accepted_reports(self) -> list[PeriodRow]:
        return [period for period in self.periods if period.accepted]


# --- the rows of many projects at once ------------------------------------------------------

def _by(rows: Iterable, key) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def _indicators(proposal_ids: list[int] | Select) -> dict[int, list[Indicator]]:
    query = (select(Indicator).where(Indicator.proposal_id.in_(proposal_ids))
             .order_by(Indicator.proposal_id, Indicator.position, Indicator.id))
    return _by(db.session.scalars(query), lambda i: i.proposal_id)


def _accepted_values(project_ids: list[int] | Select) -> dict[int, list[AcceptedValue]]:
    """``{indicator id: accepted values by period end}``."""
    query = (select(IndicatorValue.indicator_id, IndicatorValue.value, ReportingPeriod.number,
                    ReportingPeriod.ends_on)
             .join(Report, Report.id == IndicatorValue.report_id)
             .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
             .where(Report.project_id.in_(project_ids), Report.status == ReportStatus.ACCEPTED)
             .order_by(ReportingPeriod.ends_on, IndicatorValue.id))
    values: dict[int, list[AcceptedValue]] = defaultdict(list)
    for indicator_id, value, number, ends_on in db.session.execute(query):
        values[indicator_id].append(AcceptedValue(number, ends_on, value))
    return values


def _periods(project_ids: list[int] | Select) -> dict[int, list[PeriodRow]]:
    query = (select(ReportingPeriod.project_id, ReportingPeriod.id, ReportingPeriod.number,
                    ReportingPeriod.starts_on, ReportingPeriod.ends_on, ReportingPeriod.due_on,
                    ReportingPeriod.final, Report.id, Report.status, Report.summary,
                    Report.assessed_at)
             .outerjoin(Report, Report.period_id == ReportingPeriod.id)
             .where(ReportingPeriod.project_id.in_(project_ids))
             .order_by(ReportingPeriod.project_id, ReportingPeriod.number))
    periods: dict[int, list[PeriodRow]] = defaultdict(list)
    for row in db.session.execute(query):
        (project_id, period_id, number, starts_on, ends_on, due_on, final, report_id, status,
         summary, assessed_at) = row
        periods[project_id].append(PeriodRow(
            period_id, number, starts_on, ends_on, due_on, final, report_id, status,
            summary or "", assessed_at if status == ReportStatus.ACCEPTED else None))
    return periods


def _indicator_rows(indicators: list[Indicator],
                    values: dict[int, list[AcceptedValue]]) -> list[IndicatorRow]:
    return [IndicatorRow(i.id, i.name, i.unit, i.baseline, i.target, tuple(values.get(i.id, ())))
            for i in indicators]


def _facts(project: Project, timezone: str, indicators: list[IndicatorRow],
           periods: list[PeriodRow]) -> ProjectFacts:
    return ProjectFacts(project.starts_on, project.ends_on, project.completed_at is not None,
                        timezone, [i.facts() for i in indicators], [p.facts() for p in periods])


def risks_of(projects: Select, now: datetime) -> dict[int, list[RiskReason]]:
    """Why each project of ``projects`` (a select of :class:`Project`) is at risk at ``now``
    (an empty list for those that are not), in five statements."""
    rows = db.session.execute(
        select(Project.id, Project.proposal_id, Project.starts_on, Project.ends_on,
               Project.completed_at, Call.timezone)
        .join(Proposal, Proposal.id == Project.proposal_id)
        .join(Call, Call.id == Proposal.call_id)
        .where(Project.id.in_(projects.with_only_columns(Project.id).order_by(None)))).all()
    if not rows:
        return {}
    project_ids = [row.id for row in rows]
    indicators = _indicators([row.proposal_id for row in rows])
    values = _accepted_values(project_ids)
    periods = _periods(project_ids)
    risks = {}
    for row in rows:
        facts = ProjectFacts(
            row.starts_on, row.ends_on, row.completed_at is not None, row.timezone,
            [i.facts() for i in _indicator_rows(indicators.get(row.proposal_id, []), values)],
            [p.facts() for p in periods.get(row.id, [])])
        risks[row.id] = risk_reasons(facts, now)
    return risks


def at_risk_ids(projects: Select, now: datetime) -> list[int]:
    """The ids of the projects of ``projects`` that are at risk at ``now``."""
    return [project_id for project_id, reasons in risks_of(projects, now).items() if reasons]


def projects_query(filters: ProjectFilters, now: datetime) -> Select:
    """The projects that pass ``filters``, ``at_risk`` included (the rule needs the rows, so
    the ids at risk are found first), newest first."""
    query = filtered(filters)
    if filters.at_risk is not None:
        ids = at_risk_ids(query, now)
        query = query.where(Project.id.in_(ids) if filters.at_risk else Project.id.not_in(ids))
    return query


def _milestones(proposal_ids: list[int],
                project_ids: list[int]) -> dict[int, list[MilestoneRow]]:
    reached = {milestone_id: (reached_on, deliverable)
               for milestone_id, reached_on, deliverable in db.session.execute(
                   select(MilestoneReached.milestone_id, MilestoneReached.reached_on,
                          MilestoneReached.deliverable)
                   .join(Report, Report.id == MilestoneReached.report_id)
                   .where(Report.project_id.in_(project_ids),
                          Report.status == ReportStatus.ACCEPTED)
                   .order_by(MilestoneReached.reached_on.desc()))}
    query = (select(Milestone).where(Milestone.proposal_id.in_(proposal_ids))
             .order_by(Milestone.proposal_id, Milestone.position, Milestone.id))
    rows: dict[int, list[MilestoneRow]] = defaultdict(list)
    for milestone in db.session.scalars(query):
        reached_on, delivered = reached.get(milestone.id, (None, ""))
        rows[milestone.proposal_id].append(MilestoneRow(
            milestone.id, milestone.title, milestone.month, milestone.deliverable,
            reached_on, delivered or ""))
    return rows


def project_views(projects: list[Project], now: datetime,
                  detail: bool = False) -> list[ProjectView]:
    """The views of ``projects`` in their order, in a fixed number of statements; ``detail``
    adds the milestones (the single project's page and API)."""
    if not projects:
        return []
    project_ids = [project.id for project in projects]
    proposal_ids = [project.proposal_id for project in projects]
    calls = {row.id: row for row in db.session.execute(
        select(Call.id, Call.currency, Call.timezone, Call.title)
        .where(Call.id.in_({project.proposal.call_id for project in projects})))}
    decisions = dict(db.session.execute(select(Decision.id, Decision.number).where(
        Decision.id.in_({p.decision_id for p in projects if p.decision_id is not None}))).all())
    grants = {(row.project_id, row.organisation_id): row.amount for row in db.session.execute(
        select(ProjectGrant.project_id, ProjectGrant.organisation_id, ProjectGrant.amount)
        .where(ProjectGrant.project_id.in_(project_ids)))}
    partners = _by(db.session.execute(
        select(ProposalPartner.proposal_id, ProposalPartner.organisation_id)
        .where(ProposalPartner.proposal_id.in_(proposal_ids)).order_by(ProposalPartner.id)),
        lambda row: row.proposal_id)
    organisations = _organisations({row.organisation_id for rows in partners.values()
                                    for row in rows})
    indicators = _indicators(proposal_ids)
    values = _accepted_values(project_ids)
    periods = _periods(project_ids)
    milestones = _milestones(proposal_ids, project_ids) if detail else {}
    ip_counts = latest_ip_counts(project_ids)
    views = []
    for project in projects:
        proposal, call = project.proposal, calls[project.proposal.call_id]
        rows = [PartnerRow(row.organisation_id, *organisations[row.organisation_id],
                           row.organisation_id == proposal.lead_organisation_id,
                           grants.get((project.id, row.organisation_id)))
                for row in partners.get(proposal.id, [])]
        indicator_rows = _indicator_rows(indicators.get(proposal.id, []), values)
        period_rows = periods.get(project.id, [])
        views.append(ProjectView(
            project, proposal, call.currency, call.timezone, call.title,
            decisions.get(project.decision_id),
            _classified(proposal, rows), rows, indicator_rows,
            milestones.get(proposal.id, []), period_rows,
            risk_reasons(_facts(project, call.timezone, indicator_rows, period_rows), now),
            ip_counts.get(project.id, IpCounts())))
    return views


def _classified(proposal: Proposal, partners: list[PartnerRow]) -> ClassificationResult:
    """The proposal's classification as stored (the one the filters find), with the border
    pairs and states of its partners' regions."""
    found = classify([partner.region for partner in partners], border_pairs())
    return ClassificationResult(Classification(proposal.classification), found.border_pairs,
                                found.states)


def _organisations(ids: set[int]) -> dict[int, tuple[str, str, str]]:
    return {row.id: (row.name, row.state_code, row.region_code) for row in db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.state_code,
               Organisation.region_code).where(Organisation.id.in_(ids)))}


def project_view(project_id: int, now: datetime) -> ProjectView | None:
    """One project with its details, or ``None`` when there is none with this id."""
    project = db.session.get(Project, project_id)
    return project_views([project], now, detail=True)[0] if project is not None else None


def projects_at_risk(now: datetime, limit: int) -> tuple[list[ProjectView], int]:
    """The first ``limit`` projects being implemented that are at risk at ``now`` (those that
    started first, first), with their reasons, and how many are at risk in all."""
    ids = at_risk_ids(select(Project).where(Project.completed_at.is_(None)), now)
    if not ids:
        return [], 0
    shown = list(db.session.scalars(select(Project).where(Project.id.in_(ids))
                                    .order_by(Project.starts_on, Project.id).limit(limit)))
    return project_views(shown, now), len(ids)
