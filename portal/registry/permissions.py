"""Who may do what in the registry."""

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role


def can_import_organisations(user) -> bool:
    """Imports of organisation files are the secretariat's (and the administrator's)."""
    return has_any_role(user, Role.SECRETARIAT, Role.ADMIN)
