"""Who may do what with exchange rates: every signed-in user reads them (a budget is converted
with them); the secretariat enters and imports them."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role, signed_in


def may_read_rates(user) -> bool:
    return signed_in(user)


def may_manage_rates(user) -> bool:
    return has_any_role(user, Role.SECRETARIAT)
