"""Who may read the outbox."""

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role


def can_read_outbox(user) -> bool:
    return has_any_role(user, Role.ADMIN)
