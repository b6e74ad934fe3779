"""Who may see partner suggestions.

An organisation's: whoever may view the organisation. A published profile is visible to every
signed-in user; an unpublished one to its members, the contact point of its state, the
secretariat and administrators. (The registry's own view predicate can replace
:func:`can_view_organisation` once it exists.)

A cluster's: whoever may view the cluster, and the people of its accepted members; an
invited organisation's people know of the cluster, and are refused (403) rather than told it does
not exist (404).

An ad's are decided by :func:`portal.partnering.permissions.can_see_ad_matches`, a draft
consortium's by :mod:`portal.proposals.permissions`.
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role
from portal.registry.models import Cluster, Organisation, ProfileStatus
from portal.registry.permissions import can_view


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


def may_rank_exhaustively(user) -> bool:
    """The exhaustive ranking (every organisation scored, to measure what the index's
    approximation loses) is costly: the secretariat and administrators only."""
    return has_any_role(user, Role.SECRETARIAT, Role.ADMIN)


def works_at(user, organisation: Organisation | None) -> bool:
    """A member (or administrator) of the organisation: its suggestions speak to them as "you"."""
    if organisation is None or user is None or not user.is_authenticated:
        return False
    return (user.has_role(Role.ORG_ADMIN, organisation.id)
            or user.has_role(Role.ORG_MEMBER, organisation.id))


def may_subscribe_to_digest(user, organisation: Organisation | None) -> bool:
    """A digest of an organisation's partner suggestions is for the people who work there."""
    return works_at(user, organisation)


def can_view_cluster_matches(user, cluster: Cluster | None) -> bool:
    """A cluster's suggestions: whoever may view the cluster (everyone signed in once it is
    published; otherwise its managers, the contact point of its state, the secretariat and
    administrators) and the people of its accepted members."""
    if cluster is None or user is None or not user.is_authenticated:
        return False
    return can_view(user, cluster) or any(works_at(user, m.organisation) for m in cluster.members)


def works_at_one_of(user, organisation_ids) -> bool:
    """A member (or administrator) of one of the organisations: for an invited organisation's
    people, who know of the cluster but may not see its suggestions before they accept."""
    return user is not None and user.is_authenticated and any(
        user.has_role(role, organisation_id) for organisation_id in organisation_ids
        for role in (Role.ORG_ADMIN, Role.ORG_MEMBER))
