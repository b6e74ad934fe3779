"""The administration pages: find a user, see and change their roles, deactivate or reactivate
the account; and the audit log with filters. Each page asks the same predicates and calls the
same services as the API."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.forms import ConfirmForm
from portal.accounts.labels import ROLE_NAMES
from portal.accounts.models import User
from portal.accounts.roles import Role, RoleSpec
from portal.accounts.view_support import show_field_errors
from portal.administration import audit_queries, permissions, services
from portal.administration.forms import AuditFilterForm, GrantRoleForm, UserSearchForm
from portal.core.errors import PortalError
from portal.core.permissions import page_requires
from portal.extensions import db
from portal.onboarding import invitations
from portal.registry.picker import prepare_pickers

bp = Blueprint("administration", __name__, url_prefix="/admin")
PER_PAGE = 50


def _actor():
    return current_user._get_current_object()


def _page_number() -> int:
    return max(1, min(request.args.get("page", 1, type=int), 10_000))


@bp.get("/users")
@page_requires(permissions.can_administer_users)
def users():
    form = UserSearchForm(formdata=request.args)
    text = form.q.data if form.validate() and form.q.data else ""
    page = db.paginate(services.users_query(text), page=_page_number(), per_page=PER_PAGE,
                       error_out=False)
    scopes = invitations.load_scopes(spec for user in page.items for spec in user.role_specs())
    return render_template("administration/users.html", form=form, page=page, q=text,
                           scopes=scopes)


def _user_page(user, grant_form=None, status=200):
    return render_template(
        "administration/user.html", user=user, role_names=ROLE_NAMES, Role=Role,
        grant_form=grant_form or _grant_form(), confirm_form=ConfirmForm(),
        can_revoke=lambda assignment: permissions.can_revoke_role(current_user, assignment),
        can_deactivate=permissions.can_deactivate(current_user, user),
    ), status


def _grant_form() -> GrantRoleForm:
    form = GrantRoleForm()
    form.fill_states(str(get_locale()))
    return form


@bp.get("/users/<int:user_id>")
@page_requires(permissions.can_administer_users)
def user(user_id: int):
    return _user_page(db.get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/roles")
@page_requires(permissions.can_administer_users)
def grant_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _grant_form()
    if prepare_pickers(form, current_user):
        return _user_page(user, form)
    if not form.validate_on_submit():
        return _user_page(user, form, 422)
    try:
        spec = form.role_spec()
        assignment = services.grant_user_role(user, spec.role, spec.scope, _actor())
    except PortalError as error:
        show_field_errors(form, error)
        return _user_page(user, form, error.status)
    db.session.commit()
    flash(_("%(name)s now holds the role %(role)s.", name=user.name,
            role=invitations.role_description(_spec(assignment))), "info")
    return redirect(url_for("administration.user", user_id=user.id))


@bp.app_template_global("role_spec")
def _spec(assignment) -> RoleSpec:
    return RoleSpec.parse(f"{assignment.role}:{assignment.scope}" if assignment.scope
                          else assignment.role)


def _confirmed_change(user_id: int, change, done: str):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change(user)
    except PortalError as error:
        if error.status == 404:
            abort(404)
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(done % {"name": user.name}, "info")
    return redirect(url_for("administration.user", user_id=user.id))


@bp.post("/users/<int:user_id>/roles/<int:role_id>/revoke")
@page_requires(permissions.can_administer_users)
def revoke_role(user_id: int, role_id: int):
    return _confirmed_change(user_id, lambda user: services.revoke_user_role(user, role_id, _actor()),
                             _("The role is taken away from %(name)s."))


@bp.post("/users/<int:user_id>/deactivate")
@page_requires(permissions.can_administer_users)
def deactivate(user_id: int):
    return _confirmed_change(user_id, lambda user: services.deactivate_user(user, _actor()),
                             _("The account of %(name)s is deactivated: it is signed out everywhere "
                               "and its tokens no longer work."))


@bp.post("/users/<int:user_id>/reactivate")
@page_requires(permissions.can_administer_users)
def reactivate(user_id: int):
    return _confirmed_change(user_id, lambda user: services.reactivate_user(user, _actor()),
                             _("The account of %(name)s is active again."))


@bp.get("/audit")
@page_requires(permissions.can_read_audit)
def audit_log():
    """The audit log, newest first, with the filters of ``GET /api/v1/audit``."""
    form = AuditFilterForm(formdata=request.args)
    wanted = audit_queries.AuditFilter()
    status = 200
    if form.validate():
        try:
            wanted = audit_queries.parse_filter({
                "object": form.object.data, "actor": form.actor.data, "action": form.action.data,
                "from": form.since.data, "to": form.until.data})
        except PortalError as error:
            show_field_errors(form, error, {"from": "since", "to": "until"})
            status = 422
    else:
        status = 422
    page = db.paginate(audit_queries.entries_query(wanted), page=_page_number(),
                       per_page=PER_PAGE, error_out=False)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("administration/audit.html", form=form, page=page, args=args,
                           head=audit_queries.head(), names=_actor_names(page.items)), status


def _actor_names(entries) -> dict[str, str]:
    """``user:ID`` → the user's name, for the actors of a page of entries, in one statement."""
    ids = {int(entry.actor[5:]) for entry in entries
           if entry.actor.startswith("user:") and entry.actor[5:].isdigit()}
    if not ids:
        return {}
    return {f"user:{user_id}": name for user_id, name in db.session.execute(
        select(User.id, User.name).where(User.id.in_(ids)))}
