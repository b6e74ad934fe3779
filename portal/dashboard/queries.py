"""What is waiting for a user, by role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.accounts.roles import Role
from portal.core.waiting import WaitingTask, tasks_for
from portal.extensions import db
from portal.notifications.models import MessageStatus, OutboxMessage
from portal.projects.permissions import sees_projects_at_risk
from portal.projects.queries import ProjectView
from portal.projects.queries import projects_at_risk as at_risk
from portal.registry.models import Cluster, ClusterMember, Organisation
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
    """What waits for the user beyond their tasks (:func:`portal.core.waiting.tasks_for`):
    the administrator's undelivered e-mail."""
    items: list[Waiting] = []
    if user.has_role(Role.ADMIN):
        failed = select(OutboxMessage.id).where(OutboxMessage.status == MessageStatus.FAILED)
        items.append(Waiting(Role.ADMIN, None, _count(failed), "failed_mail"))
    return items


#: The most tasks the dashboard lists, soonest due first; the API pages through them all.
DASHBOARD_TASKS = 50


def tasks_of(user, now) -> tuple[list[WaitingTask], int]:
    """The tasks the dashboard lists, and how many there are in all."""
    tasks = tasks_for(user, now)
    return tasks[:DASHBOARD_TASKS], len(tasks)


#: The most projects at risk the secretariat's and the council's dashboards list; the list of
#: projects filtered ``at_risk=1`` has them all.
DASHBOARD_AT_RISK = 20


def projects_at_risk(user, now) -> tuple[list[ProjectView], int] | None:
    """The projects at risk the user's dashboard lists, with how many there are in all; ``None``
    for a user whose dashboard has no such list."""
    if not sees_projects_at_risk(user):
        return None
    return at_risk(now, DASHBOARD_AT_RISK)


def my_organisations(user) -> list[Organisation]:
    return organisations_of(user)


def my_clusters(user) -> list[Cluster]:
    ids = {int(s) for s in user.scopes(Role.CLUSTER_MANAGER)}
    if not ids:
        return []
    return list(db.session.scalars(select(Cluster).where(Cluster.id.in_(ids)).order_by(Cluster.name)))


def cluster_member_count(cluster: Cluster) -> int:
    return _count(select(ClusterMember.id).where(ClusterMember.cluster_id == cluster.id))
