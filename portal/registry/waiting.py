"""The registry's part of what waits for a user (:mod:`portal.core.waiting`): the profiles a
contact point (of their states) or the secretariat (of every state) has to moderate, and the
clusters' open invitations to the organisations a user is a member of."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.waiting import MAX_PER_PROVIDER, TaskKind, WaitingTask
from portal.extensions import db
from portal.registry.models import (
    Cluster,
    ClusterInvitation,
    InvitationStatus,
    Organisation,
    ProfileStatus,
)
from portal.registry.permissions import may_answer_invitations, may_moderate


def _pending(model, user):
    query = select(model.id, model.name).where(model.status == ProfileStatus.PENDING)
    if not user.has_role(Role.SECRETARIAT):
        query = query.where(model.state_code.in_(sorted(user.scopes(Role.CONTACT_POINT))))
    return db.session.execute(query.order_by(model.created_at, model.id).limit(MAX_PER_PROVIDER))


def profiles_to_moderate(user, now: datetime) -> list[WaitingTask]:
    """Two statements: the pending organisations and the pending clusters the user moderates."""
    if not may_moderate(user):
        return []
    tasks = [WaitingTask(TaskKind.MODERATE_PROFILE,
                         _("Moderate the profile of %(name)s", name=name), "organisation",
                         organisation_id, "registry.organisation",
                         values={"organisation_id": organisation_id})
             for organisation_id, name in _pending(Organisation, user)]
    tasks += [WaitingTask(TaskKind.MODERATE_PROFILE,
                          _("Moderate the profile of the cluster %(name)s", name=name), "cluster",
                          cluster_id, "registry.cluster", values={"cluster_id": cluster_id})
              for cluster_id, name in _pending(Cluster, user)]
    return tasks


def invitations_to_answer(user, now: datetime) -> list[WaitingTask]:
    """One statement: the open invitations of clusters to the user's organisations."""
    if not may_answer_invitations(user):
        return []
    scopes = sorted({int(scope) for role in (Role.ORG_ADMIN, Role.ORG_MEMBER)
                     for scope in user.scopes(role) if str(scope).isdigit()})
    rows = db.session.execute(
        select(ClusterInvitation.id, ClusterInvitation.cluster_id,
               ClusterInvitation.organisation_id, Cluster.name, Organisation.name)
        .join(Cluster, Cluster.id == ClusterInvitation.cluster_id)
        .join(Organisation, Organisation.id == ClusterInvitation.organisation_id)
        .where(ClusterInvitation.status == InvitationStatus.INVITED,
               ClusterInvitation.organisation_id.in_(scopes))
        .order_by(ClusterInvitation.invited_at, ClusterInvitation.id).limit(MAX_PER_PROVIDER))
    return [WaitingTask(TaskKind.CLUSTER_INVITATION,
                        _("Answer the invitation of %(organisation)s to the cluster %(cluster)s",
                          organisation=organisation, cluster=cluster),
                        "cluster_invitation", invitation_id, "clusters.invitation",
                        values={"cluster_id": cluster_id, "organisation_id": organisation_id})
            for invitation_id, cluster_id, organisation_id, cluster, organisation in rows]
