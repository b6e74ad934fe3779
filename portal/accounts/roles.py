"""The roles of DESIGN 2 and the kind of scope each one takes.

A role assignment is written ``role`` or ``role:SCOPE`` on the command line and in invitations:
``contact_point:RU``, ``org_member:12``, ``cluster_manager:3``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    CONTACT_POINT = "contact_point"
    COUNCIL_MEMBER = "council_member"
    COUNCIL_ALTERNATE = "council_alternate"
    EXPERT = "expert"
    ORG_ADMIN = "org_admin"
    ORG_MEMBER = "org_member"
    CLUSTER_MANAGER = "cluster_manager"
    #: The representative of a national co-funder (a ministry or development institution),
    #: scoped to that organisation (DESIGN 4.10).
    CO_FUNDER = "co_funder"


class ScopeKind(StrEnum):
    NONE = "none"
    STATE = "state"
    ORGANISATION = "organisation"
    CLUSTER = "cluster"


SCOPE_OF_ROLE: dict[Role, ScopeKind] = {
    Role.ADMIN: ScopeKind.NONE,
    Role.SECRETARIAT: ScopeKind.NONE,
    Role.EXPERT: ScopeKind.NONE,
    Role.CONTACT_POINT: ScopeKind.STATE,
    Role.COUNCIL_MEMBER: ScopeKind.STATE,
    Role.COUNCIL_ALTERNATE: ScopeKind.STATE,
    Role.ORG_ADMIN: ScopeKind.ORGANISATION,
    Role.ORG_MEMBER: ScopeKind.ORGANISATION,
    Role.CLUSTER_MANAGER: ScopeKind.CLUSTER,
    Role.CO_FUNDER: ScopeKind.ORGANISATION,
}

#: Roles whose holders must sign in with a second factor.
TWO_FACTOR_ROLES = frozenset(
    {Role.ADMIN, Role.SECRETARIAT, Role.COUNCIL_MEMBER, Role.COUNCIL_ALTERNATE}
)


class RoleSpecError(ValueError):
    """A role written as ``role[:SCOPE]`` that names no role or has the wrong scope."""


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    scope: str | None = None

    @classmethod
    def parse(cls, text: str) -> RoleSpec:
        name, _, scope = text.strip().partition(":")
        try:
            role = Role(name)
        except ValueError:
            raise RoleSpecError(f"unknown role {name!r}") from None
        kind = SCOPE_OF_ROLE[role]
        if kind is ScopeKind.NONE and scope:
            raise RoleSpecError(f"role {role} takes no scope")
        if kind is not ScopeKind.NONE and not scope:
            raise RoleSpecError(f"role {role} needs a {kind} scope, e.g. {role}:…")
        if kind in (ScopeKind.ORGANISATION, ScopeKind.CLUSTER) and not scope.isdigit():
            raise RoleSpecError(f"the scope of {role} is a {kind} id")
        if kind is ScopeKind.STATE:
            scope = scope.upper()
        return cls(role, scope or None)

    def __str__(self) -> str:
        return f"{self.role}:{self.scope}" if self.scope else str(self.role)
