"""The review pages: an expert's assignments, an assignment (accept or decline; then the full
proposal and the review form), the consensus report page of the secretariat and the rapporteur,
and the consolidated report as the applicants read it (without reviewer identities).

Each view checks who may act before it loads anything, calls one service, commits once."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.forms import ConfirmForm
from portal.accounts.services import user_by_email
from portal.accounts.view_support import show_field_errors
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.proposals import permissions as proposal_permissions
from portal.review import experts as expert_profiles
from portal.review import permissions, services
from portal.review.forms import (
    AcceptForm,
    ConflictForm,
    DeclineForm,
    ExpertProfileForm,
    report_form,
    review_form,
)
from portal.review.labels import ASSIGNMENT_STATUS_NAMES, RECOMMENDATION_NAMES
from portal.review.serialise import reviewer_labels

bp = Blueprint("review", __name__, url_prefix="/review")
PER_PAGE = 20
experts_only = page_requires(permissions.is_expert)
report_writers = page_requires(lambda user: permissions.is_secretariat(user)
                               or permissions.is_expert(user))
review_readers = page_requires(permissions.acts_on_reviews)


@bp.app_template_global()
def assignment_status_name(status: str) -> str:
    return str(ASSIGNMENT_STATUS_NAMES.get(status, status))


@bp.app_template_global()
def recommendation_name(value: str) -> str:
    return str(RECOMMENDATION_NAMES.get(value, value))


def _user():
    return current_user._get_current_object()


@bp.get("/assignments")
@experts_only
def assignments():
    page = db.paginate(services.assignments_of(current_user),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    return render_template("review/assignments.html", page=page)


def _render_assignment(assignment, status=200, **forms):
    user = _user()
    proposal = services.get_proposal(assignment.proposal_id)
    criteria = proposal.call.criteria
    full = permissions.can_see_full_proposal(user, assignment)
    context = {
        "assignment": assignment, "proposal": proposal, "full": full, "criteria": criteria,
        "can_answer": permissions.can_answer(user, assignment),
        "can_conflict": permissions.can_declare_conflict(user, assignment),
        "can_review": permissions.can_review(user, assignment),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "conflict_form": forms.get("conflict_form") or ConflictForm(),
        "review_form": forms.get("review_form") or review_form(criteria),
        "can_see_reviews": permissions.can_see_reviews(user, proposal),
    }
    return render_template("review/assignment.html", **context), status


@bp.get("/assignments/<int:assignment_id>")
@experts_only
def assignment(assignment_id: int):
    return _render_assignment(services.own_assignment(assignment_id, _user()))


def _back(assignment_id: int):
    return redirect(url_for("review.assignment", assignment_id=assignment_id))


@bp.post("/assignments/<int:assignment_id>/accept")
@experts_only
def accept(assignment_id: int):
    record = services.own_assignment(assignment_id, _user())
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            services.accept_assignment(record.id, _user(), True)
        except ConflictError as error:
            flash(error.message, "error")
            return _back(record.id)
        db.session.commit()
        flash(_("Accepted. The whole proposal and the review form are below."), "info")
        return _back(record.id)
    return _render_assignment(record, 422, accept_form=form)


@bp.post("/assignments/<int:assignment_id>/decline")
@experts_only
def decline(assignment_id: int):
    return _step_aside(assignment_id, DeclineForm, "reason", "decline_form",
                       services.decline_assignment,
                       _("Declined. Another expert will be asked."))


@bp.post("/assignments/<int:assignment_id>/conflict")
@experts_only
def conflict(assignment_id: int):
    return _step_aside(assignment_id, ConflictForm, "conflict_reason", "conflict_form",
                       services.declare_conflict,
                       _("Conflict of interest recorded. Another expert will be asked."))


def _step_aside(assignment_id: int, form_class, reason_field: str, form_name: str, service,
                done: str):
    """The expert leaves the assignment with the reason in the form's ``reason_field``
    (``service`` declines or declares a conflict), then goes back to the list, as another expert
    will be asked; an invalid reason shows the page again under ``form_name``, a closed
    assignment is said on its page."""
    record = services.own_assignment(assignment_id, _user())
    form = form_class()
    if form.validate_on_submit():
        try:
            service(record.id, _user(), getattr(form, reason_field).data)
        except ValidationError as error:
            show_field_errors(form, error, {"reason": reason_field})
        except ConflictError as error:
            flash(error.message, "error")
            return _back(record.id)
        else:
            db.session.commit()
            flash(done, "info")
            return redirect(url_for("review.assignments"))
    return _render_assignment(record, 422, **{form_name: form})


@bp.post("/assignments/<int:assignment_id>/review")
@experts_only
def submit_review(assignment_id: int):
    record = services.own_assignment(assignment_id, _user())
    proposal = services.get_proposal(record.proposal_id)
    form = review_form(proposal.call.criteria)
    if form.validate_on_submit():
        comments = {c.key: getattr(form, f"comment_{c.key}").data for c in form.criteria}
        try:
            services.submit_review(record.id, _user(), form.scores(), comments,
                                   form.recommendation.data)
        except ValidationError as error:
            show_field_errors(form, error, _renames(form.criteria))
            return _render_assignment(record, 422, review_form=form)
        except ConflictError as error:
            flash(error.message, "error")
            return _back(record.id)
        db.session.commit()
        flash(_("Your review is submitted. You can now read the other reviews."), "info")
        return _back(record.id)
    return _render_assignment(record, 422, review_form=form)


def _renames(criteria) -> dict[str, str]:
    names = {}
    for criterion in criteria:
        names[f"scores.{criterion.key}"] = f"score_{criterion.key}"
        names[f"comments.{criterion.key}"] = f"comment_{criterion.key}"
    return names


def _report_page(proposal, form=None, status=200):
    user = _user()
    report = services.report_of(proposal)
    if form is None:
        data = {}
        if report is not None:
            data = {f"score_{key}": value for key, value in report.scores.items()}
            data.update(recommendation=report.recommendation, text=report.text,
                        conditions=report.conditions)
        form = report_form(proposal.call.criteria, data=data)
    reviews = services.submitted_reviews(proposal)
    return render_template(
        "review/report.html", proposal=proposal, report=report, form=form,
        reviews=reviews, labels=reviewer_labels(proposal, user), figures=services.consolidation_of(proposal),
        panel=services.panel(proposal), confirm=ConfirmForm(),
        identities=permissions.can_see_identities(user, proposal),
        can_write=permissions.can_write_report(user, proposal, report),
        can_designate=permissions.may_designate_on(user, proposal),
        may_designate=lambda assignment: permissions.can_designate_rapporteur(user, assignment),
    ), status


def _report_proposal(proposal_id: int):
    user = _user()
    proposal = services.get_proposal(proposal_id)
    if not (permissions.writes_reports_of(user, proposal)
            or permissions.can_see_reviews(user, proposal)):
        abort(404)
    return proposal


@bp.get("/proposals/<int:proposal_id>/report")
@report_writers
def consensus_report(proposal_id: int):
    return _report_page(_report_proposal(proposal_id))


@bp.post("/proposals/<int:proposal_id>/report")
@report_writers
def save_consensus_report(proposal_id: int):
    proposal = _report_proposal(proposal_id)
    form = report_form(proposal.call.criteria)
    if form.validate_on_submit():
        lock = bool(form.lock.data)
        try:
            services.write_consensus_report(proposal.id, _user(), form.scores(),
                                            form.recommendation.data, form.text.data,
                                            form.conditions.data, lock=lock)
        except ValidationError as error:
            show_field_errors(form, error, _renames(form.criteria))
            return _report_page(proposal, form, 422)
        except (ConflictError, PermissionDenied) as error:
            flash(error.message, "error")
            return redirect(url_for("review.consensus_report", proposal_id=proposal.id))
        db.session.commit()
        flash(_("The report is locked and the proposal is ready for the council.") if lock
              else _("The draft is saved."), "info")
        return redirect(url_for("review.consensus_report", proposal_id=proposal.id))
    return _report_page(proposal, form, 422)


@bp.post("/assignments/<int:assignment_id>/rapporteur")
@page_requires(permissions.is_secretariat)
def designate_rapporteur(assignment_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        record = services.designate_rapporteur(assignment_id, _user())
    except (ConflictError, PermissionDenied) as error:
        flash(error.message, "error")
        return redirect(request.referrer or url_for("review.assignments"))
    db.session.commit()
    flash(_("The rapporteur is designated."), "info")
    return redirect(url_for("review.consensus_report", proposal_id=record.proposal_id))


@bp.get("/proposals/<int:proposal_id>/consolidated")
@review_readers
def consolidated_report(proposal_id: int):
    """The locked report as the applicants read it: never the reviewers' names."""
    user = _user()
    proposal = services.get_proposal(proposal_id)
    report = services.report_of(proposal)
    if report is None or report.locked_at is None or not (
            proposal_permissions.can_view(user, proposal)
            or permissions.can_see_reviews(user, proposal)):
        abort(404)
    return render_template("review/consolidated.html", proposal=proposal, report=report,
                           criteria=proposal.call.criteria)


@bp.app_template_global()
def assignment_proposal(assignment):
    return services.get_proposal(assignment.proposal_id)


@bp.route("/experts", methods=["GET", "POST"])
@page_requires(permissions.is_secretariat)
def experts():
    """The secretariat's list of expert profiles, with a form to add or update one."""
    form = ExpertProfileForm(data={"email": request.args.get("email", "")}
                             if request.method == "GET" else None)
    form.fill_choices()
    status = 200
    if request.method == "GET" and request.args.get("email"):
        profile = expert_profiles.expert_profile_by_email(request.args["email"])
        if profile is not None:
            form = ExpertProfileForm(data=expert_profiles.expert_profile_data(profile))
            form.fill_choices()
    elif form.validate_on_submit():
        organisation_ids = form.organisation_ids()
        user = user_by_email(form.email.data)
        if organisation_ids is None:
            form.affiliations.errors = [_("Give organisation numbers separated by commas.")]
        elif user is None:
            form.email.errors = [_("No user has this e-mail address.")]
        else:
            try:
                expert_profiles.save_expert_profile(user, form.state.data, form.fields.data or [],
                                             organisation_ids, _user(),
                                             expertise=form.expertise.data or "",
                                             active=form.active.data)
            except ValidationError as error:
                show_field_errors(form, error, {"state": "state", "fields": "fields",
                                                "affiliations": "affiliations"})
            else:
                db.session.commit()
                flash(_("The expert profile is saved."), "info")
                return redirect(url_for("review.experts"))
        status = 422
    elif request.method == "POST":
        status = 422
    return render_template("review/experts.html", form=form,
                           profiles=expert_profiles.expert_profiles()), status


@bp.app_template_global()
def expert_affiliations(profile) -> list[int]:
    return expert_profiles.affiliations_of(profile)
