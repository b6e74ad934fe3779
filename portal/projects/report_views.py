"""The pages of period reports: the project's reporting workspace (periods, due dates, each
report's status and what the reader may do with it), the partners' editor and their "check your
answers" page before the lead submits, and the report's page, where the secretariat accepts it
or returns it with a reason. Each page checks what the API checks, through the same services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.view_support import show_field_errors
from portal.core.db import utcnow
from portal.core.errors import ConflictError, ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.projects import labels, permissions, reports
from portal.projects.models import Project, ReportingPeriod
from portal.projects.report_content import (
    accepted_values,
    missing_for_submission,
    reached_milestones,
    report_content,
)
from portal.projects.report_forms import (
    AcceptReportForm,
    ReturnReportForm,
    SubmitReportForm,
    report_form,
)
from portal.projects.schedule import due_moment

bp = Blueprint("project_reports", __name__)
bp.add_app_template_global(labels.report_status_name, "report_status_name")
bp.add_app_template_global(labels.report_action_name, "report_action_name")
bp.add_app_template_global(labels.outcome_name, "report_outcome_name")
bp.add_app_template_global(labels.category_name, "spending_category_name")


def _user():
    return current_user._get_current_object()


def period_actions(user, period: ReportingPeriod, today) -> list[str]:
    """What ``user`` may do with the period's report now, as keys of
    :data:`labels.REPORT_ACTION_NAMES`."""
    report, project = period.report, period.project
    if report is None:
        return ["write"] if permissions.can_start_report(user, period, today) else []
    actions = []
    if permissions.can_write_report(user, project, report):
        actions.append("continue")
    if permissions.can_submit_report(user, project, report):
        actions.append("submit")
    if permissions.can_assess_report(user, report):
        actions.append("assess")
    return actions or ["read"]


@bp.get("/projects/<int:project_id>/reporting")
@page_requires(permissions.may_see_reports)
def workspace(project_id: int):
    user = _user()
    project = reports.get_project(project_id, user)
    periods = list(db.session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.project_id == project.id)
        .options(selectinload(ReportingPeriod.report)).order_by(ReportingPeriod.number)))
    today = utcnow().date()
    zone = project.proposal.call.timezone
    rows = [{"period": period, "due_at": due_moment(period.due_on, zone),
             "actions": period_actions(user, period, today),
             "not_open": period.report is None and period.starts_on > today}
            for period in periods]
    return render_template("projects/reports/workspace.html", project=project, rows=rows,
                           zone=zone)


def _period(project: Project, period_id: int) -> ReportingPeriod:
    period = db.session.get(ReportingPeriod, period_id)
    if period is None or period.project_id != project.id:
        abort(404)
    return period


def _editor_context(project: Project, period: ReportingPeriod):
    """The indicators with their previous accepted values, the milestones still open, the
    partners for the spending rows."""
    proposal = project.proposal
    reached = reached_milestones(project.id, period.report.id if period.report else None)
    milestones = [m for m in proposal.milestones if m.id not in reached]
    previous = accepted_values(project.id, period.number)
    partners = [(p.organisation_id, p.organisation.name) for p in proposal.partners]
    return milestones, previous, partners


def _render_editor(project, period, form, milestones, previous, status=200):
    zone = project.proposal.call.timezone
    return render_template("projects/reports/editor.html", project=project, period=period,
                           report=period.report, form=form, milestones=milestones,
                           indicators=project.proposal.indicators, previous=previous,
                           zone=zone,
                           due_at=due_moment(period.due_on, zone)), status


def readable(content: dict) -> dict:
    """A report's content (:func:`report_content`, or a version's) with its days and numbers
    as the values the page's Babel filters format."""
    return {**content,
            "indicator_values": [{**item, "value": Decimal(item["value"])}
                                 for item in content.get("indicator_values", [])],
            "milestones": [{**item, "reached_on": date.fromisoformat(item["reached_on"])}
                           for item in content.get("milestones", [])],
            "spending": [{**item, "amount": Decimal(item["amount"])}
                         for item in content.get("spending", [])]}


def _shown(report) -> dict:
    """What every page showing a report's content needs."""
    project = report.period.project
    return {"content": readable(report_content(report)),
            "indicators_by_id": {i.id: i for i in project.proposal.indicators},
            "previous": accepted_values(project.id, report.period.number)}


@bp.route("/projects/<int:project_id>/periods/<int:period_id>/report", methods=["GET", "POST"])
@page_requires(permissions.may_see_reports)
def editor(project_id: int, period_id: int):
    user = _user()
    project = reports.get_project(project_id, user)
    period = _period(project, period_id)
    report = period.report
    if not permissions.is_project_partner(user, project):
        abort(403)
    if report is not None and not permissions.can_write_report(user, project, report):
        return redirect(url_for("project_reports.assessment", report_id=report.id))
    if report is None and not permissions.period_open_for_report(period, utcnow().date()):
        raise ConflictError(_("A period's report can be written once the period has begun."))
    milestones, previous, partners = _editor_context(project, period)
    form = report_form(project.proposal.indicators, milestones)
    form.fill_choices(partners)
    if not form.is_submitted() and report is not None:
        form.fill_from(report, milestones)
    if not form.validate_on_submit():
        return _render_editor(project, period, form, milestones, previous,
                              422 if form.is_submitted() else 200)
    values = form.values(milestones)
    try:
        if report is None:
            report = reports.create_report(project.id, period.id, values, user)
        else:
            version = int(form.version.data) if (form.version.data or "").isdigit() else None
            report = reports.update_report(report.id, values, version, user)
    except ValidationError as error:
        show_field_errors(form, error)
        return _render_editor(project, period, form, milestones, previous, 422)
    db.session.commit()
    if form.check.data:
        return redirect(url_for("project_reports.check", report_id=report.id))
    flash(_("The report is saved as a draft."), "info")
    return redirect(url_for("project_reports.editor", project_id=project.id,
                            period_id=period.id))


@bp.get("/reports/<int:report_id>/check")
@page_requires(permissions.may_see_reports)
def check(report_id: int):
    user = _user()
    report = reports.get_report(report_id, user)
    project = report.period.project
    if not permissions.can_write_report(user, project, report):
        return redirect(url_for("project_reports.assessment", report_id=report.id))
    return _render_check(report, SubmitReportForm())


def _render_check(report, form, status=200):
    project = report.period.project
    missing = missing_for_submission(report, project)
    return render_template("projects/reports/check.html", report=report, project=project,
                           period=report.period, form=form,
                           missing=[m for messages in missing.values() for m in messages],
                           may_submit=permissions.can_submit_report(_user(), project, report),
                           **_shown(report)), status


@bp.post("/reports/<int:report_id>/submit")
@page_requires(permissions.may_see_reports)
def submit(report_id: int):
    user = _user()
    form = SubmitReportForm()
    report = reports.get_report(report_id, user)
    if not form.validate_on_submit():
        return _render_check(report, form, 400)
    try:
        reports.submit_report(report.id, user)
    except ValidationError:
        return _render_check(report, form, 422)
    db.session.commit()
    flash(_("The report is submitted to the secretariat."), "info")
    return redirect(url_for("project_reports.workspace", project_id=report.project_id))


def _render_assessment(report, accept_form, return_form, status=200):
    project = report.period.project
    zone = project.proposal.call.timezone
    return render_template(
        "projects/reports/report.html", report=report, project=project, period=report.period,
        accept_form=accept_form, return_form=return_form,
        may_assess=permissions.can_assess_report(_user(), report),
        may_write=permissions.can_write_report(_user(), project, report),
        versions=[{"number": v.number, "submitted_at": v.submitted_at, "outcome": v.outcome,
                   "outcome_reason": v.outcome_reason, "content": readable(v.content)}
                  for v in reversed(report.versions)],
        zone=zone, due_at=due_moment(report.period.due_on, zone),
        **_shown(report)), status


@bp.get("/reports/<int:report_id>")
@page_requires(permissions.may_see_reports)
def assessment(report_id: int):
    report = reports.get_report(report_id, _user())
    return _render_assessment(report, AcceptReportForm(), ReturnReportForm())


@bp.post("/reports/<int:report_id>/accept")
@page_requires(permissions.may_assess_reports)
def accept(report_id: int):
    form = AcceptReportForm()
    report = reports.get_report(report_id, _user())
    if not form.validate_on_submit():
        return _render_assessment(report, form, ReturnReportForm(), 400)
    reports.accept_report(report.id, _user())
    db.session.commit()
    flash(_("The report is accepted."), "info")
    return redirect(url_for("project_reports.workspace", project_id=report.project_id))


@bp.post("/reports/<int:report_id>/return")
@page_requires(permissions.may_assess_reports)
def return_(report_id: int):
    form = ReturnReportForm()
    report = reports.get_report(report_id, _user())
    if not form.validate_on_submit():
        return _render_assessment(report, AcceptReportForm(), form, 422)
    try:
        reports.return_report(report.id, form.reason.data, _user())
    except ValidationError as error:
        show_field_errors(form, error)
        return _render_assessment(report, AcceptReportForm(), form, 422)
    db.session.commit()
    flash(_("The report is returned to the partners."), "info")
    return redirect(url_for("project_reports.workspace", project_id=report.project_id))

