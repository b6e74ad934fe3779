"""Registry services: organisations and clusters. Each flushes; the caller commits once."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.core import audit
from portal.core.errors import ValidationError
from portal.core.i18n import CATALOGUE_LANGUAGES
from portal.extensions import db
from portal.reference.models import MemberState, Region
from portal.reference.queries import resolve_region
from portal.registry.models import Organisation, OrganisationKind, ProfileStatus


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, {field: [message]})


def check_organisation_fields(name: str, kind: str, state_code: str, region_code: str,
                              language: str) -> Region:
    """Validate the fields of a new organisation; returns its region (a former code resolved)."""
    if not name.strip():
        raise _invalid("name", _("Give the name of the organisation."))
    if kind not in set(OrganisationKind):
        raise _invalid("kind", _("Choose the kind of organisation."))
    state = db.session.get(MemberState, (state_code or "").upper())
    if state is None:
        raise _invalid("state", _("Choose a member state."))
    region = resolve_region(region_code or "")
    if region is None or region.state_code != state.code:
        raise _invalid("region", _("Choose a region of the member state you chose."))
    if language not in CATALOGUE_LANGUAGES:
        raise _invalid("language", _("Choose the language the profile is written in."))
    return region


def register_organisation(name: str, kind: str, state_code: str, region_code: str,
                          language: str, actor) -> Organisation:
    """Record an organisation signed up by its first user. It stays ``pending`` until the
    contact point of its state (or the secretariat) publishes it."""
    region = check_organisation_fields(name, kind, state_code, region_code, language)
    name = name.strip()
    organisation = Organisation(name=name, kind=kind, state_code=region.state_code,
                                region_code=region.code, language=language,
                                status=ProfileStatus.PENDING)
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation.register", actor, f"organisation:{organisation.id}",
                 name=name, state=region.state_code, region=region.code)
    return organisation
