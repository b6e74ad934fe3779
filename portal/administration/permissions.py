"""Who may administer accounts and who may read the audit log.

==========================  ===============================================================
what                        who
==========================  ===============================================================
find users, grant and       an administrator; never their own last ``admin`` role, never
revoke roles, deactivate    their own account
read the audit log          the secretariat and administrators (page and API)
export the audit log        the secretariat, administrators and contact points
its head                    anyone, without a token
==========================  ===============================================================
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.core.errors import ConflictError, PortalError
from portal.core.permissions import has_any_role


def can_administer_users(user) -> bool:
    return has_any_role(user, Role.ADMIN)


def can_read_audit(user) -> bool:
    return has_any_role(user, Role.ADMIN, Role.SECRETARIAT)


def can_export_audit(user) -> bool:
    return has_any_role(user, Role.ADMIN, Role.SECRETARIAT, Role.CONTACT_POINT)


def refusal_to_revoke_role(actor, assignment: RoleAssignment) -> PortalError | None:
    """An administrator may not take away their own last ``admin`` role: someone must remain
    who can give it back."""
    own_admin = assignment.user_id == actor.id and assignment.role == Role.ADMIN
    if own_admin and sum(r.role == Role.ADMIN for r in actor.roles) <= 1:
        return ConflictError(_("You cannot remove your own last administrator role."))
    return None


def refusal_to_deactivate(actor, user: User) -> PortalError | None:
    if user.id == actor.id:
        return ConflictError(_("You cannot deactivate your own account."))
    return None


def can_revoke_role(actor, assignment: RoleAssignment) -> bool:
    return can_administer_users(actor) and refusal_to_revoke_role(actor, assignment) is None


def can_deactivate(actor, user: User) -> bool:
    return can_administer_users(actor) and refusal_to_deactivate(actor, user) is None
