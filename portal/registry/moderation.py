"""Moderation of profiles (DESIGN 4.7): the contact point of a profile's state, or the
secretariat, publishes a profile or returns it to its owners with a reason.

========  ==========  ==========  =========================================================
from      action      to          what else happens
========  ==========  ==========  =========================================================
pending   publish     published   owners told by e-mail; the return reason is cleared
returned  publish     published   likewise (the moderator changed their mind)
pending   return      returned    owners told by e-mail with the reason
published return      returned    likewise: the profile leaves the public pages
returned  edit        pending     (see :mod:`portal.registry.services`)
published edit of     pending     the profile leaves the public pages, the search and the
          its         (identity)  matching, and waits in the moderation queue of its (new)
          identity                state's contact point, as a new profile does
========  ==========  ==========  =========================================================

A profile's identity is what its readers know it by and what its moderator vouched for: its
name, member state and region, and an organisation's kind (:data:`IDENTITY`). Other edits of a
published profile (its description, offers, needs…) keep it published: its members keep it
current, and every edit is in the audit log.

Publishing a published profile changes nothing and tells no one; returning a returned one is
a conflict. The owners are the organisation's ``org_admin`` and ``org_member`` users, or the
cluster's ``cluster_manager`` users; each is written to in their own language. The caller
checks who may moderate (:func:`portal.registry.permissions.can_moderate`).
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.accounts.links import external_url
from portal.core import audit, limits
from portal.core.errors import ConflictError, ValidationError
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.registry.models import Cluster, Organisation, ProfileStatus
from portal.registry.queries import get_cluster, get_organisation, owners


def _object(profile: Organisation | Cluster) -> str:
    return f"{'cluster' if isinstance(profile, Cluster) else 'organisation'}:{profile.id}"


#: The attributes of a published profile whose change sends it back to moderation.
IDENTITY: dict[type, frozenset[str]] = {
    Organisation: frozenset({"name", "kind", "state_code", "region_code"}),
    Cluster: frozenset({"name", "state_code", "region_code"}),
}


def after_edit(profile: Organisation | Cluster, changed: set[str], actor) -> None:
    """The status of a profile after an edit of the attributes ``changed``: a returned profile
    goes back to ``pending`` for another look, and so does a published one whose identity
    changed, for the contact point of its (new) state (audited as ``….remoderate``)."""
    if profile.status == ProfileStatus.RETURNED:
        profile.status = ProfileStatus.PENDING
    elif profile.status == ProfileStatus.PUBLISHED and changed & IDENTITY[type(profile)]:
        profile.status = ProfileStatus.PENDING
        audit.record(f"{_object(profile).partition(':')[0]}.remoderate", actor, _object(profile),
                     fields=sorted(changed & IDENTITY[type(profile)]))


def _link(profile: Organisation | Cluster) -> str:
    if isinstance(profile, Cluster):
        return external_url("registry.cluster", cluster_id=profile.id)
    return external_url("registry.organisation", organisation_id=profile.id)


def _tell_owners(profile: Organisation | Cluster, template: str, **context) -> None:
    link = _link(profile)
    for user in owners(profile):
        mail_user(user, template, profile=profile, link=link, **context)


def _publish(profile: Organisation | Cluster, actor):
    if profile.status == ProfileStatus.PUBLISHED:
        return profile
    profile.status = ProfileStatus.PUBLISHED
    profile.return_reason = None
    db.session.flush()
    audit.record(f"{_object(profile).partition(':')[0]}.publish", actor, _object(profile))
    _tell_owners(profile, "profile_published")
    return profile


def _return(profile: Organisation | Cluster, reason: str, actor):
    reason = (reason or "").strip()
    if not reason:
        message = _("Say why the profile is returned: its owners will read it.")
        raise ValidationError(message, {"reason": [message]})
    too_long = limits.text_problem(reason, limits.DESCRIPTION_MAX)
    if too_long:
        raise ValidationError(too_long, {"reason": [too_long]})
    if profile.status == ProfileStatus.RETURNED:
        message = _("This profile has already been returned to its owners.")
        raise ConflictError(message, {"status": [message]})
    profile.status = ProfileStatus.RETURNED
    profile.return_reason = reason
    db.session.flush()
    audit.record(f"{_object(profile).partition(':')[0]}.return", actor, _object(profile),
                 reason=reason)
    _tell_owners(profile, "profile_returned", reason=reason)
    return profile


def publish_organisation(organisation_id: int, actor) -> Organisation:
    """Make an organisation's profile public and tell its owners."""
    return _publish(get_organisation(organisation_id), actor)


def return_organisation(organisation_id: int, reason: str, actor) -> Organisation:
    """Return an organisation's profile to its owners with a reason (required)."""
    return _return(get_organisation(organisation_id), reason, actor)


def publish_cluster(cluster_id: int, actor) -> Cluster:
    """Make a cluster's profile public and tell its managers."""
    return _publish(get_cluster(cluster_id), actor)


def return_cluster(cluster_id: int, reason: str, actor) -> Cluster:
    """Return a cluster's profile to its managers with a reason (required)."""
    return _return(get_cluster(cluster_id), reason, actor)
