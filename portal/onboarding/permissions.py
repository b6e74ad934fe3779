"""Who may invite whom, and who may see and withdraw an invitation.

The rule of the onboarding design, as one table of inviter → roles they may hand out:

=====================  ===================================================================
inviter                may invite as
=====================  ===================================================================
admin                  any role
secretariat            any role except admin
contact_point:X        org_admin / org_member of an organisation of state X,
                       cluster_manager of a cluster of state X, expert
org_admin:N            org_admin:N and org_member:N
=====================  ===================================================================
"""

from __future__ import annotations

from portal.accounts.roles import Role, RoleSpec
from portal.core.permissions import signed_in
from portal.extensions import db
from portal.onboarding.models import Invitation
from portal.registry.models import Cluster, Organisation

_ORGANISATION_ROLES = frozenset({Role.ORG_ADMIN, Role.ORG_MEMBER})

#: Roles that let their holder invite someone, whatever the scope.
INVITING_ROLES = (Role.ADMIN, Role.SECRETARIAT, Role.CONTACT_POINT, Role.ORG_ADMIN)


def _state_of_scope(spec: RoleSpec) -> str | None:
    """The member state of the organisation or cluster a role is scoped to, if it exists."""
    if not (spec.scope or "").isdigit():
        return None
    if spec.role in _ORGANISATION_ROLES:
        row = db.session.get(Organisation, int(spec.scope))
    elif spec.role is Role.CLUSTER_MANAGER:
        row = db.session.get(Cluster, int(spec.scope))
    else:
        return None
    return row.state_code if row else None


def _contact_point_may_invite(states: set[str], spec: RoleSpec) -> bool:
    if not states:
        return False
    if spec.role is Role.EXPERT:
        return True
    if spec.role in _ORGANISATION_ROLES or spec.role is Role.CLUSTER_MANAGER:
        return _state_of_scope(spec) in states
    return False


def can_invite(user, spec: RoleSpec) -> bool:
    """May ``user`` invite someone to hold ``spec``? See the table in the module docstring."""
    if not signed_in(user):
        return False
    if user.has_role(Role.ADMIN):
        return True
    if user.has_role(Role.SECRETARIAT) and spec.role is not Role.ADMIN:
        return True
    if spec.role in _ORGANISATION_ROLES and spec.scope in user.scopes(Role.ORG_ADMIN):
        return True
    return _contact_point_may_invite(user.scopes(Role.CONTACT_POINT), spec)


def invitable_roles(user) -> list[Role]:
    """The roles ``user`` may invite someone to for at least one scope: the choices of the form."""
    if not signed_in(user):
        return []
    if user.has_role(Role.ADMIN):
        return list(Role)
    roles: set[Role] = set()
    if user.has_role(Role.SECRETARIAT):
        roles.update(role for role in Role if role is not Role.ADMIN)
    if user.has_role(Role.CONTACT_POINT):
        roles.update({*_ORGANISATION_ROLES, Role.CLUSTER_MANAGER, Role.EXPERT})
    if user.has_role(Role.ORG_ADMIN):
        roles.update(_ORGANISATION_ROLES)
    return [role for role in Role if role in roles]


def can_invite_anyone(user) -> bool:
    """Shows the invitation pages and their navigation link."""
    return signed_in(user) and any(user.has_role(role) for role in INVITING_ROLES)


def can_revoke_invitation(user, invitation: Invitation) -> bool:
    return signed_in(user) and (invitation.invited_by_id == user.id or user.has_role(Role.ADMIN))
