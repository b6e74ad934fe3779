"""Who may see, edit and moderate organisation and cluster profiles.

==========================  =============================================================
predicate                   true for
==========================  =============================================================
can_view(user, profile)     anyone when published; otherwise the profile's own people
                            (org_admin/org_member, or cluster_manager), moderators of its
                            state, the secretariat and the administrator
can_edit_organisation       its org_admin and org_member, the secretariat
can_moderate                the contact point of the profile's state, the secretariat
can_moderate_now            they, while the profile is pending (the moderation forms)
can_create_organisation     every signed-in user; the creator becomes org_admin and
                            org_member of the new organisation (as on self-registration), so
                            that whoever registers an organisation can edit it and invite
                            colleagues, and hears of its moderation
can_manage_cluster          its cluster_manager, the secretariat: the profile and the
                            members (adding, changing a helix role, removing)
can_answer_invitation       a member (org_admin, org_member) of the invited organisation:
                            accepting or declining a cluster's invitation
can_import_organisations    the secretariat and the administrator
can_create_cluster          a member of the management organisation, the secretariat; the
                            creator becomes cluster_manager of the new cluster
==========================  =============================================================

The ``may_…`` predicates take only the user: they say whether the user holds any role that
could allow the action, so that a handler refuses a user without one (403) before it loads the
object, and a page link is shown only to those who may use it.
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.core.permissions import has_any_role, signed_in
from portal.registry.models import Cluster, Organisation, ProfileStatus

_ORGANISATION_ROLES = (Role.ORG_ADMIN, Role.ORG_MEMBER)


def _secretariat(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARIAT)


def is_organisation_member(user, organisation: Organisation) -> bool:
    return signed_in(user) and any(user.has_role(role, organisation.id)
                                    for role in _ORGANISATION_ROLES)


def is_cluster_manager(user, cluster: Cluster) -> bool:
    return signed_in(user) and user.has_role(Role.CLUSTER_MANAGER, cluster.id)


def _is_own(user, profile: Organisation | Cluster) -> bool:
    if isinstance(profile, Cluster):
        return is_cluster_manager(user, profile)
    return is_organisation_member(user, profile)


def can_view(user, profile: Organisation | Cluster) -> bool:
    if profile.status == ProfileStatus.PUBLISHED:
        return True
    if not signed_in(user):
        return False
    return (_is_own(user, profile) or can_moderate(user, profile)
            or user.has_role(Role.ADMIN))


def can_edit_organisation(user, organisation: Organisation) -> bool:
    return is_organisation_member(user, organisation) or _secretariat(user)


def may_edit_organisations(user) -> bool:
    return _secretariat(user) or (signed_in(user) and any(
        user.scopes(role) for role in _ORGANISATION_ROLES))


def can_moderate(user, profile: Organisation | Cluster) -> bool:
    return _secretariat(user) or (
        signed_in(user) and user.has_role(Role.CONTACT_POINT, profile.state_code))


def can_moderate_now(user, profile: Organisation | Cluster) -> bool:
    """The moderation forms: a moderator of the profile, while it waits for moderation."""
    return profile.status == ProfileStatus.PENDING and can_moderate(user, profile)


def may_moderate(user) -> bool:
    return _secretariat(user) or (signed_in(user) and bool(user.scopes(Role.CONTACT_POINT)))


def can_create_organisation(user) -> bool:
    return signed_in(user)


def can_manage_cluster(user, cluster: Cluster) -> bool:
    return is_cluster_manager(user, cluster) or _secretariat(user)


def may_manage_clusters(user) -> bool:
    return _secretariat(user) or (signed_in(user) and bool(user.scopes(Role.CLUSTER_MANAGER)))


def can_answer_invitation(user, organisation: Organisation) -> bool:
    """Accept or decline a cluster's invitation to ``organisation``: its own people only."""
    return is_organisation_member(user, organisation)


def may_answer_invitations(user) -> bool:
    return signed_in(user) and any(user.scopes(role) for role in _ORGANISATION_ROLES)


def can_create_cluster(user, management_organisation: Organisation) -> bool:
    return is_organisation_member(user, management_organisation) or _secretariat(user)


def may_create_clusters(user) -> bool:
    return may_edit_organisations(user)


def can_import_organisations(user) -> bool:
    """Imports of organisation files are the secretariat's (and the administrator's)."""
    return has_any_role(user, Role.SECRETARIAT, Role.ADMIN)
