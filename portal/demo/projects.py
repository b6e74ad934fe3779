"""The demo's funded projects (DESIGN 4.8), so that the project pages, reports, statistics and
open data show something on first start. One story a function:

* :func:`implementation_story` (STERIL-BORDER): the agreement signed about 13 months ago with
  6-month periods; period 1's report accepted, period 2's returned once with a reason and
  submitted again (waiting for the secretariat), period 3 not yet due;
* :func:`completed_story` (VOLGA-INJECT): every report accepted, the final one too, and the
  indicators at their targets;
* :func:`at_risk_story` (ERTIS-CHUY): two accepted reports whose values trail far behind the
  straight line to the targets, and period 3's report overdue (a draft never submitted).

The council funded them at a meeting about 28 months ago (:mod:`portal.demo.council`). Each
agreement is recorded through the service, dated its signing day, which starts the project with
its schedule; the reports are written as rows, dated in the past as the services could not
date them, and the completed project's final acceptance takes the workflow's ``complete``.
Dates count back from the load day, so that the demo stays current. A proposal that already has
its project is left as it is, so that loading again creates nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.accounts import services as accounts
from portal.core.db import utcnow
from portal.demo.proposals import DOMAIN, PROPOSALS, SECRETARIAT, proposal_by_acronym
from portal.extensions import db
from portal.projects import schedule
from portal.projects.agreement import record_agreement
from portal.projects.models import (
    IndicatorValue,
    MilestoneReached,
    Project,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportVersion,
    Spending,
)
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus

#: Each report's content: the cumulative value of each indicator in order, the positions
#: (from 0) of the milestones reached in the period, and the share of each partner's budget
#: spent in the period.
ReportContent = tuple[tuple[str, ...], tuple[int, ...], Decimal]
#: Patent applications filed and licences granted so far (DESIGN 4.10), ``None`` if not told.
IpCount = tuple[int | None, int | None]

#: The scales of the columns, so that a version's content reads as the rows do once stored.
VALUE_SCALE, MONEY_SCALE = Decimal("0.0001"), Decimal("0.01")

#: A period's public summary, with the milestones it reached, if any.
SUMMARY, SUMMARY_WITH_MILESTONES = ("Работы периода выполнены по плану.",
                                    "Работы периода выполнены по плану; достигнуто: {titles}.")
AGREEMENT_NOTE = "Соглашение о финансировании подписано всеми партнёрами."
COMPLETION_NOTE = "Заключительный отчёт принят секретариатом."
NARRATIVE = ("Партнёры провели совместные работы периода; значения показателей указаны "
             "нарастающим итогом, расходы — в валюте каждого партнёра.")


def load_projects(created: Counter) -> None:
    """Tell the story of each demo proposal that has reached its status and has no project."""
    secretariat = accounts.user_by_email(SECRETARIAT)
    if secretariat is None:
        return
    today = utcnow().date()
    for acronym, status, story in STORIES:
        proposal = proposal_by_acronym(acronym)
        if proposal is None or proposal.status != status or _has_project(proposal):
            continue
        story(proposal, secretariat, today, created)
        created["projects started"] += 1


def implementation_story(proposal: Proposal, secretariat, today: date,
                         created: Counter) -> None:
    """Signed 13 months less 10 days ago, so that period 2 ended about three weeks ago and its
    report, returned once and submitted again, is due in about ten days."""
    project = start_project(proposal, schedule.add_months(today, -13) + timedelta(days=10),
                            secretariat)
    first, second, _third = project.periods[:3]
    author = _lead_member(proposal)
    report = write_report(project, first, author, (("2", "30"), (0,), Decimal("0.25")), (1, 0))
    submit(report, author, _at(first.ends_on, 20))
    assess(report, secretariat, _at(first.ends_on, 27), ReportStatus.ACCEPTED)
    report = write_report(project, second, author, (("5", "70"), (), Decimal("0.2")), (2, 1))
    equipment = [row for row in report.spending if row.category == "equipment"]
    submit(report, author, _at(second.ends_on, 3), leave_out=equipment[-1:])
    assess(report, secretariat, _at(second.ends_on, 8), ReportStatus.RETURNED,
           "Не указаны расходы второго партнёра на оборудование; добавьте их и приложите "
           "акт ввода оборудования в эксплуатацию.")
    submit(report, author, _at(second.ends_on, 17))
    created["reports written"] += 2


def completed_story(proposal: Proposal, secretariat, today: date, created: Counter) -> None:
    """Signed 27 months ago: the 24 months of work ended three months ago, and the final
    report, accepted about two months ago, completed the project with its targets met."""
    project = start_project(proposal, schedule.add_months(today, -27), secretariat)
    author = _lead_member(proposal)
    contents = ((("3", "20"), (0,), Decimal("0.25")), (("6", "60"), (), Decimal("0.25")),
                (("9", "110"), (1,), Decimal("0.25")), (("12", "160"), (), Decimal("0.2")))
    counts = ((0, 0), (0, 1), (1, 2), (1, 3))
    for period, content, ip in zip(project.periods, contents, counts, strict=True):
        report = write_report(project, period, author, content, ip)
        submit(report, author, _at(period.ends_on, 20))
        assess(report, secretariat, _at(period.ends_on, 27), ReportStatus.ACCEPTED)
    # The secretariat's acceptance of the final report completes the project.
    project.completed_at = report.assessed_at
    apply_transition(proposal, Action.COMPLETE, secretariat, note=COMPLETION_NOTE,
                     now=report.assessed_at)
    created["reports written"] += len(contents)


def at_risk_story(proposal: Proposal, secretariat, today: date, created: Counter) -> None:
    """Signed 19 months and a half ago: after two accepted reports the values have come less
    than a tenth of the way while half the time has passed, and period 3's report, due about
    two weeks ago, is still a draft."""
    project = start_project(proposal, schedule.add_months(today, -19) - timedelta(days=15),
                            secretariat)
    first, second, third = project.periods[:3]
    author = _lead_member(proposal)
    for period, content, ip in ((first, (("0", "4"), (), Decimal("0.08")), (0, 0)),
                                (second, (("1", "12"), (0,), Decimal("0.1")), (0, 1))):
        report = write_report(project, period, author, content, ip)
        report.summary = "Работы периода выполнены частично: пилотные теплицы запущены позже."
        report.narrative = ("Поставка дозаторов задержана на таможне; пилотные теплицы "
                            "запущены с опозданием на четыре месяца.")
        submit(report, author, _at(period.ends_on, 25))
        assess(report, secretariat, _at(period.ends_on, 29), ReportStatus.ACCEPTED)
    write_report(project, third, author, (("1", "15"), (), Decimal("0.05")))
    created["reports written"] += 3


#: (acronym, the status the council leaves it in, its story), in the order they are told: each
#: is approved with its decision in force.
STORIES: tuple[tuple[str, str, Callable[..., None]], ...] = (
    ("STERIL-BORDER", ProposalStatus.APPROVED, implementation_story),
    ("VOLGA-INJECT", ProposalStatus.APPROVED, completed_story),
    ("ERTIS-CHUY", ProposalStatus.APPROVED, at_risk_story),
)


def start_project(proposal: Proposal, signed_on: date, secretariat) -> Project:
    """The grant agreement as the secretariat records it (:func:`record_agreement`, dated the
    signing day): each partner granted its budget in the call's currency less its co-financing,
    in whole thousands, and the reporting schedule with the call's period."""
    grants = [{"organisation_id": partner.organisation_id, "amount": _grant(partner)}
              for partner in proposal.partners]
    return record_agreement(proposal.id, signed_on, grants, secretariat,
                            conditions_note=AGREEMENT_NOTE, now=_at(signed_on, 0))


def write_report(project: Project, period: ReportingPeriod, author,
                 content: ReportContent, ip: IpCount = (None, None)) -> Report:
    """A draft report for ``period``: the indicators' cumulative values, the milestones reached
    with their deliverables, each partner's spending, in its own currency, of ``share`` of
    each line of its budget, and the patents filed and licences granted so far."""
    values, reached, share = content
    proposal = project.proposal
    milestones = [proposal.milestones[position] for position in reached]
    titles = ", ".join(m.title.lower() for m in milestones)
    report = Report(
        period_id=period.id, project_id=project.id, status=ReportStatus.DRAFT,
        summary=SUMMARY_WITH_MILESTONES.format(titles=titles) if titles else SUMMARY,
        narrative=NARRATIVE, created_by_id=author.id,
        patents_filed=ip[0], licences_granted=ip[1],
        created_at=_at(period.ends_on, 1),
        values=[IndicatorValue(indicator_id=indicator.id, value=Decimal(value).quantize(VALUE_SCALE))
                for indicator, value in zip(proposal.indicators, values, strict=True)],
        milestones=[MilestoneReached(
            milestone_id=m.id, reached_on=_reached_on(project, period, m.month),
            deliverable=f"{m.deliverable}: {proposal.acronym}-{m.month:02d}.pdf")
            for m in milestones],
        spending=[Spending(organisation_id=partner.organisation_id, category=line.category,
                           amount=(line.amount * share).quantize(Decimal(1)).quantize(MONEY_SCALE),
                           currency=line.currency)
                  for partner in proposal.partners for line in partner.budget])
    db.session.add(report)
    db.session.flush()
    return report


def submit(report: Report, author, at: datetime, leave_out=()) -> None:
    """Submit the report as it stands (less the ``leave_out`` spending rows, which the version
    did not have yet), keeping the submission as a new version that waits to be assessed."""
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by_id, report.updated_at = at, author.id, at
    report.assessed_at = report.assessed_by_id = None
    content = _content(report, leave_out)
    number = len(report.versions) + 1
    report.versions.append(ReportVersion(report_id=report.id, number=number, submitted_at=at,
                                         submitted_by_id=author.id, content=content))
    db.session.flush()


def assess(report: Report, secretariat, at: datetime, outcome: ReportStatus,
           reason: str = "") -> None:
    """The secretariat accepts or returns the last submitted version."""
    report.status = outcome
    report.assessed_at, report.assessed_by_id, report.updated_at = at, secretariat.id, at
    if reason:
        report.return_reason = reason
    version = report.versions[-1]
    version.outcome, version.outcome_reason = str(outcome), reason
    db.session.flush()


def _content(report: Report, leave_out=()) -> dict:
    return {
        "summary": report.summary, "narrative": report.narrative,
        "patents_filed": report.patents_filed, "licences_granted": report.licences_granted,
        "indicator_values": [{"indicator_id": v.indicator_id, "value": str(v.value)}
                             for v in report.values],
        "milestones": [{"milestone_id": m.milestone_id, "reached_on": m.reached_on.isoformat(),
                        "deliverable": m.deliverable} for m in report.milestones],
        "spending": [{"organisation_id": s.organisation_id, "category": s.category,
                      "amount": str(s.amount), "currency": s.currency}
                     for s in report.spending if s not in leave_out],
    }


def _reached_on(project: Project, period: ReportingPeriod, month: int) -> date:
    """Five days before the month the work plan gives, or a month into the period for a
    milestone reached late; never after the period."""
    planned = schedule.add_months(project.starts_on, month) - timedelta(days=5)
    return min(max(planned, period.starts_on + timedelta(days=30)), period.ends_on)


def _grant(partner) -> Decimal:
    in_call_currency = sum((line.amount * (line.rate or Decimal(1)) for line in partner.budget),
                           Decimal(0))
    grant = in_call_currency * (Decimal(1) - partner.cofinancing_rate)
    return (grant / 1000).quantize(Decimal(1)) * 1000


def _has_project(proposal: Proposal) -> bool:
    return db.session.scalar(
        select(Project.id).where(Project.proposal_id == proposal.id)) is not None


def _lead_member(proposal: Proposal):
    """The demo login of the lead partner's member who confirmed the proposal."""
    spec = next(spec for spec in PROPOSALS if spec.acronym == proposal.acronym)
    return accounts.user_by_email(spec.partners[0][1]) or accounts.user_by_email(
        f"manager.{spec.manager}@{DOMAIN}")


def _at(day: date, days_after: int) -> datetime:
    """Mid-morning (UTC) of ``days_after`` days after ``day``."""
    return datetime.combine(day + timedelta(days=days_after), time(7, 30), tzinfo=UTC)
