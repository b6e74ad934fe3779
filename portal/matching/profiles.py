"""The profiles an index is built of: published organisations with their stored vectors, read
from the database (all of them for a host's copy, a few for its overlay of recent changes)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from sqlalchemy import func, select

from portal.core.caps import EMBEDDED_TEXTS_PER_KIND
from portal.extensions import db
from portal.matching import fast
from portal.matching.encoders import encoder_named
from portal.matching.index import Profile
from portal.matching.models import OrganisationVector, VectorKind
from portal.registry.models import Organisation, ProfileStatus


def _capped_vectors(model: str, only: Collection[int] | None = None):
    """The stored vectors of ``model`` (and the fast encoder's standing for them,
    :func:`portal.matching.fast.stored_models`) that a profile may have: at most
    :data:`~portal.core.caps.EMBEDDED_TEXTS_PER_KIND` of each kind (the first by position),
    whatever rows an older version of the portal left; of the organisations ``only``, if given."""
    place = func.row_number().over(
        partition_by=(OrganisationVector.organisation_id, OrganisationVector.kind),
        order_by=OrganisationVector.position).label("place")
    numbered = select(OrganisationVector.id, place).where(
        OrganisationVector.model.in_(fast.stored_models(model)))
    if only is not None:
        numbered = numbered.where(OrganisationVector.organisation_id.in_(sorted(only)))
    ranked = numbered.subquery()
    return (select(OrganisationVector)
            .join(ranked, ranked.c.id == OrganisationVector.id)
            .where(ranked.c.place <= EMBEDDED_TEXTS_PER_KIND)
            .order_by(OrganisationVector.organisation_id, OrganisationVector.kind,
                      OrganisationVector.position))


def published_profiles(model: str, dim: int, only: Collection[int] | None = None
                       ) -> list[Profile]:
    """The published organisations (of ``only``, if given) with their vectors of ``model``, in
    its full layout (a fast vector not yet refined stands for its full one,
    :mod:`portal.matching.fast`)."""
    layout = fast.layout_of(encoder_named(model))

    def stored(row: OrganisationVector) -> np.ndarray:
        return fast.in_full_layout(np.frombuffer(row.vector, "<f4"), row.model, layout)

    vectors: dict[int, list[OrganisationVector]] = {}
    for row in db.session.scalars(_capped_vectors(model, only)):
        vectors.setdefault(row.organisation_id, []).append(row)
    published = select(Organisation).where(Organisation.status == ProfileStatus.PUBLISHED)
    if only is not None:
        published = published.where(Organisation.id.in_(sorted(only)))
    profiles = []
    for organisation in db.session.scalars(published.order_by(Organisation.id)):
        rows = vectors.get(organisation.id, [])
        by_kind = {kind: [r for r in rows if r.kind == kind] for kind in VectorKind}

        def matrix(kind, rows=by_kind):
            return np.array([stored(r) for r in rows[kind]], np.float32)

        description = by_kind[VectorKind.DESCRIPTION]
        profiles.append(Profile(
            organisation_id=organisation.id, state=organisation.state_code,
            region=organisation.region_code, kind=organisation.kind, language=organisation.language,
            technology_fields=tuple(f.key for f in organisation.technology_fields),
            needs=matrix(VectorKind.NEED).reshape(-1, dim),
            offers=matrix(VectorKind.OFFER).reshape(-1, dim),
            description=stored(description[0]) if description else None,
            positions={"needs": [r.position for r in by_kind[VectorKind.NEED]],
                       "offers": [r.position for r in by_kind[VectorKind.OFFER]]}))
    return profiles
