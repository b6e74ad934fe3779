"""Look-ups in the reference tables."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import Select, case, select

from portal.core.errors import ValidationError
from portal.extensions import db
from portal.reference.classifier import ClassificationResult, classify
from portal.reference.models import (
    BorderPair,
    MemberState,
    NaceCode,
    Region,
    RegionAlias,
    TechnologyField,
)

NACE_LEVELS = ("section", "division", "group", "class")
#: A search text that is a NACE code or its start: a section letter, or digits and dots.
_CODE_LIKE = re.compile(r"[a-z]|[0-9][0-9.]*")


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


def technology_fields() -> list[TechnologyField]:
    return list(db.session.scalars(select(TechnologyField).order_by(TechnologyField.position)))


def resolve_technology_fields(keys: Iterable[str]) -> tuple[list[TechnologyField], str | None]:
    """The technology fields named by ``keys`` (each once, in the reference's order), and the
    problem to show when some key names none (``None`` when all are known)."""
    keys = list(dict.fromkeys(keys))
    fields = list(db.session.scalars(select(TechnologyField).where(TechnologyField.key.in_(keys))))
    unknown = sorted(set(keys) - {field.key for field in fields})
    problem = _("Unknown technology field: %(keys)s", keys=", ".join(unknown)) if unknown else None
    return sorted(fields, key=lambda field: field.position), problem


def technology_texts(fields: Iterable[TechnologyField]) -> list[str]:
    """Technology fields by their names in every language, so that a text in either language
    (a search query, a partner's need) meets them."""
    return [name for field in fields for name in (field.names or {}).values()]


def nace_codes(level: str | None = None, text: str | None = None) -> Select:
    """NACE Rev. 2 items, broader levels first, then by code; optionally of one level and
    matching ``text``: a section letter, the start of a code (``21``, ``21.2``, ``2120``), or
    part of a name in any language, case-insensitively. The table is small (996 rows), so names
    are matched in Python: SQLite's ``lower()`` folds only ASCII, and Russian must match too."""
    if level is not None and level not in NACE_LEVELS:
        message = _("Unknown level %(level)s: use one of %(levels)s.", level=level,
                    levels=", ".join(NACE_LEVELS))
        raise ValidationError(message, {"level": [message]})
    rank = case({name: position for position, name in enumerate(NACE_LEVELS)}, value=NaceCode.level)
    query = select(NaceCode).order_by(rank, NaceCode.code)
    if level is not None:
        query = query.where(NaceCode.level == level)
    if text and text.strip():
        codes = [row.code for row in db.session.execute(query.with_only_columns(
            NaceCode.code, NaceCode.names)) if _nace_matches(row.code, row.names, text)]
        query = query.where(NaceCode.code.in_(codes))
    return query


def _nace_matches(code: str, names: dict, text: str) -> bool:
    wanted = text.strip().casefold()
    if _CODE_LIKE.fullmatch(wanted):
        return code.replace(".", "").casefold().startswith(wanted.replace(".", ""))
    return any(wanted in name.casefold() for name in names.values())
