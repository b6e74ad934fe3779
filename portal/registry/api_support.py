"""What the registry's API handlers share: the checks of a JSON body by field type, and the
order of refusals (403 for a caller without any role that could allow the action, before
anything is loaded; 404 for a profile the caller may not see; 403 for one it sees but may not
act on)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.api import api_user, json_body, require
from portal.core.validation import Problems, add_problem, raise_if
from portal.registry import permissions as can
from portal.registry import serialise
from portal.registry.membership import open_invitations
from portal.registry.models import Cluster, Organisation


def is_text(value) -> bool:
    return isinstance(value, str)


def is_texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _or_null(test: Callable) -> Callable:
    return lambda value: value is None or test(value)


TEXT = (is_text, _l("Give a text."))
OPTIONAL_TEXT = (_or_null(is_text), _l("Give a text or null."))
TEXTS = (is_texts, _l("Give a list of texts."))
WHOLE = (is_whole, _l("Give a whole number."))
OPTIONAL_WHOLE = (_or_null(is_whole), _l("Give a whole number or null."))
FLAG = (lambda value: isinstance(value, bool), _l("Give true or false."))

ORGANISATION_TYPES = {
    "name": TEXT, "kind": TEXT, "state": TEXT, "region": TEXT, "language": TEXT,
    "languages": TEXTS, "description": TEXT, "offers": TEXTS, "needs": TEXTS,
    "nace_codes": TEXTS, "technology_fields": TEXTS, "website": OPTIONAL_TEXT,
    "size": OPTIONAL_TEXT, "external_ref": OPTIONAL_TEXT,
}
ORGANISATION_REQUIRED = ("name", "kind", "state", "region", "language")
CLUSTER_TYPES = {
    "name": TEXT, "state": TEXT, "region": TEXT, "language": TEXT, "description": TEXT,
    "technology_fields": TEXTS, "management_organisation_id": WHOLE,
    "specialisation": OPTIONAL_TEXT, "founded_year": OPTIONAL_WHOLE,
    "member_count_declared": OPTIONAL_WHOLE, "jobs": OPTIONAL_WHOLE, "budget": OPTIONAL_WHOLE,
    "budget_currency": OPTIONAL_TEXT, "management_team_size": OPTIONAL_WHOLE,
    "quality_label": OPTIONAL_TEXT, "quality_label_issuer": OPTIONAL_TEXT,
    "quality_label_expires_on": OPTIONAL_TEXT,
}
MEMBER_TYPES = {"organisation_id": WHOLE, "helix_role": TEXT, "manages": FLAG}
CLUSTER_REQUIRED = ("name", "state", "region", "management_organisation_id")

#: The 403s: who may act, whether the caller has no such role or acts for another profile.
ORGANISATION_EDITORS = _l("Only members of the organisation and the secretariat may change its profile.")
MODERATORS = _l("Only the contact point of the profile's state and the secretariat moderate it.")
CLUSTER_FOUNDERS = _l("Only members of the management organisation and the secretariat may "
                      "create its cluster.")
CLUSTER_MANAGERS = _l("Only the cluster's managers and the secretariat may change it.")
INVITEES = _l("Only members of the invited organisation may answer the cluster's invitation.")


def checked(data: dict, types: dict, required: tuple[str, ...] = ()) -> dict:
    """``data`` when every field is known and of its type and none required is missing; a
    validation error naming every field that is not, otherwise."""
    problems: Problems = {}
    for name in required:
        if data.get(name) is None:
            add_problem(problems, name, _("This field is required."))
    for name, value in data.items():
        if name not in types:
            add_problem(problems, name, _("Unknown field."))
        elif name not in problems and not types[name][0](value):
            add_problem(problems, name, str(types[name][1]))
    raise_if(problems)
    return data


def version_of(data: dict) -> int:
    version = data.pop("version", None)
    if not is_whole(version):
        raise_if({"version": [_("Give the version of the profile you changed.")]})
    return version


def visible(profile: Organisation | Cluster):
    if not can.can_view(api_user(), profile):
        abort(404)
    return profile


def cluster_json(cluster: Cluster) -> dict:
    """The cluster as the caller may see it: the members whose profiles they may see, and the
    open invitations for the cluster's managers and the secretariat only."""
    user = api_user()
    members = [m for m in cluster.members if can.can_view(user, m.organisation)]
    found = serialise.cluster(cluster, members)
    if can.can_manage_cluster(user, cluster):
        found["invitations"] = [serialise.cluster_invitation(invitation)
                                for invitation in open_invitations(cluster)]
    return found


def moderated(load: Callable, profile_id: int):
    """The profile to publish or return: 403 for a caller who moderates nothing, 404 for one
    who may not see it, 403 for one who sees it but moderates another state."""
    require(can.may_moderate, MODERATORS)
    profile = visible(load(profile_id))
    require(can.can_moderate, MODERATORS, profile)
    return profile


def reason() -> str:
    data = checked(json_body(), {"reason": TEXT}, ("reason",))
    return data["reason"]


