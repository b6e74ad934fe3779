"""The proposal pages: my proposals, a proposal with its workflow, the check page and the
comparison of two submitted versions (the editor is in :mod:`portal.proposals.editor_views`). Each
view checks who may act before it loads anything, calls one service, commits once."""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.forms import ConfirmForm
from portal.core.db import utcnow
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.core.permissions import page_requires
from portal.core.request_input import row_argument
from portal.extensions import db
from portal.proposals import attachments, facts, listing, permissions, services
from portal.proposals.budget import partner_budgets
from portal.proposals.consortium import RELATION_LABELS, consortium_suggestions
from portal.proposals.eligibility import Reason
from portal.proposals.eligibility_messages import describe
from portal.proposals.forms import AddPartnerForm, AttachmentForm, NoteForm
from portal.proposals.history import history_for, history_sentence
from portal.proposals.hooks import page_sections, summaries, taken_elsewhere
from portal.proposals.labels import (
    CATEGORY_NAMES,
    CLASSIFICATION_NAMES,
    action_name,
    attachment_kind_name,
    background_kind_name,
    next_step,
    ownership_name,
    status_name,
)
from portal.proposals.snapshots import compare_snapshots
from portal.proposals.stepper import compute_steps
from portal.proposals.transitions import available_actions
from portal.proposals.workflow import Action, Guard, ProposalStatus
from portal.reference.queries import states

bp = Blueprint("proposals", __name__)
PER_PAGE = 20
may_see = page_requires(permissions.may_see_proposals)
may_apply = page_requires(permissions.may_apply)

bp.add_app_template_global(status_name, "proposal_status_name")
bp.add_app_template_global(action_name, "proposal_action_name")
bp.add_app_template_global(next_step, "proposal_next_step")
bp.add_app_template_global(history_sentence)
bp.add_app_template_global(attachment_kind_name)
bp.add_app_template_global(partner_budgets)
bp.add_app_template_global(background_kind_name)
bp.add_app_template_global(ownership_name, "results_ownership_name")


@bp.app_template_global()
def budget_category_name(category: str) -> str:
    return str(CATEGORY_NAMES.get(category, category))


@bp.app_template_global()
def describe_reason(reason) -> str:
    return describe(reason)


@bp.app_template_global()
def classification_name(value: str) -> str:
    return str(CLASSIFICATION_NAMES.get(value, value))


def _user():
    return current_user._get_current_object()


@bp.get("/proposals")
@may_see
def my_proposals():
    """The applicant's own proposals; for the staff, every proposal, with filters."""
    user = _user()
    staff = permissions.sees_every_proposal(user)
    status, problems = 200, {}
    try:
        filters = listing.read_filters(request.args) if staff else listing.ProposalFilters()
    except ValidationError as error:
        filters, status, problems = listing.ProposalFilters(), 422, error.fields
    query = listing.filtered(services.visible_proposals(user), filters)
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    return render_template(
        "proposals/list.html", page=page, staff=staff, filters=filters, problems=problems,
        calls=listing.call_choices() if staff else [],
        status_options=[(str(s), status_name(s)) for s in ProposalStatus],
        state_options=[(state.code, state.name(str(get_locale()))) for state in states()],
        classification_options=[(key, str(name)) for key, name in CLASSIFICATION_NAMES.items()],
    ), status


def _reasons(proposal):
    return [Reason.from_dict(r) for r in proposal.eligibility_reasons or []]


@bp.get("/proposals/<int:proposal_id>")
@may_see
def proposal(proposal_id: int):
    record = services.get_proposal(proposal_id, _user())
    user = _user()
    actions, elsewhere = [], []
    for row in available_actions(record, user):
        where = taken_elsewhere(row.action)
        if where is None:
            actions.append(row)
        elif (url := where(record)) is not None:
            elsewhere.append((row, url))
    suggestions = (consortium_suggestions(record)
                   if permissions.may_see_consortium_matches(user, record) else None)
    history = history_for(record, user)
    return render_template(
        "proposals/proposal.html", proposal=record, classified=facts.classification(record),
        reasons=_reasons(record), history=history,
        stepper=compute_steps(record.status, history, record.lead_organisation.name),
        snapshots=services.snapshots(record), actions=actions,
        needs_note={row.action for row in actions if Guard.NOTE_GIVEN in row.guards},
        may_edit=permissions.can_edit(user, record),
        may_confirm=lambda partner: permissions.can_confirm(user, partner),
        may_endorse=lambda partner: permissions.can_endorse(user, partner),
        budget=facts.budget_summary(record), added=summaries(record),
        confirm=ConfirmForm(), note_form=NoteForm(),
        attachment_form=AttachmentForm() if permissions.can_edit(user, record) else None,
        suggestions=suggestions, relation_labels=RELATION_LABELS, elsewhere=elsewhere,
        sections=page_sections(user, record))


@bp.post("/proposals/<int:proposal_id>/partners/<int:organisation_id>/add")
@may_apply
def add_partner(proposal_id: int, organisation_id: int):
    """Add a suggested organisation to the consortium, from the proposal page."""
    form = AddPartnerForm()
    if form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            proposal = services.add_partner(proposal_id, organisation_id, version, _user())
        except ValidationError as error:
            flash(" ".join([error.message, *(m for messages in error.fields.values()
                                             for m in messages)]), "error")
        except ConflictError as error:
            flash(error.message, "error")
        else:
            added = next(p.organisation for p in proposal.partners
                         if p.organisation_id == organisation_id)
            db.session.commit()
            flash(_("%(name)s is now a partner; it is asked to confirm its participation.",
                    name=added.name), "info")
    return redirect(url_for("proposals.proposal", proposal_id=proposal_id,
                            _anchor="partners-heading"))


@bp.post("/proposals/<int:proposal_id>/partners/<int:organisation_id>/confirm")
@may_apply
def confirm_partner(proposal_id: int, organisation_id: int):
    if ConfirmForm().validate_on_submit():
        services.confirm_partner(proposal_id, organisation_id, _user())
        db.session.commit()
        flash(_("The participation is confirmed."), "info")
    return redirect(url_for("proposals.proposal", proposal_id=proposal_id))


@bp.post("/proposals/<int:proposal_id>/partners/<int:organisation_id>/endorse")
@page_requires(permissions.may_endorse)
def endorse_partner(proposal_id: int, organisation_id: int):
    user = _user()
    readable = permissions.may_see_proposals(user)
    if ConfirmForm().validate_on_submit():
        partner = services.endorse_partner(proposal_id, organisation_id, user)
        db.session.commit()
        flash(_("The partner is endorsed."), "info")
        readable = permissions.can_view(user, partner.proposal)
    if not readable:  # a national co-funder, who endorses from its own page
        return redirect(url_for("proposals.co_funding", _anchor=f"proposal-{proposal_id}"))
    return redirect(url_for("proposals.proposal", proposal_id=proposal_id))


def _check_page(record, refused: ValidationError | None = None, status: int = 200):
    """The "check your answers" page: the content in short, each partner's budget in its own
    currency and the call's, and the eligibility preview as the submission will compute it
    (the budget converted at today's rates); the submit button under it."""
    user, now = _user(), utcnow()
    may_submit = any(row.action == Action.SUBMIT for row in available_actions(record, user, now))
    return render_template(
        "proposals/check.html", proposal=record, preview=facts.preview(record, now),
        budget=facts.budget_summary(record), classified=facts.classification(record),
        may_submit=may_submit, refused=refused, note_form=NoteForm()), status


@bp.get("/proposals/<int:proposal_id>/check")
@may_apply
def check_proposal(proposal_id: int):
    record = services.get_proposal(proposal_id, _user())
    if not permissions.can_edit(current_user, record):
        raise PermissionDenied(_("Only the applicants check and submit the proposal, and only "
                                 "before it is submitted."))
    return _check_page(record)


@bp.post("/proposals/<int:proposal_id>/actions/<action>")
@may_see
def take_action(proposal_id: int, action: str):
    form = NoteForm()
    if not form.validate_on_submit():
        return redirect(url_for("proposals.proposal", proposal_id=proposal_id))
    user = _user()
    try:
        services.take_action(proposal_id, action, user, note=form.note.data or "")
    except ValidationError as refused:
        if action != Action.SUBMIT:
            raise
        db.session.rollback()
        return _check_page(services.get_proposal(proposal_id, user), refused, 422)
    except ConflictError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Done: %(action)s.", action=action_name(action)), "info")
    return redirect(url_for("proposals.proposal", proposal_id=proposal_id))


@bp.post("/proposals/<int:proposal_id>/attachments")
@may_apply
def upload_attachment(proposal_id: int):
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            attachments.upload_attachment(proposal_id, form.kind.data, upload.filename or "",
                                          upload.read(attachments.max_bytes() + 1), _user())
        except ValidationError as error:
            flash(" ".join(m for messages in error.fields.values() for m in messages)
                  or error.message, "error")
        else:
            db.session.commit()
            flash(_("The document is attached."), "info")
    else:
        flash(" ".join(form.file.errors) or _("Choose a file."), "error")
    return redirect(url_for("proposals.proposal", proposal_id=proposal_id))


@bp.get("/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
@may_see
def download_attachment(proposal_id: int, attachment_id: int):
    attachment, path = attachments.open_attachment(proposal_id, attachment_id, _user())
    db.session.commit()
    return send_file(io.BytesIO(path.read_bytes()), mimetype="application/pdf", as_attachment=True,
                     download_name=attachment.filename)


@bp.post("/proposals/<int:proposal_id>/attachments/<int:attachment_id>/delete")
@may_apply
def delete_attachment(proposal_id: int, attachment_id: int):
    if ConfirmForm().validate_on_submit():
        attachments.delete_attachment(proposal_id, attachment_id, _user())
        db.session.commit()
        flash(_("The document is removed."), "info")
    return redirect(url_for("proposals.proposal", proposal_id=proposal_id))


@bp.get("/proposals/<int:proposal_id>/compare")
@may_see
def compare(proposal_id: int):
    record = services.get_proposal(proposal_id, _user())
    a = row_argument("a", 1)
    b = row_argument("b", record.snapshot_number)
    return render_template("proposals/compare.html", proposal=record, a=a, b=b,
                           snapshots=services.snapshots(record),
                           differences=compare_snapshots(record, a, b))
