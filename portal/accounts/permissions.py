"""Who may make an API token, and who may replace their recovery codes."""

from __future__ import annotations

from portal.accounts.two_factor import requires_two_factor
from portal.core.permissions import signed_in


def can_create_token(user, passed_second_factor: bool) -> bool:
    """A token goes around the second factor, so a holder of a role that needs one makes a token
    only in a sign-in that passed it (``passed_second_factor``)."""
    return signed_in(user) and (passed_second_factor or not requires_two_factor(user))


def can_replace_recovery_codes(user, passed_second_factor: bool) -> bool:
    return signed_in(user) and user.has_two_factor and passed_second_factor
