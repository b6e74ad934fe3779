"""The reports' part of what waits for a user (:mod:`portal.core.waiting`): a period's report to
write or submit, for the members of the partner organisations, from :data:`DUE_SOON_DAYS` days
before it is due (and while it is late); a submitted report to assess, for the secretariat,
within :data:`ASSESSMENT_DAYS` days of its submission. One statement each."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from portal.accounts.roles import Role
from portal.calls.models import Call
from portal.core.waiting import MAX_PER_PROVIDER, TaskKind, WaitingTask
from portal.extensions import db
from portal.projects.models import Project, Report, ReportingPeriod, ReportStatus
from portal.projects.permissions import OPEN_FOR_PARTNERS, may_assess_reports
from portal.projects.schedule import due_moment
from portal.proposals.models import Proposal, ProposalPartner

#: How long before its due date a period's report appears in the partners' lists.
DUE_SOON_DAYS = 30
#: How long the secretariat takes, at most, to assess a submitted report.
ASSESSMENT_DAYS = 30


def reports_due(user, now: datetime) -> list[WaitingTask]:
    """The periods of the user's organisations' projects in implementation whose report is due
    within :data:`DUE_SOON_DAYS` days or late, and not submitted or accepted."""
    mine = {int(s) for s in user.scopes(Role.ORG_ADMIN) | user.scopes(Role.ORG_MEMBER)
            if s.isdigit()}
    if not mine:
        return []
    partner_of = select(ProposalPartner.proposal_id).where(
        ProposalPartner.organisation_id.in_(mine))
    rows = db.session.execute(
        select(ReportingPeriod.id, ReportingPeriod.number, ReportingPeriod.due_on,
               Project.id, Proposal.acronym, Call.timezone)
        .join(Project, Project.id == ReportingPeriod.project_id)
        .join(Proposal, Proposal.id == Project.proposal_id)
        .join(Call, Call.id == Proposal.call_id)
        .outerjoin(Report, Report.period_id == ReportingPeriod.id)
        .where(Project.completed_at.is_(None), Proposal.id.in_(partner_of),
               ReportingPeriod.due_on <= now.date() + timedelta(days=DUE_SOON_DAYS),
               or_(Report.id.is_(None), Report.status.in_([str(s) for s in OPEN_FOR_PARTNERS])))
        .order_by(ReportingPeriod.due_on, ReportingPeriod.id).limit(MAX_PER_PROVIDER))
    return [WaitingTask(TaskKind.REPORT_DUE,
                        _("Report for period %(number)d of %(acronym)s", number=number,
                          acronym=acronym),
                        "reporting_period", period_id, "project_reports.editor",
                        due_at=due_moment(due_on, timezone),
                        values={"project_id": project_id, "period_id": period_id})
            for period_id, number, due_on, project_id, acronym, timezone in rows]


def reports_to_assess(user, now: datetime) -> list[WaitingTask]:
    """For the secretariat, every submitted report, due :data:`ASSESSMENT_DAYS` days after its
    submission."""
    if not may_assess_reports(user):
        return []
    rows = db.session.execute(
        select(Report.id, Report.submitted_at, ReportingPeriod.number, Proposal.acronym)
        .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
        .join(Project, Project.id == Report.project_id)
        .join(Proposal, Proposal.id == Project.proposal_id)
        .where(Report.status == ReportStatus.SUBMITTED)
        .order_by(Report.submitted_at, Report.id).limit(MAX_PER_PROVIDER))
    return [WaitingTask(TaskKind.ASSESS_REPORT,
                        _("Assess the report for period %(number)d of %(acronym)s",
                          number=number, acronym=acronym),
                        "report", report_id, "project_reports.assessment",
                        due_at=(submitted_at + timedelta(days=ASSESSMENT_DAYS)
                                if submitted_at else None),
                        values={"report_id": report_id})
            for report_id, submitted_at, number, acronym in rows]
