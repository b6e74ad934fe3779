"""Indexed test organisations."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.reference.models import TechnologyField
from portal.registry.models import ProfileStatus
from portal.search.services import reindex
from tests.factories import make_organisation


def indexed_organisation(*, technology_fields=(), published=True, **fields):
    """A published organisation (unless asked otherwise), indexed at once."""
    fields.setdefault("status", ProfileStatus.PUBLISHED if published else ProfileStatus.PENDING)
    keys = list(technology_fields)
    found = list(db.session.scalars(select(TechnologyField).where(TechnologyField.key.in_(keys))))
    organisation = make_organisation(technology_fields=found, **fields)
    reindex("organisation", organisation.id)
    return organisation
