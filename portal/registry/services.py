"""Registry services: organisations, clusters and their members.

Each service checks its rule, changes state, writes the audit entry and flushes; the caller
(a view, an API handler, a command, the demo loader) commits once and decides beforehand who may
act (see :mod:`portal.registry.permissions`). Profiles are created ``pending``; moderation
(publishing and returning, with the owners' e-mails) is in :mod:`portal.registry.moderation`.
Profiles that can be edited concurrently carry ``version``: an edit names the version it was
made on, and a stale one is a :class:`ConflictError`, never a silent overwrite (DESIGN 4.9).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts import services as accounts
from portal.accounts.models import User
from portal.accounts.roles import Role, RoleSpec
from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, ValidationError
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.registry import validation as check
from portal.registry.classification import refresh_classification, refresh_clusters_of
from portal.registry.models import (
    HELIX_OF_KIND,
    Cluster,
    ClusterMember,
    HelixRole,
    Organisation,
    ProfileStatus,
)
from portal.registry.moderation import (
    after_edit,
    publish_cluster,  # noqa: F401  (callers)
    publish_organisation,  # noqa: F401  (callers)
)
from portal.registry.queries import get_cluster, get_organisation


def _check_identity(name: str, kind: str, state: str, region: str, language: str,
                    problems: Problems) -> str | None:
    """What every organisation needs: a name, a kind, a region of its member state, a language."""
    check.check_name(name, problems)
    check.check_kind(kind, problems)
    check.check_language(language, problems)
    return check.check_place(state, region, problems)


def check_organisation_fields(name: str, kind: str, state: str, region: str, language: str) -> None:
    """Validate a new organisation's identity before anything is written; every problem at once."""
    problems: Problems = {}
    _check_identity(name, kind, state, region, language, problems)
    raise_if(problems)


def create_organisation(*, name: str, kind: str, state: str, region: str, language: str, actor,
                        description: str = "", offers: Iterable[str] = (),
                        needs: Iterable[str] = (), nace_codes: Iterable[str] = (),
                        technology_fields: Iterable[str] = (), website: str | None = None,
                        languages: Iterable[str] = (), size: str | None = None,
                        external_ref: str | None = None) -> Organisation:
    """Create an organisation profile, ``pending`` until published. Every invalid value is
    reported at once; an ``external_ref`` already taken is a conflict. The organisation works
    in the language of its profile unless ``languages`` says otherwise."""
    problems: Problems = {}
    region_code = _check_identity(name, kind, state, region, language, problems)
    description = check.check_text(description, "description", limits.DESCRIPTION_MAX, problems)
    offers = check.check_statements(offers, "offers", problems)
    needs = check.check_statements(needs, "needs", problems)
    fields = check.technology_fields(technology_fields, problems)
    codes = check.check_nace(nace_codes, problems)
    spoken = check.check_languages(languages, problems) or [language]
    size = check.check_size(size, problems)
    website = check.check_website(website, problems)
    external_ref = check.check_optional_text(external_ref, "external_ref", limits.LABEL_MAX,
                                             problems)
    raise_if(problems)
    if external_ref and organisation_by_ref(external_ref) is not None:
        message = _("An organisation with this reference already exists.")
        raise ConflictError(message, {"external_ref": [message]})
    organisation = Organisation(
        name=name.strip(), kind=kind, state_code=state.upper(), region_code=region_code,
        language=language, description=description, offers=offers, needs=needs, nace_codes=codes,
        website=website, languages=spoken, size=size, external_ref=external_ref,
        status=ProfileStatus.PENDING, technology_fields=fields)
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation.create", actor, f"organisation:{organisation.id}",
                 name=organisation.name, state=organisation.state_code,
                 external_ref=external_ref)
    return organisation


def create_own_organisation(actor, **values) -> Organisation:
    """An organisation created by a signed-in user through the pages or the API: as on
    self-registration, the creator becomes its ``org_admin`` and ``org_member``, so that they
    can edit it, invite colleagues and hear of its moderation."""
    organisation = create_organisation(actor=actor, **values)
    for role in (Role.ORG_ADMIN, Role.ORG_MEMBER):
        accounts.grant_role(actor, RoleSpec(role, str(organisation.id)), actor)
    return organisation


def register_organisation(name: str, kind: str, state: str, region: str, language: str,
                          actor) -> Organisation:
    """An organisation signed up by its first user: ``pending`` until the contact point of its
    state (or the secretariat) publishes it."""
    return create_organisation(name=name, kind=kind, state=state, region=region,
                               language=language, actor=actor)


def organisation_by_ref(external_ref: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.external_ref == external_ref))


#: What an edit of an organisation may change, by the names of the API.
ORGANISATION_FIELDS = ("name", "kind", "state", "region", "language", "languages", "description",
                       "offers", "needs", "nace_codes", "technology_fields", "website", "size")


def _check_version(profile: Organisation | Cluster, expected_version: int) -> None:
    if expected_version != profile.version:
        message = _("Someone else changed this profile after you opened it (you edited version "
                    "%(yours)s; it is now at version %(current)s). Nothing was saved: reload the "
                    "profile and make your changes again.", yours=expected_version,
                    current=profile.version)
        raise ConflictError(message, {"version": [message]})


def _flush_new_version(profile: Organisation | Cluster) -> None:
    """Flush an edit as a new version, even when only a technology field changed (a link row,
    not the profile's own); an edit committed by someone else since the profile was read is a
    conflict, and the caller rolls back."""
    flag_modified(profile, "name")
    try:
        db.session.flush()
    except StaleDataError:
        message = _("Someone else changed this profile at the same time. Nothing was saved: "
                    "reload the profile and make your changes again.")
        raise ConflictError(message, {"version": [message]}) from None


def _organisation_changes(organisation: Organisation, changes: Mapping,
                          problems: Problems) -> dict:
    """The attribute values an edit sets, checked together with what it leaves unchanged."""
    for unknown in sorted(set(changes) - set(ORGANISATION_FIELDS)):
        add_problem(problems, unknown, _("This field cannot be changed."))
    merged = {"name": organisation.name, "kind": organisation.kind,
              "state": organisation.state_code, "region": organisation.region_code,
              "language": organisation.language, **changes}
    values = {"region_code": _check_identity(merged["name"], merged["kind"], merged["state"],
                                             merged["region"], merged["language"], problems),
              "name": (merged["name"] or "").strip(), "kind": merged["kind"],
              "state_code": (merged["state"] or "").upper(), "language": merged["language"]}
    if "languages" in changes:
        values["languages"] = check.check_languages(changes["languages"], problems)
    if "description" in changes:
        values["description"] = check.check_text(changes["description"], "description",
                                                 limits.DESCRIPTION_MAX, problems)
    for name in ("offers", "needs"):
        if name in changes:
            values[name] = check.check_statements(changes[name], name, problems)
    if "nace_codes" in changes:
        values["nace_codes"] = check.check_nace(changes["nace_codes"], problems)
    if "technology_fields" in changes:
        values["technology_fields"] = check.technology_fields(changes["technology_fields"], problems)
    if "website" in changes:
        values["website"] = check.check_website(changes["website"], problems)
    if "size" in changes:
        values["size"] = check.check_size(changes["size"], problems)
    return values


def update_organisation(organisation_id: int, changes: Mapping, expected_version: int,
                        actor) -> Organisation:
    """Change an organisation's profile; ``changes`` maps names of :data:`ORGANISATION_FIELDS`
    to new values, and ``expected_version`` is the version the edit was made on: a stale one is
    a :class:`ConflictError`. Every invalid value is reported at once.

    Editing a published profile keeps it published, unless its name, kind, state or region
    changes: then it goes back to ``pending``, for the contact point of its (new) state. A
    returned profile that is edited goes back to ``pending`` for another look
    (:func:`portal.registry.moderation.after_edit`). An edit that changes nothing writes
    nothing. A new state or region refreshes the classification of the organisation's clusters."""
    organisation = get_organisation(organisation_id)
    _check_version(organisation, expected_version)
    problems: Problems = {}
    values = _organisation_changes(organisation, changes, problems)
    raise_if(problems)
    changed = sorted(name for name, value in values.items()
                     if getattr(organisation, name) != value)
    if not changed:
        return organisation
    for name in changed:
        setattr(organisation, name, values[name])
    after_edit(organisation, set(changed), actor)
    organisation.updated_at = utcnow()
    _flush_new_version(organisation)
    audit.record("organisation.update", actor, f"organisation:{organisation.id}",
                 fields=changed, version=organisation.version)
    if {"state_code", "region_code"} & set(changed):
        refresh_clusters_of(organisation.id)
    return organisation


#: Cluster values beside the identity (name, state, region, language, management organisation).
CLUSTER_DETAILS = ("description", "technology_fields", "specialisation", "founded_year",
                   "member_count_declared", "jobs", "budget", "budget_currency",
                   "management_team_size", "quality_label", "quality_label_issuer",
                   "quality_label_expires_on")
CLUSTER_FIELDS = ("name", "state", "region", "language", "management_organisation_id",
                  *CLUSTER_DETAILS)


def _cluster_values(values: Mapping, problems: Problems) -> dict:
    """Every value of a cluster profile, checked; ``values`` holds them all."""
    checked = {
        "name": check.check_name(values["name"], problems),
        "state_code": (values["state"] or "").upper(),
        "region_code": check.check_place(values["state"], values["region"], problems),
        "language": check.check_language(values["language"], problems),
        "description": check.check_text(values["description"], "description",
                                        limits.DESCRIPTION_MAX, problems),
        "technology_fields": check.technology_fields(values["technology_fields"], problems),
        "specialisation": check.check_optional_text(values["specialisation"], "specialisation",
                                                    limits.DESCRIPTION_MAX, problems),
        "founded_year": check.check_founded_year(values["founded_year"], problems),
        "quality_label": check.check_optional_text(values["quality_label"], "quality_label",
                                                   limits.LABEL_MAX, problems),
        "quality_label_issuer": check.check_optional_text(
            values["quality_label_issuer"], "quality_label_issuer", limits.NAME_MAX, problems),
        "quality_label_expires_on": check.check_date(values["quality_label_expires_on"],
                                                     "quality_label_expires_on", problems),
        "management_organisation_id": values["management_organisation_id"],
    }
    for name in ("member_count_declared", "jobs", "management_team_size"):
        checked[name] = check.check_count(values[name], name, problems)
    checked["budget"] = check.check_budget_amount(values["budget"], problems)
    checked["budget_currency"] = check.check_budget(checked["budget"], values["budget_currency"],
                                                    problems)
    management_id = values["management_organisation_id"]
    if not limits.is_id(management_id) or db.session.get(Organisation, management_id) is None:
        add_problem(problems, "management_organisation_id", _("No such organisation."))
    return checked


def create_cluster(*, name: str, state: str, region: str, language: str,
                   management_organisation_id: int, actor, **details) -> Cluster:
    """Create a cluster led by its management organisation, ``pending`` until published;
    ``details`` are values of :data:`CLUSTER_DETAILS`. The management organisation is not made a
    member here: add it with :func:`add_cluster_member`."""
    problems: Problems = {}
    for unknown in sorted(set(details) - set(CLUSTER_DETAILS)):
        add_problem(problems, unknown, _("This field cannot be changed."))
    values = {name: None for name in CLUSTER_DETAILS} | {"technology_fields": ()} | details
    values.update(name=name, state=state, region=region, language=language,
                  management_organisation_id=management_organisation_id)
    checked = _cluster_values(values, problems)
    raise_if(problems)
    cluster = Cluster(status=ProfileStatus.PENDING, **checked)
    db.session.add(cluster)
    db.session.flush()
    audit.record("cluster.create", actor, f"cluster:{cluster.id}", name=cluster.name,
                 state=cluster.state_code,
                 management_organisation=f"organisation:{management_organisation_id}")
    return cluster


def create_own_cluster(actor, **values) -> Cluster:
    """A cluster created by a signed-in user: the creator becomes its ``cluster_manager``."""
    cluster = create_cluster(actor=actor, **values)
    accounts.grant_role(actor, RoleSpec(Role.CLUSTER_MANAGER, str(cluster.id)), actor)
    return cluster


def _current_cluster_values(cluster: Cluster) -> dict:
    values = {name: getattr(cluster, name) for name in CLUSTER_DETAILS}
    values["technology_fields"] = [field.key for field in cluster.technology_fields]
    return values | {"name": cluster.name, "state": cluster.state_code,
                     "region": cluster.region_code, "language": cluster.language,
                     "management_organisation_id": cluster.management_organisation_id}


def update_cluster(cluster_id: int, changes: Mapping, expected_version: int, actor) -> Cluster:
    """Change a cluster's profile, as :func:`update_organisation` does an organisation's: a
    stale ``expected_version`` is a conflict, a published profile stays published unless its
    name, state or region changes, a returned one goes back to ``pending``.

    The management organisation is always a member of its cluster: a new one that is not a
    member yet is made one, with the helix role of its kind (:data:`HELIX_OF_KIND`); the
    previous one stays a member. A new management organisation or region refreshes the
    cluster's classification (:mod:`portal.registry.classification`)."""
    cluster = get_cluster(cluster_id)
    _check_version(cluster, expected_version)
    problems: Problems = {}
    for unknown in sorted(set(changes) - set(CLUSTER_FIELDS)):
        add_problem(problems, unknown, _("This field cannot be changed."))
    checked = _cluster_values(_current_cluster_values(cluster) | dict(changes), problems)
    raise_if(problems)
    changed = sorted(name for name, value in checked.items() if getattr(cluster, name) != value)
    if not changed:
        return cluster
    for name in changed:
        setattr(cluster, name, checked[name])
    after_edit(cluster, set(changed), actor)
    _flush_new_version(cluster)
    audit.record("cluster.update", actor, f"cluster:{cluster.id}", fields=changed,
                 version=cluster.version)
    if "management_organisation_id" in changed:
        _management_made_a_member(cluster, actor)
    if {"management_organisation_id", "state_code", "region_code"} & set(changed):
        refresh_classification(cluster)
    return cluster


def _management_made_a_member(cluster: Cluster, actor) -> None:
    """Make the cluster's management organisation a member if it is not one yet, with the
    helix role of its kind."""
    organisation = get_organisation(cluster.management_organisation_id)
    if any(member.organisation_id == organisation.id for member in cluster.members):
        return
    helix_role = HELIX_OF_KIND.get(organisation.kind, HelixRole.INTERMEDIARY)
    cluster.members.append(ClusterMember(organisation=organisation, helix_role=helix_role))
    db.session.flush()
    audit.record("cluster.member_add", actor, f"cluster:{cluster.id}",
                 organisation=f"organisation:{organisation.id}", helix_role=str(helix_role),
                 reason="management_organisation")


def check_helix_role(helix_role: str) -> None:
    if helix_role not in set(HelixRole):
        message = _("Unknown helix role: %(role)s", role=helix_role)
        raise ValidationError(message, {"helix_role": [message]})


def add_cluster_member(cluster_id: int, organisation_id: int, helix_role: str, actor, *,
                       manages: bool = False, accepted_by=None) -> ClusterMember:
    """Make an organisation a member of a cluster at once, with its triple-helix role, and
    refresh the cluster's classification. Who joins at once and who is invited (an
    organisation of another member state) is decided in :mod:`portal.registry.membership`,
    which also checks ``manages``; ``accepted_by`` is the user who accepted the invitation."""
    cluster = get_cluster(cluster_id)
    organisation = get_organisation(organisation_id)
    check_helix_role(helix_role)
    existing = db.session.scalar(select(ClusterMember).where(
        ClusterMember.cluster_id == cluster.id, ClusterMember.organisation_id == organisation.id))
    if existing is not None:
        message = _("This organisation is already a member of the cluster.")
        raise ConflictError(message, {"organisation_id": [message]})
    member = ClusterMember(cluster=cluster, organisation=organisation, helix_role=helix_role,
                           manages=manages,
                           accepted_by_id=accepted_by.id if accepted_by is not None else None)
    db.session.add(member)
    db.session.flush()
    audit.record("cluster.member_add", actor, f"cluster:{cluster.id}",
                 organisation=f"organisation:{organisation.id}", helix_role=helix_role,
                 manages=manages)
    refresh_classification(cluster)
    return member


def membership_of(cluster: Cluster, organisation_id: int) -> ClusterMember:
    member = db.session.scalar(select(ClusterMember).where(
        ClusterMember.cluster_id == cluster.id, ClusterMember.organisation_id == organisation_id))
    if member is None:
        message = _("This organisation is not a member of the cluster.")
        raise NotFound(message, {"organisation_id": [message]})
    return member


def change_member_role(cluster_id: int, organisation_id: int, helix_role: str,
                       actor) -> ClusterMember:
    """Give a member of a cluster another triple-helix role; the same role again writes
    nothing. An organisation that is not a member is :class:`NotFound`."""
    cluster = get_cluster(cluster_id)
    member = membership_of(cluster, organisation_id)
    check_helix_role(helix_role)
    if member.helix_role == helix_role:
        return member
    previous, member.helix_role = member.helix_role, helix_role
    db.session.flush()
    audit.record("cluster.member_role", actor, f"cluster:{cluster.id}",
                 organisation=f"organisation:{organisation_id}", helix_role=helix_role,
                 previous=previous)
    return member


def release_management(member: ClusterMember, actor) -> None:
    """A member that managed the cluster in its state stops: the person who accepted to manage
    it for that member loses the ``cluster_manager`` role that the acceptance gave (an
    administrator may grant it again)."""
    if member.manages and member.accepted_by_id is not None:
        person = db.session.get(User, member.accepted_by_id)
        if person is not None:
            accounts.revoke_role(person, RoleSpec(Role.CLUSTER_MANAGER, str(member.cluster_id)),
                                 actor)


def remove_cluster_member(cluster_id: int, organisation_id: int, actor) -> None:
    """Take an organisation out of a cluster. The management organisation leads the cluster
    and stays a member: removing it is a :class:`ConflictError` (another organisation must
    manage the cluster first)."""
    cluster = get_cluster(cluster_id)
    member = membership_of(cluster, organisation_id)
    if organisation_id == cluster.management_organisation_id:
        message = _("%(name)s manages the cluster and stays a member. To remove it, make another "
                    "organisation the cluster's management organisation first.",
                    name=member.organisation.name)
        raise ConflictError(message, {"organisation_id": [message]})
    helix_role = member.helix_role
    release_management(member, actor)
    cluster.members.remove(member)
    db.session.flush()
    audit.record("cluster.member_remove", actor, f"cluster:{cluster.id}",
                 organisation=f"organisation:{organisation_id}", helix_role=helix_role)
    refresh_classification(cluster)
