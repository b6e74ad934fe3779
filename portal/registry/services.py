"""Registry services: organisations, clusters and their members.

Each service checks its rule, changes state, writes the audit entry and flushes; the caller
(a view, an API handler, a command, the demo loader) commits once and decides beforehand who may
act (a contact point of the organisation's state or the secretariat publishes, for example).
Profiles are created ``pending`` and become ``published`` through :func:`publish_organisation`
and :func:`publish_cluster`.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.models import LANGUAGES
from portal.core import audit
from portal.core.errors import ConflictError, NotFound, ValidationError
from portal.extensions import db
from portal.reference.models import MemberState, NaceCode, TechnologyField
from portal.reference.queries import resolve_region
from portal.registry.models import (
    Cluster,
    ClusterMember,
    HelixRole,
    Organisation,
    OrganisationKind,
    ProfileStatus,
)


def _check_place(state: str, region: str, problems: dict[str, list[str]]) -> str | None:
    """The region's current ISO code when it is a region of ``state``; records a problem if not."""
    if db.session.get(MemberState, (state or "").upper()) is None:
        problems.setdefault("state", []).append(_("Choose a member state."))
        return None
    found = resolve_region(region or "")
    if found is None:
        problems.setdefault("region", []).append(_("Unknown region code: %(codes)s", codes=region))
        return None
    if found.state_code != (state or "").upper():
        problems.setdefault("region", []).append(
            _("The region %(region)s is not in %(state)s.", region=found.code, state=state))
        return None
    return found.code


def _technology_fields(keys: Iterable[str], problems: dict[str, list[str]]) -> list[TechnologyField]:
    keys = list(dict.fromkeys(keys))
    fields = list(db.session.scalars(select(TechnologyField).where(TechnologyField.key.in_(keys))))
    unknown = sorted(set(keys) - {field.key for field in fields})
    if unknown:
        problems.setdefault("technology_fields", []).append(
            _("Unknown technology field: %(keys)s", keys=", ".join(unknown)))
    return sorted(fields, key=lambda field: field.position)


def _check_nace(codes: Iterable[str], problems: dict[str, list[str]]) -> list[str]:
    """NACE classes, each optionally followed by a national code after a slash (``21.20/21.20.1``)."""
    codes = [code.strip() for code in codes]
    classes = {code.partition("/")[0] for code in codes}
    known = set(db.session.scalars(
        select(NaceCode.code).where(NaceCode.code.in_(classes), NaceCode.level == "class")))
    unknown = sorted(classes - known)
    if unknown:
        problems.setdefault("nace_codes", []).append(
            _("Not a NACE Rev. 2 class: %(codes)s", codes=", ".join(unknown)))
    return codes


def _check_identity(name: str, kind: str, state: str, region: str, language: str,
                    problems: dict[str, list[str]]) -> str | None:
    """What every organisation needs: a name, a kind, a region of its member state, a language."""
    if not name or not name.strip():
        problems.setdefault("name", []).append(_("This field is required."))
    if kind not in set(OrganisationKind):
        problems.setdefault("kind", []).append(_("Unknown kind of organisation: %(kind)s", kind=kind))
    if language not in LANGUAGES:
        problems.setdefault("language", []).append(_("Unknown language: %(language)s",
                                                      language=language))
    return _check_place(state, region, problems)


def check_organisation_fields(name: str, kind: str, state: str, region: str, language: str) -> None:
    """Validate a new organisation's identity before anything is written; every problem at once."""
    problems: dict[str, list[str]] = {}
    _check_identity(name, kind, state, region, language, problems)
    _raise_if(problems)


def _raise_if(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationError(_("Some values are not valid."), problems)


def create_organisation(*, name: str, kind: str, state: str, region: str, language: str, actor,
                        description: str = "", offers: Iterable[str] = (),
                        needs: Iterable[str] = (), nace_codes: Iterable[str] = (),
                        technology_fields: Iterable[str] = (), website: str | None = None,
                        external_ref: str | None = None) -> Organisation:
    """Create an organisation profile, ``pending`` until published. Every invalid value is
    reported at once; an ``external_ref`` already taken is a conflict."""
    problems: dict[str, list[str]] = {}
    region_code = _check_identity(name, kind, state, region, language, problems)
    fields = _technology_fields(technology_fields, problems)
    codes = _check_nace(nace_codes, problems)
    _raise_if(problems)
    if external_ref and organisation_by_ref(external_ref) is not None:
        message = _("An organisation with this reference already exists.")
        raise ConflictError(message, {"external_ref": [message]})
    organisation = Organisation(
        name=name.strip(), kind=kind, state_code=state.upper(), region_code=region_code,
        language=language, description=description.strip(), offers=list(offers),
        needs=list(needs), nace_codes=codes, website=website, external_ref=external_ref,
        status=ProfileStatus.PENDING, technology_fields=fields)
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation.create", actor, f"organisation:{organisation.id}",
                 name=organisation.name, state=organisation.state_code,
                 external_ref=external_ref)
    return organisation


def register_organisation(name: str, kind: str, state: str, region: str, language: str,
                          actor) -> Organisation:
    """An organisation signed up by its first user: ``pending`` until the contact point of its
    state (or the secretariat) publishes it."""
    return create_organisation(name=name, kind=kind, state=state, region=region,
                               language=language, actor=actor)


def organisation_by_ref(external_ref: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.external_ref == external_ref))


def publish_organisation(organisation_id: int, actor) -> Organisation:
    """Make a profile public (DESIGN 4.7: after moderation). Publishing a published profile
    changes nothing and writes no audit entry."""
    organisation = _get(Organisation, organisation_id)
    if organisation.status != ProfileStatus.PUBLISHED:
        organisation.status = ProfileStatus.PUBLISHED
        db.session.flush()
        audit.record("organisation.publish", actor, f"organisation:{organisation.id}")
    return organisation


def create_cluster(*, name: str, state: str, region: str, language: str,
                   management_organisation_id: int, actor, description: str = "",
                   technology_fields: Iterable[str] = (), founded_year: int | None = None,
                   quality_label: str | None = None) -> Cluster:
    """Create a cluster led by its management organisation, ``pending`` until published. The
    management organisation is not made a member here: add it with :func:`add_cluster_member`."""
    problems: dict[str, list[str]] = {}
    if not name or not name.strip():
        problems.setdefault("name", []).append(_("This field is required."))
    if language not in LANGUAGES:
        problems.setdefault("language", []).append(_("Unknown language: %(language)s",
                                                      language=language))
    region_code = _check_place(state, region, problems)
    fields = _technology_fields(technology_fields, problems)
    if db.session.get(Organisation, management_organisation_id) is None:
        problems.setdefault("management_organisation_id", []).append(_("No such organisation."))
    _raise_if(problems)
    cluster = Cluster(
        name=name.strip(), state_code=state.upper(), region_code=region_code, language=language,
        description=description.strip(), management_organisation_id=management_organisation_id,
        founded_year=founded_year, quality_label=quality_label, status=ProfileStatus.PENDING,
        technology_fields=fields)
    db.session.add(cluster)
    db.session.flush()
    audit.record("cluster.create", actor, f"cluster:{cluster.id}", name=cluster.name,
                 state=cluster.state_code,
                 management_organisation=f"organisation:{management_organisation_id}")
    return cluster


def add_cluster_member(cluster_id: int, organisation_id: int, helix_role: str, actor) -> ClusterMember:
    """Add an organisation to a cluster with its triple-helix role. Members may come from any
    member state: cross-border clusters are the point of the portal."""
    cluster = _get(Cluster, cluster_id)
    organisation = _get(Organisation, organisation_id)
    if helix_role not in set(HelixRole):
        message = _("Unknown helix role: %(role)s", role=helix_role)
        raise ValidationError(message, {"helix_role": [message]})
    existing = db.session.scalar(select(ClusterMember).where(
        ClusterMember.cluster_id == cluster.id, ClusterMember.organisation_id == organisation.id))
    if existing is not None:
        message = _("This organisation is already a member of the cluster.")
        raise ConflictError(message, {"organisation_id": [message]})
    member = ClusterMember(cluster=cluster, organisation=organisation, helix_role=helix_role)
    db.session.add(member)
    db.session.flush()
    audit.record("cluster.member_add", actor, f"cluster:{cluster.id}",
                 organisation=f"organisation:{organisation.id}", helix_role=helix_role)
    return member


def publish_cluster(cluster_id: int, actor) -> Cluster:
    """Make a cluster profile public; publishing a published one changes nothing."""
    cluster = _get(Cluster, cluster_id)
    if cluster.status != ProfileStatus.PUBLISHED:
        cluster.status = ProfileStatus.PUBLISHED
        db.session.flush()
        audit.record("cluster.publish", actor, f"cluster:{cluster.id}")
    return cluster


def _get(model, object_id: int):
    found = db.session.get(model, object_id)
    if found is None:
        raise NotFound(_("There is nothing here."))
    return found
