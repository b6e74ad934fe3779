"""Names of the roles in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.accounts.roles import SCOPE_OF_ROLE, Role, RoleSpec, ScopeKind
from portal.reference.queries import state_name

ROLE_NAMES = {
    Role.ADMIN: _l("Administrator"),
    Role.SECRETARIAT: _l("Secretariat"),
    Role.CONTACT_POINT: _l("National contact point"),
    Role.COUNCIL_MEMBER: _l("Council member"),
    Role.COUNCIL_ALTERNATE: _l("Council alternate"),
    Role.EXPERT: _l("Expert"),
    Role.ORG_ADMIN: _l("Organisation administrator"),
    Role.ORG_MEMBER: _l("Organisation member"),
    Role.CLUSTER_MANAGER: _l("Cluster manager"),
    Role.CO_FUNDER: _l("National co-funder"),
}


def role_label(spec: RoleSpec) -> str:
    """The role's name, with its member state's name where it has one (``National contact
    point: Armenia``); an organisation's or a cluster's number means nothing to a person, so it
    is left out (:func:`portal.onboarding.invitations.role_description` names them)."""
    name = str(ROLE_NAMES[spec.role])
    if spec.scope and SCOPE_OF_ROLE[spec.role] is ScopeKind.STATE:
        return f"{name}: {state_name(spec.scope)}"
    return name
