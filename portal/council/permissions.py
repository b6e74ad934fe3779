"""Who may see and act on vote sessions, ballots and decisions (DESIGN 4.6).

=============================  ==============================================================
action                         who
=============================  ==============================================================
create a session, close it     secretariat
see sessions and agendas       secretariat, council members and alternates of every state
see who has voted (not how)    secretariat, before the close
see a state's ballot           before the close: that state's council members and alternates;
                               after the close: every reader of the session
vote for a seat                its titular; after the titular's recusal, an alternate of its state
ask for reconsideration        a council member or alternate of any state, in the window
read decisions                 everyone (the public register)
=============================  ==============================================================
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.core.permissions import signed_in


def is_secretariat(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARIAT)


def council_states(user) -> set[str]:
    """The states ``user`` sits for, as titular member or alternate."""
    if not signed_in(user):
        return set()
    return user.scopes(Role.COUNCIL_MEMBER) | user.scopes(Role.COUNCIL_ALTERNATE)


def is_council(user) -> bool:
    return bool(council_states(user))


def can_view_sessions(user) -> bool:
    return is_secretariat(user) or is_council(user)


def can_manage_sessions(user) -> bool:
    return is_secretariat(user)


def can_see_ballots_of(user, state_code: str, session_closed: bool) -> bool:
    if session_closed:
        return can_view_sessions(user)
    return state_code in council_states(user)


def can_see_who_voted(user) -> bool:
    return is_secretariat(user)


def can_request_reconsideration(user) -> bool:
    return is_council(user)
