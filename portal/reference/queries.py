"""Look-ups in the reference tables."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import ValidationError
from portal.extensions import db
from portal.reference.classifier import ClassificationResult, classify
from portal.reference.models import BorderPair, MemberState, Region, RegionAlias


def states() -> list[MemberState]:
    return list(db.session.scalars(select(MemberState).order_by(MemberState.position)))


def regions(state: str | None = None) -> list[Region]:
    query = select(Region).order_by(Region.code)
    if state:
        query = query.where(Region.state_code == state.upper())
    return list(db.session.scalars(query))


def resolve_region(code: str) -> Region | None:
    """The region of an ISO code, or of a former code kept as an alias (``KZ-KAR`` → ``KZ-35``)."""
    code = code.strip().upper()
    region = db.session.get(Region, code)
    if region is None:
        alias = db.session.get(RegionAlias, code)
        region = db.session.get(Region, alias.region_code) if alias else None
    return region


def border_pairs() -> list[tuple[str, str]]:
    return [tuple(row) for row in db.session.execute(select(BorderPair.region_a, BorderPair.region_b))]


def classify_regions(codes: Iterable[str]) -> ClassificationResult:
    """Classify a set of regions given by code; unknown codes are a validation error."""
    codes = list(codes)
    if not codes:
        raise ValidationError(_("Give at least one region."), {"region": [_("This field is required.")]})
    resolved, unknown = [], []
    for code in codes:
        region = resolve_region(code)
        (resolved if region else unknown).append(region.code if region else code)
    if unknown:
        message = _("Unknown region code: %(codes)s", codes=", ".join(unknown))
        raise ValidationError(message, {"region": [message]})
    return classify(resolved, border_pairs())
