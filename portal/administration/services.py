"""Administering accounts: finding users, granting and revoking scoped roles, deactivating and
reactivating. Each service checks who may (:mod:`portal.administration.permissions`), checks the
rule, changes state with the accounts services (which write the audit entries) and flushes; the
caller commits.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from portal.accounts import services as accounts
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import RoleSpec
from portal.administration import permissions
from portal.core import limits
from portal.core.db import contains_any_case
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError, raise_refusal
from portal.extensions import db
from portal.onboarding import invitations


def _require_admin(actor) -> None:
    if not permissions.can_administer_users(actor):
        raise PermissionDenied(_("Only an administrator may manage accounts."))


def users_query(text: str) -> Select:
    """Users whose e-mail address or name contains ``text`` (every user for an empty one), by
    name; 422 for a text longer than a name may be."""
    text = text.strip()
    if problem := limits.text_problem(text, limits.NAME_MAX):
        raise ValidationError(problem, {"q": [problem]})
    query = select(User)
    if text:
        query = query.where(or_(User.email.icontains(text, autoescape=True),
                                contains_any_case(User.name, text)))
    return query.order_by(User.name, User.id)


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id) if limits.is_id(user_id) else None
    if user is None:
        raise NotFound(_("There is nothing here."))
    return user


def parse_role(role, scope) -> RoleSpec:
    """``{role, scope?}`` from a form or the API, the scope checked to exist: 422 on the field
    at fault. An organisation or a cluster may be named (:func:`invitations.scope_from_text`)."""
    if not isinstance(role, str) or not role:
        raise ValidationError(_("Choose a role."), {"role": [_("Choose a role.")]})
    if isinstance(scope, bool) or not isinstance(scope, str | int | None):
        message = _("Give the scope as a text or a number.")
        raise ValidationError(message, {"scope": [message]})
    text = "" if scope is None else str(scope)
    if problem := limits.text_problem(text, limits.TITLE_MAX + 20):
        raise ValidationError(problem, {"scope": [problem]})
    spec = invitations.parse_role_choice(role, text)
    invitations.check_scope_exists(spec)
    return spec


def grant_user_role(user: User, role, scope, actor) -> RoleAssignment:
    """Give ``user`` a role with its scope; 409 when they hold it already."""
    _require_admin(actor)
    spec = parse_role(role, scope)
    if spec in user.role_specs():
        raise ConflictError(_("This user already holds this role."))
    return accounts.grant_role(user, spec, actor)


def assignment_of(user: User, role_id: int) -> RoleAssignment:
    assignment = next((r for r in user.roles if r.id == role_id), None)
    if assignment is None:
        raise NotFound(_("There is nothing here."))
    return assignment


def revoke_user_role(user: User, role_id: int, actor) -> None:
    """Take a role away; never an administrator's own last ``admin`` role."""
    _require_admin(actor)
    assignment = assignment_of(user, role_id)
    raise_refusal(permissions.refusal_to_revoke_role(actor, assignment))
    accounts.revoke_role(user, RoleSpec.parse(f"{assignment.role}:{assignment.scope}"
                                              if assignment.scope else assignment.role), actor)


def deactivate_user(user: User, actor) -> None:
    """Shut an account: its sessions and its tokens stop working at once. Never one's own."""
    _require_admin(actor)
    raise_refusal(permissions.refusal_to_deactivate(actor, user))
    accounts.deactivate_user(user, actor)


def reactivate_user(user: User, actor) -> None:
    _require_admin(actor)
    accounts.reactivate_user(user, actor)
