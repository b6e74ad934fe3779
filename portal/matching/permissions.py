"""Who may see partner suggestions.

An organisation's: whoever may view the organisation. A published profile is visible to every
signed-in user; an unpublished one to its members, the contact point of its state, the
secretariat and administrators. (The registry's own view predicate can replace
:func:`can_view_organisation` once it exists.)

An ad's: its owner (the members of the organisation that posted it) and the staff (secretariat,
administrators) only. The ad's own organisation is never among its suggestions, so anyone else
who compared them with the suggestions of an ad of the same text would find an anonymous ad's
owner: the one organisation missing.
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role
from portal.partnering.models import Ad
from portal.partnering.permissions import owns_ad
from portal.proposals.permissions import is_applicant
from portal.proposals.workflow import EDITABLE
from portal.registry.models import Organisation, ProfileStatus


def can_view_organisation(user, organisation: Organisation | None) -> bool:
    if organisation is None or user is None or not user.is_authenticated:
        return False
    if organisation.status == ProfileStatus.PUBLISHED:
        return True
    return (user.has_role(Role.ADMIN) or user.has_role(Role.SECRETARIAT)
            or user.has_role(Role.CONTACT_POINT, organisation.state_code)
            or user.has_role(Role.ORG_ADMIN, organisation.id)
            or user.has_role(Role.ORG_MEMBER, organisation.id))


can_view_matches = can_view_organisation


def can_see_ad_matches(user, ad: Ad | None) -> bool:
    """An ad's suggested partners: for the ad's owner and the staff (see the module's docstring)."""
    if ad is None or user is None or not user.is_authenticated:
        return False
    return owns_ad(user, ad) or has_any_role(user, Role.SECRETARIAT, Role.ADMIN)


def may_subscribe_to_digest(user, organisation: Organisation | None) -> bool:
    """A digest of an organisation's partner suggestions is for the people who work there."""
    if organisation is None or user is None or not user.is_authenticated:
        return False
    return (user.has_role(Role.ORG_ADMIN, organisation.id)
            or user.has_role(Role.ORG_MEMBER, organisation.id))


def reads_consortium_matches(user, proposal) -> bool:
    """The people for whom a consortium's partner suggestions are: its applicants and the
    secretariat (whatever the proposal's status)."""
    if proposal is None or user is None or not user.is_authenticated:
        return False
    return user.has_role(Role.SECRETARIAT) or is_applicant(user, proposal)


def may_see_consortium_matches(user, proposal) -> bool:
    """Partner suggestions for a consortium are shown to its readers while the proposal is
    editable (a partner can no longer be added once it is submitted)."""
    return (proposal is not None and proposal.status in EDITABLE
            and reads_consortium_matches(user, proposal))
