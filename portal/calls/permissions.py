"""Who may manage calls: the secretariat opens them (DESIGN 2, 4.2); everyone reads them."""

from __future__ import annotations

from portal.accounts.roles import Role


def may_manage_calls(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.SECRETARIAT))
