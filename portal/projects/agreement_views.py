"""The grant agreement's page (the secretariat): the form, a "check your answers" step showing
the reporting schedule that will be created, then the final confirmation with the signed PDF,
which cannot be undone. Each step checks with the service, so the check page shows exactly what
:func:`~portal.projects.agreement.record_agreement` creates. The signed PDF's download is
here too, for those who may read it."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.view_support import show_field_errors
from portal.core.db import utcnow
from portal.core.errors import ConflictError, ValidationError
from portal.core.permissions import page_requires, signed_in
from portal.extensions import db
from portal.projects import agreement, agreement_forms
from portal.projects.agreement_forms import AgreementForm
from portal.projects.permissions import (
    can_read_agreement,
    may_read_agreements,
    may_record_agreement,
)
from portal.proposals.attachments import max_bytes

bp = Blueprint("agreements", __name__)
may_record = page_requires(may_record_agreement)


def _user():
    return current_user._get_current_object()


def project_url(project) -> str:
    """The project's public page."""
    return url_for("projects.project", project_id=project.id)


def _form_for(proposal, **values) -> AgreementForm:
    partners = [(p.organisation_id, p.organisation.name) for p in proposal.partners]
    return agreement_forms.agreement_form(partners, proposal.call.currency,
                          agreement.requested_grants(proposal), **values)


def _start(proposal_id: int):
    """The proposal and its decision, or the redirect that says why it cannot be started."""
    try:
        return agreement.proposal_to_start(proposal_id, _user(), utcnow()), None
    except ConflictError as refused:
        project = agreement.project_of(proposal_id)
        flash(refused.message, "error")
        target = (project_url(project) if project is not None
                  else url_for("proposals.proposal", proposal_id=proposal_id))
        return None, redirect(target)


def _values(form: AgreementForm) -> dict:
    return {"signed_on": form.signed_on.data, "grants": form.grants(),
            "reporting_period_months": form.reporting_period_months.data,
            "conditions_note": form.conditions_note.data or ""}


def _show_form(proposal, decision, form: AgreementForm, status: int = 200):
    return render_template("projects/agreement.html", proposal=proposal, decision=decision,
                           form=form,
                           asked=agreement.requested_grants(proposal)), status


def _show_check(plan, form: AgreementForm, status: int = 200):
    names = {p.organisation_id: p.organisation for p in plan.proposal.partners}
    return render_template("projects/agreement_check.html", plan=plan, form=form,
                           organisations=names, call=plan.proposal.call), status


@bp.get("/proposals/<int:proposal_id>/agreement")
@may_record
def agreement_form(proposal_id: int):
    started, leave = _start(proposal_id)
    if leave is not None:
        return leave
    proposal, decision = started
    form = _form_for(proposal, reporting_period_months=proposal.call.reporting_period_months)
    return _show_form(proposal, decision, form)


@bp.post("/proposals/<int:proposal_id>/agreement")
@may_record
def check_agreement(proposal_id: int):
    """The check step, or the form again (to change the answers, or with what is wrong)."""
    started, leave = _start(proposal_id)
    if leave is not None:
        return leave
    proposal, decision = started
    form = _form_for(proposal)
    if form.change.data:
        return _show_form(proposal, decision, form)
    if not form.validate_on_submit():
        return _show_form(proposal, decision, form, 422)
    try:
        plan = agreement.plan_agreement(proposal.id, actor=_user(), **_values(form))
    except ValidationError as refused:
        show_field_errors(form, refused)
        return _show_form(proposal, decision, form, 422)
    return _show_check(plan, form)


@bp.post("/proposals/<int:proposal_id>/agreement/confirm")
@may_record
def confirm_agreement(proposal_id: int):
    started, leave = _start(proposal_id)
    if leave is not None:
        return leave
    proposal, decision = started
    form = _form_for(proposal)
    if not form.validate_on_submit():
        return _show_form(proposal, decision, form, 422)
    upload = form.file.data
    pdf = (agreement.SignedPdf(upload.filename or "", upload.read(max_bytes() + 1))
           if upload else None)
    try:
        if pdf is None:
            message = _("Choose the signed agreement's PDF.")
            raise ValidationError(message, {"file": [message]})
        project = agreement.record_agreement(proposal.id, actor=_user(), agreement_file=pdf,
                                             **_values(form))
    except ValidationError as refused:
        db.session.rollback()
        if set(refused.fields) != {"file"}:
            show_field_errors(form, refused)
            return _show_form(proposal, decision, form, 422)
        form.file.errors = list(refused.fields["file"])
        plan = agreement.plan_agreement(proposal_id, actor=_user(), **_values(form))
        return _show_check(plan, form, 422)
    db.session.commit()
    flash(_("The grant agreement is recorded: the project has started."), "info")
    return redirect(project_url(project))


@bp.get("/projects/<int:project_id>/agreement.pdf")
@page_requires(may_read_agreements)
def download_agreement(project_id: int):
    project, path = agreement.open_agreement_file(project_id, _user())
    db.session.commit()
    return send_file(io.BytesIO(path.read_bytes()), mimetype="application/pdf",
                     as_attachment=True, download_name=project.agreement_filename)


def proposal_section(user, proposal):
    """On a proposal's page: the link that records its agreement, for the secretariat once it
    may be recorded; the signed PDF, for its readers once there is one."""
    if agreement.may_start(proposal, user):
        return "projects/_agreement_section.html", {
            "record_url": url_for("agreements.agreement_form", proposal_id=proposal.id)}
    if proposal.status not in ("in_implementation", "completed") or not signed_in(user):
        return None
    project = agreement.project_of(proposal.id)
    if project is None or project.agreement_stored_name is None \
            or not can_read_agreement(user, project):
        return None
    return "projects/_agreement_section.html", {
        "project": project,
        "file_url": url_for("agreements.download_agreement", project_id=project.id)}
