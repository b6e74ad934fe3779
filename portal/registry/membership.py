"""Who belongs to a cluster across member states (DESIGN 4.10): members join by invitation,
and one organisation per state taking part manages the cluster's side in that state.

==========  ===========  ===========  =======================================================
from        action       to           who, and what else happens
==========  ===========  ===========  =======================================================
(none)      add          member       the cluster's managers: an organisation of the
                                      cluster's own state joins at once
(none)      add          invited      the cluster's managers: an organisation of another state
                                      is invited; its people are told by e-mail
invited     accept       member       a member of the invited organisation; with ``manages``
                                      they become a ``cluster_manager`` of the cluster
invited     decline      declined     a member of the invited organisation
invited     withdraw     withdrawn    the cluster's managers
member      unmanage     member       the cluster's managers: whoever accepted to manage
                                      loses the ``cluster_manager`` role it gave
member      remove       (none)       the cluster's managers: the same
==========  ===========  ===========  =======================================================

Until it accepts, an invited organisation is no member: only ``ClusterMember`` rows count
(the classification, the member lists, the statistics, conflicts of interest). The cluster's
management organisation is its coordinator and manages the cluster in the cluster's own
state; at most one organisation (member or invited) manages it in each other state. Every step
is audited; the callers check who may act (:mod:`portal.registry.permissions`) and commit.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.accounts import services as accounts
from portal.accounts.links import external_url
from portal.accounts.models import User
from portal.accounts.roles import Role, RoleSpec
from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.registry import services
from portal.registry.models import (
    Cluster,
    ClusterInvitation,
    ClusterMember,
    InvitationStatus,
    Organisation,
)
from portal.registry.queries import get_cluster, get_organisation, owners


def _conflict(message: str, field: str = "organisation_id"):
    return ConflictError(message, {field: [message]})


def open_invitation(cluster_id: int, organisation_id: int) -> ClusterInvitation:
    """The open invitation of the organisation to the cluster; :class:`NotFound` if none."""
    invitation = db.session.scalar(select(ClusterInvitation).where(
        ClusterInvitation.cluster_id == cluster_id,
        ClusterInvitation.organisation_id == organisation_id,
        ClusterInvitation.status == InvitationStatus.INVITED))
    if invitation is None:
        message = _("This organisation has no open invitation to the cluster.")
        raise NotFound(message, {"organisation_id": [message]})
    return invitation


def open_invitations(cluster: Cluster) -> list[ClusterInvitation]:
    """The cluster's open invitations with their organisations, oldest first, in one statement."""
    return list(db.session.scalars(
        select(ClusterInvitation).options(joinedload(ClusterInvitation.organisation))
        .where(ClusterInvitation.cluster_id == cluster.id,
               ClusterInvitation.status == InvitationStatus.INVITED)
        .order_by(ClusterInvitation.invited_at, ClusterInvitation.id)))


def _check_not_joined(cluster: Cluster, organisation: Organisation) -> None:
    if any(member.organisation_id == organisation.id for member in cluster.members):
        raise _conflict(_("This organisation is already a member of the cluster."))
    if db.session.scalar(select(ClusterInvitation.id).where(
            ClusterInvitation.cluster_id == cluster.id,
            ClusterInvitation.organisation_id == organisation.id,
            ClusterInvitation.status == InvitationStatus.INVITED)) is not None:
        raise _conflict(_("This organisation is already invited to the cluster."))


def check_manages(cluster: Cluster, organisation: Organisation) -> None:
    """Whether ``organisation`` may manage the cluster's side in its state: never in the
    coordinator's state, and only where no other member or open invitation does."""
    state = organisation.state_code
    if state == cluster.state_code:
        raise _conflict(_("The cluster's management organisation manages it in its own member "
                          "state; another organisation manages it only in another state."),
                        "manages")
    members = select(ClusterMember.organisation_id).join(Organisation).where(
        ClusterMember.cluster_id == cluster.id, ClusterMember.manages.is_(True),
        Organisation.state_code == state, ClusterMember.organisation_id != organisation.id)
    invited = select(ClusterInvitation.organisation_id).join(Organisation).where(
        ClusterInvitation.cluster_id == cluster.id, ClusterInvitation.manages.is_(True),
        ClusterInvitation.status == InvitationStatus.INVITED, Organisation.state_code == state,
        ClusterInvitation.organisation_id != organisation.id)
    other = db.session.scalar(select(Organisation.name).where(
        Organisation.id.in_(members.union(invited))).limit(1))
    if other is not None:
        raise _conflict(_("%(name)s already manages the cluster in this member state: one "
                          "organisation per state manages it.", name=other), "manages")


def add_or_invite(cluster_id: int, organisation_id: int, helix_role: str, actor, *,
                  manages: bool = False) -> ClusterMember | ClusterInvitation:
    """An organisation of the cluster's own state becomes a member at once; one of another
    state is invited, and its people hear of it. A member, or an organisation already
    invited, is a :class:`ConflictError`; so is a second organisation managing one state."""
    cluster = get_cluster(cluster_id)
    organisation = get_organisation(organisation_id)
    services.check_helix_role(helix_role)
    _check_not_joined(cluster, organisation)
    if manages:
        check_manages(cluster, organisation)
    if organisation.state_code == cluster.state_code:
        return services.add_cluster_member(cluster.id, organisation.id, helix_role, actor)
    return _invite(cluster, organisation, helix_role, manages, actor)


def _invite(cluster: Cluster, organisation: Organisation, helix_role: str, manages: bool,
            actor) -> ClusterInvitation:
    invitation = ClusterInvitation(cluster_id=cluster.id, organisation_id=organisation.id,
                                   helix_role=helix_role, manages=manages,
                                   invited_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(invitation)
    except IntegrityError:
        raise _conflict(_("This organisation is already invited to the cluster.")) from None
    audit.record("cluster.invite", actor, f"cluster:{cluster.id}",
                 organisation=f"organisation:{organisation.id}", helix_role=helix_role,
                 manages=manages)
    link = external_url("clusters.invitation", cluster_id=cluster.id,
                        organisation_id=organisation.id)
    for user in owners(organisation):
        mail_user(user, "cluster_invitation", cluster=cluster, organisation=organisation,
                  invitation=invitation, link=link)
    return invitation


def _answer(invitation: ClusterInvitation, status: InvitationStatus, actor) -> None:
    invitation.status = status
    invitation.answered_by_id = getattr(actor, "id", None)
    invitation.answered_at = utcnow()
    db.session.flush()
    audit.record(f"cluster.invitation_{status}", actor, f"cluster:{invitation.cluster_id}",
                 organisation=f"organisation:{invitation.organisation_id}")


def accept_invitation(cluster_id: int, organisation_id: int, actor) -> ClusterMember:
    """A member of the invited organisation accepts: it becomes a member with the invited
    helix role, the cluster's classification is refreshed, and, when the organisation is to
    manage the cluster in its state, ``actor`` becomes a ``cluster_manager`` of the cluster."""
    invitation = open_invitation(cluster_id, organisation_id)
    cluster = get_cluster(cluster_id)
    if invitation.manages:
        check_manages(cluster, invitation.organisation)
    _answer(invitation, InvitationStatus.ACCEPTED, actor)
    person = actor if isinstance(actor, User) else None
    member = services.add_cluster_member(cluster.id, organisation_id, invitation.helix_role,
                                         actor, manages=invitation.manages, accepted_by=person)
    if invitation.manages and person is not None:
        accounts.grant_role(actor, RoleSpec(Role.CLUSTER_MANAGER, str(cluster.id)), actor)
    return member


def decline_invitation(cluster_id: int, organisation_id: int, actor) -> ClusterInvitation:
    """A member of the invited organisation declines; the cluster may invite it again."""
    invitation = open_invitation(cluster_id, organisation_id)
    _answer(invitation, InvitationStatus.DECLINED, actor)
    return invitation


def withdraw_invitation(cluster_id: int, organisation_id: int, actor) -> ClusterInvitation:
    """The cluster's managers take back an invitation not answered yet."""
    invitation = open_invitation(cluster_id, organisation_id)
    _answer(invitation, InvitationStatus.WITHDRAWN, actor)
    return invitation


def set_manages(cluster_id: int, organisation_id: int, manages: bool, actor) -> ClusterMember:
    """Make a member manage the cluster in its state, or no longer; the same value again
    writes nothing. The coordinator's state and a state already managed are conflicts."""
    cluster = get_cluster(cluster_id)
    member = services.membership_of(cluster, organisation_id)
    if member.manages == manages:
        return member
    if manages:
        check_manages(cluster, member.organisation)
    else:
        services.release_management(member, actor)
    member.manages = manages
    db.session.flush()
    audit.record("cluster.member_manages", actor, f"cluster:{cluster.id}",
                 organisation=f"organisation:{organisation_id}", manages=manages)
    return member
