"""The partners' period reports of a funded project (DESIGN 4.8): written together by the members
of the partner organisations, submitted by the lead's, accepted or returned by the secretariat.

=========  ==================================  =======================================
status     how it gets there                   who acts next
=========  ==================================  =======================================
draft      :func:`create_report`               the partners edit, the lead submits
submitted  :func:`submit_report`               the secretariat accepts or returns
returned   :func:`return_report` (a reason)    the partners edit, the lead resubmits
accepted   :func:`accept_report`               nobody: the final one completes the project
=========  ==================================  =======================================

Every submission freezes the report as a :class:`ReportVersion`, whose outcome the assessment
records, so that returns and resubmissions leave a readable trail. Each service checks the rule
(:mod:`portal.projects.permissions`), changes state, audits and flushes; the caller commits.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.calls.validation import text
from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.core.validation import Problems, raise_if
from portal.extensions import db
from portal.projects import permissions
from portal.projects.models import (
    Project,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportVersion,
    Spending,
)
from portal.projects.report_content import (
    check_report_values,
    missing_for_submission,
    report_content,
    write_values,
)
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action

#: The secretariat's reason for returning a report.
REASON_MAX = limits.DESCRIPTION_MAX

#: What a report's page and JSON show, loaded in a fixed number of statements.
WHOLE = (selectinload(Report.values), selectinload(Report.milestones),
         selectinload(Report.spending).joinedload(Spending.organisation),
         selectinload(Report.versions))


def _today(now: datetime | None = None) -> date:
    return (now or utcnow()).date()


def get_project(project_id, user) -> Project:
    """The project, or 404; 403 when ``user`` may not read its reports."""
    project = db.session.get(Project, project_id) if limits.is_id(project_id) else None
    if project is None:
        raise NotFound(_("There is nothing here."))
    if not permissions.can_read_report(user, project):
        raise PermissionDenied(_("Only the partners, the secretariat, the council and the "
                                 "contact points of the partners' states read the reports."))
    return project


def get_report(report_id, user) -> Report:
    """The report (:data:`WHOLE`), or 404; 403 when ``user`` may not read it."""
    report = (db.session.get(Report, report_id, options=WHOLE)
              if limits.is_id(report_id) else None)
    if report is None:
        raise NotFound(_("There is nothing here."))
    get_project(report.project_id, user)
    return report


def _period(project: Project, period_id) -> ReportingPeriod:
    period = db.session.get(ReportingPeriod, period_id) if limits.is_id(period_id) else None
    if period is None or period.project_id != project.id:
        message = _("Not a reporting period of this project.")
        raise ValidationError(message, {"period_id": [message]})
    return period


def _refuse_writing(project: Project, report: Report | None, actor) -> None:
    """403 for whoever is not a partner's member; 409 when the project or report is closed."""
    if not permissions.is_project_partner(actor, project):
        raise PermissionDenied(_("Only the members of the partner organisations write the "
                                 "project's reports."))
    if not permissions.can_write_report(actor, project, report):
        raise ConflictError(_("The report can no longer be changed: it has been submitted, "
                              "accepted, or the project is completed."))


def create_report(project_id, period_id, values: dict, actor,
                  now: datetime | None = None) -> Report:
    """A draft report for a period that has started and has no report yet (409 otherwise)."""
    project = db.session.get(Project, project_id) if limits.is_id(project_id) else None
    if project is None:
        raise NotFound(_("There is nothing here."))
    _refuse_writing(project, None, actor)
    period = _period(project, period_id)
    today = _today(now)
    if period.report is not None:
        raise ConflictError(_("This period has a report already: continue that one."))
    if not permissions.period_open_for_report(period, today):
        raise ConflictError(_("A period's report can be written once the period has begun."))
    checked = check_report_values(values, project, None, today)
    report = Report(period=period, project_id=project.id, created_by_id=actor.id)
    db.session.add(report)
    with db.session.no_autoflush:
        write_values(report, checked)
    db.session.flush()
    audit.record("project.report_created", actor, f"report:{report.id}",
                 project=f"project:{project.id}", period=period.number)
    return report


def update_report(report_id, values: dict, version, actor, now: datetime | None = None) -> Report:
    """Change a draft or returned report; ``version`` is the one the editor started from (a
    stale one is a 409, and nothing is saved)."""
    report = get_report(report_id, actor)
    project = report.period.project
    _refuse_writing(project, report, actor)
    if not isinstance(version, int) or isinstance(version, bool):
        message = _("Send the version of the report you are changing.")
        raise ValidationError(message, {"version": [message]})
    if version != report.version:
        raise ConflictError(_(
            "Someone else changed this report while you were editing it (you started from "
            "version %(yours)d; it is now version %(current)d). Nothing of yours was saved: "
            "open the current version, apply your changes again and save.",
            yours=version, current=report.version))
    checked = check_report_values(values, project, report.id, _today(now))
    with db.session.no_autoflush:
        write_values(report, checked)
        report.updated_at = now or utcnow()
    db.session.flush()
    audit.record("project.report_updated", actor, f"report:{report.id}",
                 fields=sorted(set(values) - {"version", "period_id"}))
    return report


def submit_report(report_id, actor, now: datetime | None = None) -> Report:
    """The lead's member submits: 422 listing what is missing (a summary, a value for every
    indicator); otherwise the report is frozen as its next version for the secretariat."""
    report = get_report(report_id, actor)
    project = report.period.project
    if not permissions.is_project_lead(actor, project):
        raise PermissionDenied(_("Only the members of the lead organisation submit the "
                                 "report."))
    if not permissions.can_submit_report(actor, project, report):
        raise ConflictError(_("The report cannot be submitted now: it has been submitted or "
                              "accepted, or the project is completed."))
    missing = missing_for_submission(report, project)
    if missing:
        raise ValidationError(_("The report is not complete yet."), missing)
    now = now or utcnow()
    number = len(report.versions) + 1
    db.session.add(ReportVersion(report_id=report.id, number=number, submitted_at=now,
                                 submitted_by_id=actor.id, content=report_content(report)))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by_id = now, actor.id
    db.session.flush()
    db.session.expire(report, ["versions"])
    audit.record("project.report_submitted", actor, f"report:{report.id}",
                 project=f"project:{project.id}", version=number)
    return report


def _latest_version(report: Report) -> ReportVersion | None:
    return report.versions[-1] if report.versions else None


def _refuse_assessing(report: Report, actor) -> None:
    if not permissions.may_assess_reports(actor):
        raise PermissionDenied(_("Only the secretariat assesses reports."))
    if not permissions.can_assess_report(actor, report):
        raise ConflictError(_("Only a submitted report can be accepted or returned."))


def accept_report(report_id, actor, now: datetime | None = None) -> Report:
    """The secretariat accepts a submitted report; the final period's completes the project
    (its proposal moves to ``completed`` through the workflow)."""
    report = get_report(report_id, actor)
    _refuse_assessing(report, actor)
    now = now or utcnow()
    report.status = ReportStatus.ACCEPTED
    report.assessed_at, report.assessed_by_id = now, actor.id
    if version := _latest_version(report):
        version.outcome, version.outcome_reason = ReportStatus.ACCEPTED.value, ""
    db.session.flush()
    project = report.period.project
    audit.record("project.report_accepted", actor, f"report:{report.id}",
                 project=f"project:{project.id}", period=report.period.number)
    if report.period.final:
        _complete(project, actor, now)
    return report


def _complete(project: Project, actor, now: datetime) -> None:
    project.completed_at = now
    apply_transition(project.proposal, Action.COMPLETE, actor,
                     note=_("The final report was accepted."), now=now)
    audit.record("project.completed", actor, f"project:{project.id}")


def return_report(report_id, reason, actor, now: datetime | None = None) -> Report:
    """The secretariat returns a submitted report with a reason (required, bounded); the
    partners edit it and the lead submits it again as a new version."""
    report = get_report(report_id, actor)
    _refuse_assessing(report, actor)
    problems: Problems = {}
    reason = text(problems, "reason", reason, REASON_MAX)
    raise_if(problems)
    now = now or utcnow()
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.assessed_at, report.assessed_by_id = now, actor.id
    if version := _latest_version(report):
        version.outcome, version.outcome_reason = ReportStatus.RETURNED.value, reason
    db.session.flush()
    audit.record("project.report_returned", actor, f"report:{report.id}",
                 project=f"project:{report.project_id}", reason=reason)
    return report
