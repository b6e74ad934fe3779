"""What is waiting for a user, by role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.accounts.roles import Role
from portal.extensions import db
from portal.notifications.models import MessageStatus, OutboxMessage
from portal.partnering.queries import pending_interest_count
from portal.registry.models import Cluster, ClusterMember, Organisation, ProfileStatus
from portal.registry.queries import organisations_of


@dataclass(frozen=True)
class Waiting:
    role: Role
    scope: str | None
    count: int
    #: Translated by the template: one message per kind of item.
    kind: str


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def waiting_for(user) -> list[Waiting]:
    items: list[Waiting] = []
    if user.has_role(Role.SECRETARIAT):
        pending = select(Organisation.id).where(Organisation.status == ProfileStatus.PENDING)
        items.append(Waiting(Role.SECRETARIAT, None, _count(pending), "pending_profiles"))
    for state in sorted(user.scopes(Role.CONTACT_POINT)):
        pending = select(Organisation.id).where(Organisation.status == ProfileStatus.PENDING,
                                                Organisation.state_code == state)
        items.append(Waiting(Role.CONTACT_POINT, state, _count(pending), "pending_profiles"))
    if user.has_role(Role.ADMIN):
        failed = select(OutboxMessage.id).where(OutboxMessage.status == MessageStatus.FAILED)
        items.append(Waiting(Role.ADMIN, None, _count(failed), "failed_mail"))
    for organisation in my_organisations(user):
        pending = pending_interest_count(organisation.id)
        if pending:
            role = Role.ORG_ADMIN if user.has_role(Role.ORG_ADMIN, organisation.id) else Role.ORG_MEMBER
            items.append(Waiting(role, organisation.name, pending, "pending_interests"))
    return items


def my_organisations(user) -> list[Organisation]:
    return organisations_of(user)


def my_clusters(user) -> list[Cluster]:
    ids = {int(s) for s in user.scopes(Role.CLUSTER_MANAGER)}
    if not ids:
        return []
    return list(db.session.scalars(select(Cluster).where(Cluster.id.in_(ids)).order_by(Cluster.name)))


def cluster_member_count(cluster: Cluster) -> int:
    return _count(select(ClusterMember.id).where(ClusterMember.cluster_id == cluster.id))
