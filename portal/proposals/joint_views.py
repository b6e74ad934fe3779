"""A joint proposal started from an accepted expression of interest, on the interest's page:
the section listing the proposals started from it with the form to start one (added to the page
through :func:`portal.partnering.views.add_interest_section`), and the form's target.

The target keeps the address and endpoint name it had on the interest's page
(``partnering.start_joint_proposal``, ``POST /interests/<id>/proposal``), which links, bookmarks
and tests know; it is registered on the application, since partnering's blueprint is registered
before this feature's ``init_app`` runs.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.calls import services as calls
from portal.core.db import utcnow
from portal.core.errors import ValidationError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.partnering import permissions as partnering_permissions
from portal.partnering import services as partnering
from portal.partnering.views import Section, add_interest_section, render_interest
from portal.proposals import joint, permissions
from portal.proposals.forms import JointProposalForm

SECTION = "joint_proposals"


def _joint_form(interest) -> JointProposalForm | None:
    """The form to start a joint proposal, for either side of an accepted interest; its choices
    are the calls open now (none: the page says so)."""
    if not partnering_permissions.can_start_joint_proposal(current_user, interest):
        return None
    form = JointProposalForm()
    form.call_id.choices = [SelectChoice(call.id, call.title, render_kw={"lang": call.language})
                            for call in db.session.scalars(calls.open_calls_query(utcnow()))]
    return form


def joint_section(interest, reader, form: JointProposalForm | None = None) -> Section:
    return Section("proposals/joint_section.html", {
        "joint_form": form if form is not None else _joint_form(interest),
        "joint_proposals": joint.proposals_from_interest(interest, reader)})


@page_requires(partnering_permissions.acts_for_an_organisation)
def start_joint_proposal(interest_id: int):
    record = partnering.visible_interest(interest_id, current_user._get_current_object())
    form = _joint_form(record)
    if form is None:
        flash(_("A joint proposal can be started only from an accepted expression of "
                "interest."), "error")
        return redirect(url_for("partnering.interest", interest_id=record.id))
    if form.validate_on_submit():
        try:
            proposal, created = joint.start_joint_proposal(
                record.id, form.call_id.data, current_user._get_current_object())
        except ValidationError as error:
            form.call_id.errors = [*form.call_id.errors, *error.fields.get("call_id", [])]
            if set(error.fields) != {"call_id"}:
                flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("A draft joint proposal is started with both organisations as partners; "
                    "the partner is asked by e-mail to confirm. Complete the draft below.") if created else
                  _("Your organisation has already started a proposal to this call from this "
                    "expression of interest; here it is."), "info")
            target = ("proposals.edit_proposal" if permissions.can_edit(current_user, proposal)
                      else "proposals.proposal")
            return redirect(url_for(target, proposal_id=proposal.id))
    return render_interest(record, status=422,
                           **{SECTION: joint_section(record, current_user, form)})


def init_app(app) -> None:
    add_interest_section(app, SECTION, joint_section)
    app.add_url_rule("/interests/<int:interest_id>/proposal",
                     endpoint="partnering.start_joint_proposal",
                     view_func=start_joint_proposal, methods=["POST"])
