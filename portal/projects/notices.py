"""Telling people about the reports of funded projects, by the worker's sweep (DESIGN 4.8).

* Reminders (:mod:`portal.projects.reminders`) 14 and 3 days before a report's due date and the
  day after it, to the members of the partner organisations; 30 days after it, to the
  secretariat and the contact points of the lead organisation's state.
* A report submitted: the secretariat. Returned (with the secretariat's reason) or accepted:
  the partners' members. A project completed by its accepted final report: every council member
  and alternate.

Each notice goes to each recipient once, in their language and time zone:
:func:`mail_once` keeps a key per recipient and event, so a sweep that runs twice, or in two
workers at once, tells nobody twice. A report returned again after its resubmission is a new
event (its key carries the number of submissions). Events older than :data:`LOOKBACK` are not
looked for, and reminders only for the due dates of :func:`reminders.sweep_window`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from portal.accounts.links import external_url
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.calls.models import Call
from portal.extensions import db
from portal.notifications.services import mail_once
from portal.projects import reminders
from portal.projects.models import (
    Project,
    ProjectGrant,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportVersion,
)
from portal.projects.schedule import due_moment
from portal.proposals.models import Proposal

#: How far back the sweep looks for a report submitted, returned or accepted.
LOOKBACK = timedelta(days=3)
#: How far back it looks for a completed project (the council hears of it once).
COMPLETION_LOOKBACK = timedelta(days=14)
#: The partners' reporting page of a project, where every notice links to.
REPORTS_ENDPOINT = "project_reports.workspace"
COUNCIL_ROLES = (Role.COUNCIL_MEMBER, Role.COUNCIL_ALTERNATE)
ORGANISATION_ROLES = (Role.ORG_ADMIN, Role.ORG_MEMBER)


def reports_link(project: Project) -> str:
    """The address of the project's reporting page, for an e-mail."""
    return external_url(REPORTS_ENDPOINT, project_id=project.id)


def _users_with(roles, scopes: list[str] | None = None) -> list[User]:
    """The active users holding one of ``roles`` (in one of ``scopes``), by id."""
    holders = select(RoleAssignment.user_id).where(
        RoleAssignment.role.in_([str(role) for role in roles]))
    if scopes is not None:
        holders = holders.where(RoleAssignment.scope.in_(scopes))
    return list(db.session.scalars(select(User).where(
        User.id.in_(holders), User.is_active_account.is_(True)).order_by(User.id)))


def partner_members(project: Project) -> list[User]:
    """The members and administrators of the organisations the agreement gives a grant."""
    organisations = db.session.scalars(select(ProjectGrant.organisation_id).where(
        ProjectGrant.project_id == project.id))
    return _users_with(ORGANISATION_ROLES, [str(organisation) for organisation in organisations])


def escalation_recipients(proposal: Proposal) -> list[User]:
    """The secretariat and the contact points of the lead organisation's state."""
    people = {user.id: user for user in _users_with((Role.SECRETARIAT,))}
    people.update({user.id: user for user in _users_with(
        (Role.CONTACT_POINT,), [proposal.lead_organisation.state_code])})
    return [people[user_id] for user_id in sorted(people)]


def _tell(users: list[User], event: str, template: str, now: datetime, **context) -> int:
    return sum(mail_once(user, event, template, now, **context) for user in users)


def _period_context(project: Project, proposal: Proposal, period: ReportingPeriod,
                    timezone: str) -> dict:
    """What every mail about a period names: the project, the period, its due date (a date, and
    the moment it ends in the call's zone, shown in that zone and the reader's) and the link."""
    return {"project": project, "proposal": proposal, "period": period,
            "call_timezone": timezone, "due": due_moment(period.due_on, timezone),
            "link": reports_link(project)}


def send_reminders(now: datetime) -> int:
    """The reminders whose local day ``now`` is, for every period of an unfinished project due
    within :func:`reminders.sweep_window` whose report is missing, a draft or returned."""
    first, last = reminders.sweep_window(now)
    rows = db.session.execute(
        select(ReportingPeriod, Project, Call.timezone, Report.status)
        .join(Project, Project.id == ReportingPeriod.project_id)
        .join(Proposal, Proposal.id == Project.proposal_id)
        .join(Call, Call.id == Proposal.call_id)
        .outerjoin(Report, Report.period_id == ReportingPeriod.id)
        .where(ReportingPeriod.due_on.between(first, last), Project.completed_at.is_(None),
               or_(Report.id.is_(None), Report.status.in_([str(s) for s in reminders.PENDING])))
        .order_by(ReportingPeriod.due_on, ReportingPeriod.id)).all()
    sent = 0
    for period, project, timezone, status in rows:
        kind = reminders.reminder_due(period.due_on, timezone, now)
        if kind is None:
            continue
        proposal = project.proposal
        context = _period_context(project, proposal, period, timezone)
        if kind in reminders.TO_PARTNERS:
            sent += _tell(partner_members(project), f"report.{kind}:{period.id}",
                          "project_report_reminder", now, days=reminders.days_before(kind),
                          late=kind == reminders.ReminderKind.AFTER_1, status=status, **context)
        else:
            sent += _tell(escalation_recipients(proposal), f"report.{kind}:{period.id}",
                          "project_report_overdue", now, status=status, **context)
    return sent


def _submissions():
    """How many times a report was submitted (its kept versions), as a column."""
    return (select(func.count(ReportVersion.id)).where(ReportVersion.report_id == Report.id)
            .correlate(Report).scalar_subquery())


def _reports(status: ReportStatus, since_column, since: datetime):
    return db.session.execute(
        select(Report, ReportingPeriod, Project, Call.timezone, _submissions())
        .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
        .join(Project, Project.id == Report.project_id)
        .join(Proposal, Proposal.id == Project.proposal_id)
        .join(Call, Call.id == Proposal.call_id)
        .where(Report.status == status, since_column > since)
        .order_by(Report.id)).all()


def tell_submitted(now: datetime) -> int:
    """The secretariat, of each report submitted in the last :data:`LOOKBACK` and waiting for
    its assessment (each submission once)."""
    rows = _reports(ReportStatus.SUBMITTED, Report.submitted_at, now - LOOKBACK)
    if not rows:
        return 0
    secretariat = _users_with((Role.SECRETARIAT,))
    sent = 0
    for report, period, project, timezone, submissions in rows:
        sent += _tell(secretariat, f"report.submitted:{report.id}:{submissions}",
                      "project_report_submitted", now, report=report, submissions=submissions,
                      **_period_context(project, project.proposal, period, timezone))
    return sent


def tell_returned(now: datetime) -> int:
    """The partners' members, of each report returned in the last :data:`LOOKBACK`, with the
    secretariat's reason; a report returned again after resubmission is told again."""
    sent = 0
    for report, period, project, timezone, submissions in _reports(
            ReportStatus.RETURNED, Report.assessed_at, now - LOOKBACK):
        sent += _tell(partner_members(project), f"report.returned:{report.id}:{submissions}",
                      "project_report_returned", now, report=report,
                      reason=report.return_reason,
                      **_period_context(project, project.proposal, period, timezone))
    return sent


def tell_accepted(now: datetime) -> int:
    """The partners' members, of each report accepted in the last :data:`LOOKBACK`."""
    sent = 0
    for report, period, project, timezone, _submissions in _reports(
            ReportStatus.ACCEPTED, Report.assessed_at, now - LOOKBACK):
        sent += _tell(partner_members(project), f"report.accepted:{report.id}",
                      "project_report_accepted", now, report=report,
                      **_period_context(project, project.proposal, period, timezone))
    return sent


def tell_completed(now: datetime) -> int:
    """Every council member and alternate, of each project completed (its final report
    accepted) in the last :data:`COMPLETION_LOOKBACK`."""
    projects = list(db.session.scalars(
        select(Project).where(Project.completed_at.is_not(None),
                              Project.completed_at > now - COMPLETION_LOOKBACK)
        .order_by(Project.id)))
    if not projects:
        return 0
    council = _users_with(COUNCIL_ROLES)
    sent = 0
    for project in projects:
        sent += _tell(council, f"project.completed:{project.id}", "project_completed", now,
                      project=project, proposal=project.proposal, link=reports_link(project))
    return sent


def send_report_notices(now: datetime) -> int:
    """Every notice of the funded projects whose time has come; returns how many mails were
    written."""
    return (send_reminders(now) + tell_submitted(now) + tell_returned(now) + tell_accepted(now)
            + tell_completed(now))
