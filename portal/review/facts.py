"""The facts the pure assignment rules of :mod:`portal.review.assignment` need, read from the
database: the expert pool and what a proposal needs.

* An expert's **affiliations** are their recorded :class:`ExpertAffiliation` rows and the
  organisations where they hold ``org_member`` or ``org_admin``.
* A proposal's **cluster organisations** are every organisation of every cluster a partner
  belongs to (as a member or as its management organisation), with those clusters' management
  organisations.
* An expert's **open workload** is their ``invited`` and ``accepted`` assignments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, or_, select

from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.registry.models import Cluster, ClusterMember
from portal.review.assignment import AssignmentNeed, ExpertFacts
from portal.review.models import (
    ACTIVE_ASSIGNMENT,
    OPEN_ASSIGNMENT,
    Assignment,
    ExpertAffiliation,
    ExpertProfile,
)


def _affiliations(user_ids: Iterable[int]) -> dict[int, set[int]]:
    user_ids = list(user_ids)
    found: dict[int, set[int]] = defaultdict(set)
    if not user_ids:
        return found
    for user_id, organisation_id in db.session.execute(
            select(ExpertAffiliation.user_id, ExpertAffiliation.organisation_id)
            .where(ExpertAffiliation.user_id.in_(user_ids))):
        found[user_id].add(organisation_id)
    for user_id, scope in db.session.execute(
            select(RoleAssignment.user_id, RoleAssignment.scope)
            .where(RoleAssignment.user_id.in_(user_ids),
                   RoleAssignment.role.in_((Role.ORG_MEMBER.value, Role.ORG_ADMIN.value)))):
        if scope and scope.isdigit():
            found[user_id].add(int(scope))
    return found


def _workloads(user_ids: Iterable[int]) -> dict[int, int]:
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    return dict(db.session.execute(
        select(Assignment.expert_id, func.count())
        .where(Assignment.expert_id.in_(user_ids), Assignment.status.in_(OPEN_ASSIGNMENT))
        .group_by(Assignment.expert_id)).all())


def facts_for(profiles: Iterable[ExpertProfile]) -> list[ExpertFacts]:
    profiles = list(profiles)
    ids = [profile.user_id for profile in profiles]
    affiliations = _affiliations(ids)
    workloads = _workloads(ids)
    return [ExpertFacts(id=profile.user_id, state=profile.state_code,
                        fields=frozenset(field.key for field in profile.technology_fields),
                        affiliations=frozenset(affiliations.get(profile.user_id, ())),
                        open_workload=workloads.get(profile.user_id, 0))
            for profile in profiles]


def expert_pool() -> list[ExpertFacts]:
    """Every active expert whose account is active."""
    profiles = db.session.scalars(
        select(ExpertProfile).join(User, User.id == ExpertProfile.user_id)
        .where(ExpertProfile.active, User.is_active_account).order_by(ExpertProfile.user_id))
    return facts_for(profiles)


def cluster_organisations(partner_ids: Iterable[int]) -> frozenset[int]:
    partner_ids = list(partner_ids)
    if not partner_ids:
        return frozenset()
    clusters = select(Cluster.id).where(or_(
        Cluster.id.in_(select(ClusterMember.cluster_id)
                       .where(ClusterMember.organisation_id.in_(partner_ids))),
        Cluster.management_organisation_id.in_(partner_ids)))
    members = db.session.scalars(select(ClusterMember.organisation_id)
                                 .where(ClusterMember.cluster_id.in_(clusters)))
    managers = db.session.scalars(select(Cluster.management_organisation_id)
                                  .where(Cluster.id.in_(clusters)))
    return frozenset(members) | frozenset(managers)


def assignment_need(proposal: Proposal) -> AssignmentNeed:
    """What ``proposal`` needs: the call's number of experts around those still on it; every
    expert ever assigned to it is excluded (nobody is asked twice)."""
    assignments = list(db.session.scalars(
        select(Assignment).where(Assignment.proposal_id == proposal.id)))
    active_ids = [a.expert_id for a in assignments if a.status in ACTIVE_ASSIGNMENT]
    current = facts_for(db.session.scalars(
        select(ExpertProfile).where(ExpertProfile.user_id.in_(active_ids))
        .order_by(ExpertProfile.user_id))) if active_ids else []
    partners = frozenset(partner.organisation_id for partner in proposal.partners)
    return AssignmentNeed(
        proposal_id=proposal.id,
        fields=frozenset(field.key for field in proposal.technology_fields),
        count=proposal.call.experts_per_proposal,
        partner_organisations=partners,
        cluster_organisations=cluster_organisations(partners),
        excluded=frozenset(a.expert_id for a in assignments),
        current=tuple(current),
    )
