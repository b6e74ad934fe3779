"""Names of the roles in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.accounts.roles import Role, RoleSpec

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
    name = str(ROLE_NAMES[spec.role])
    return f"{name} ({spec.scope})" if spec.scope else name
