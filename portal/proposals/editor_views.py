"""The proposal editor as a task list: a new proposal's first page (the project and its lead),
then the draft's task list and one page per section, each saving only its section against the
version the page was opened at (a stale save is refused, nothing of it written). Rows are added
and removed without any script (:mod:`portal.proposals.rows`)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.view_support import show_field_errors
from portal.calls import services as calls
from portal.core.db import utcnow
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.proposals import facts, permissions, services
from portal.proposals.editor_forms import (
    BudgetForm,
    ConsortiumForm,
    IndicatorsForm,
    IpForm,
    MilestonesForm,
    NewProposalForm,
    ProjectForm,
    SectionForm,
)
from portal.proposals.rows import cap_problems, press_row_buttons
from portal.proposals.tasklist import (
    EDITED,
    SECTION_NAMES,
    section_name,
    started_sections,
    task_list,
)
from portal.proposals.views import bp
from portal.registry.picker import prepare_pickers

SECTION_FORMS: dict[str, type[SectionForm]] = {
    "project": ProjectForm, "consortium": ConsortiumForm, "budget": BudgetForm,
    "indicators": IndicatorsForm, "milestones": MilestonesForm, "ip": IpForm}

bp.add_app_template_global(section_name)


def _user():
    return current_user._get_current_object()


def _editable(proposal_id: int):
    record = services.get_proposal(proposal_id, _user())
    if not permissions.can_edit(_user(), record):
        raise PermissionDenied(_("Only the applicants may change the proposal, and only "
                                 "before it is submitted."))
    return record


def _prepared(form: SectionForm, record) -> tuple[bool, int | None]:
    """The form ready to show or save: its rows as opened or as the buttons left them, its
    choices and pickers. Returns whether the page is only shown again (a Find, an "Add
    another" or a "Remove" button, or too many rows), and the status of an answer that refuses."""
    if request.method == "GET" and record is not None:
        form.fill_from(record)
    shown_again = press_row_buttons(form, request.form)
    form.fill_choices(record)
    shown_again = prepare_pickers(form, _user()) or shown_again
    too_many = cap_problems(form)
    if too_many:
        form.form_errors = [*(form.form_errors or []), *too_many]
        return True, 422
    return shown_again, None


def _version(form: SectionForm) -> int | None:
    return int(form.version.data) if (form.version.data or "").isdigit() else None


@bp.route("/calls/<int:call_id>/proposals/new", methods=["GET", "POST"])
@page_requires(permissions.may_create_proposals)
def new_proposal(call_id: int):
    """The first page of a new proposal: the project and its lead; then its task list."""
    call = calls.get_call(call_id)
    form = NewProposalForm()
    shown_again, status = _prepared(form, None)
    if not shown_again and form.validate_on_submit():
        try:
            saved = services.create_proposal({**form.values(None), "call_id": call.id}, _user())
        except ValidationError as error:
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved: %(section)s.", section=SECTION_NAMES["project"]), "info")
            return redirect(url_for("proposals.edit_proposal", proposal_id=saved.id))
    if status is None:
        status = 422 if form.is_submitted() and not shown_again else 200
    return render_template("proposals/section.html", form=form, proposal=None, call=call,
                           section="project"), status


@bp.get("/proposals/<int:proposal_id>/edit")
@page_requires(permissions.may_apply)
def edit_proposal(proposal_id: int):
    """The task list: each section with its state in words, from the eligibility preview."""
    record = _editable(proposal_id)
    reasons = facts.preview(record, utcnow())
    return render_template(
        "proposals/tasks.html", proposal=record, call=record.call,
        tasks=task_list(started_sections(record), reasons), edited=EDITED,
        classified=facts.classification(record))


@bp.route("/proposals/<int:proposal_id>/edit/<section>", methods=["GET", "POST"])
@page_requires(permissions.may_apply)
def edit_section(proposal_id: int, section: str):
    """One section of the proposal, saved on its own; then back to the task list."""
    if section not in SECTION_FORMS:
        abort(404)
    record = _editable(proposal_id)
    form = SECTION_FORMS[section]()
    shown_again, status = _prepared(form, record)
    if not shown_again and form.validate_on_submit():
        try:
            services.update_proposal(record.id, form.values(record), _version(form), _user())
        except ValidationError as error:
            show_field_errors(form, error)
        except ConflictError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Saved: %(section)s.", section=SECTION_NAMES[section]), "info")
            return redirect(url_for("proposals.edit_proposal", proposal_id=record.id))
    if status is None:
        status = 422 if form.is_submitted() and not shown_again else 200
    return render_template("proposals/section.html", form=form, proposal=record,
                           call=record.call, section=section), status
