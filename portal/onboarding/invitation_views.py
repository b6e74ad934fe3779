"""Invitation pages: invite someone, the invitations one has sent, and the public accept page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts import services
from portal.accounts.blueprint import bp
from portal.accounts.forms import ConfirmForm
from portal.accounts.labels import ROLE_NAMES
from portal.accounts.view_support import show_field_errors
from portal.core.errors import PortalError, ValidationError
from portal.core.i18n import DEFAULT_LANGUAGE, UI_LANGUAGES
from portal.core.permissions import page_requires
from portal.extensions import db, limiter
from portal.onboarding import invitations
from portal.onboarding.forms import AcceptInvitationForm, InvitationForm
from portal.onboarding.limits import ONBOARDING_LIMIT
from portal.onboarding.links import LinkNotValid
from portal.onboarding.models import Invitation
from portal.onboarding.permissions import (
    can_invite_anyone,
    can_revoke_invitation,
    invitable_roles,
)
from portal.registry.picker import prepare_pickers

bp.add_app_template_global(invitations.role_description)


def _invitation_form() -> InvitationForm:
    form = InvitationForm()
    form.role.choices = [SelectChoice(role.value, ROLE_NAMES[role])
                         for role in invitable_roles(current_user)]
    form.fill_states(str(get_locale()))
    if not form.is_submitted():
        form.language.data = (current_user.language if current_user.language in UI_LANGUAGES
                              else DEFAULT_LANGUAGE)
    return form


@bp.get("/invitations")
@page_requires(can_invite_anyone)
def invitations_sent():
    rows = [(invitation, invitations.specs_of(invitation), invitations.status_of(invitation))
            for invitation in invitations.invitations_sent_by(current_user)]
    return render_template("accounts/invitations.html", rows=rows, revoke_form=ConfirmForm(),
                           pending=invitations.InvitationStatus.PENDING)


@bp.route("/invitations/new", methods=["GET", "POST"])
@page_requires(can_invite_anyone)
def invite():
    form = _invitation_form()
    searched = prepare_pickers(form, current_user)
    if not searched and form.validate_on_submit():
        try:
            spec = form.role_spec()
            invitation, _token = invitations.invite_user(
                form.email.data, [spec], form.language.data, current_user._get_current_object())
        except ValidationError as error:
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("The invitation is on its way to %(email)s.", email=invitation.email), "info")
            return redirect(url_for("accounts.invitations_sent"))
    status = 422 if form.is_submitted() and not searched else 200
    return render_template("accounts/invite.html", form=form), status


@bp.post("/invitations/<int:invitation_id>/revoke")
@page_requires(can_invite_anyone)
def revoke_invitation(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    if not can_revoke_invitation(current_user, invitation):
        abort(404)
    if ConfirmForm().validate_on_submit():
        invitations.revoke_invitation(invitation, current_user._get_current_object())
        db.session.commit()
        flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "info")
    return redirect(url_for("accounts.invitations_sent"))


def _invitation_problem(message: str, status: int = 410):
    return render_template("accounts/accept_invitation.html", problem=message, invitation=None), status


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(ONBOARDING_LIMIT, methods=["POST"])
def accept_invitation(token: str):
    """Anyone with the link may open it; what they see depends on who they are: a newcomer
    creates an account, the signed-in owner of the address accepts the roles, anyone else is
    asked to sign in with the invited address."""
    try:
        invitation = invitations.find_invitation(token)
    except LinkNotValid as error:
        return _invitation_problem(error.message)
    specs = invitations.specs_of(invitation)
    has_account = services.user_by_email(invitation.email) is not None
    if current_user.is_authenticated and current_user.email != invitation.email:
        return _invitation_problem(
            _("This invitation was sent to %(email)s, but you are signed in as %(you)s. "
              "Sign out, then open the link again.", email=invitation.email, you=current_user.email),
            403)
    if current_user.is_authenticated:
        return _accept_as_signed_in_user(token, invitation, specs)
    if has_account:
        return render_template("accounts/accept_invitation.html", invitation=invitation,
                               specs=specs, problem=None, sign_in_first=True,
                               sign_in_url=url_for("accounts.sign_in", next=request.path))
    return _accept_as_newcomer(token, invitation, specs)


def _accept_as_signed_in_user(token: str, invitation: Invitation, specs):
    form = ConfirmForm()
    if form.validate_on_submit():
        invitations.accept_invitation_as(token, current_user._get_current_object())
        db.session.commit()
        flash(_("The invitation is accepted: your new roles are active."), "info")
        return redirect(url_for("dashboard.dashboard"))
    return render_template("accounts/accept_invitation.html", invitation=invitation, specs=specs,
                           problem=None, confirm_form=form)


def _accept_as_newcomer(token: str, invitation: Invitation, specs):
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            invitations.accept_invitation(token, form.name.data, form.password.data)
        except PortalError as error:
            show_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your account is ready. Sign in with your e-mail address and password."), "info")
            return redirect(url_for("accounts.sign_in"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/accept_invitation.html", invitation=invitation, specs=specs,
                           problem=None, account_form=form), status
