"""Look-ups in the reference tables, and their names from memory.

The reference tables change only when ``portal db upgrade`` (re)loads them, so their names are
read once per process into :class:`ReferenceNames` (:func:`reference_names`) and a page or an
API list names its rows' states, regions, technology fields and NACE codes without a statement
per row. Reloading the tables (:func:`portal.reference.loader.sync_reference_data`) forgets the
copy of its process; other processes read the new names when they restart, as they do after an
upgrade.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import current_app
from flask_babel import get_locale
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
    pick_name,
)

NACE_LEVELS = ("section", "division", "group", "class")
#: A search text that is a NACE code or its start: a section letter, or digits and dots.
_CODE_LIKE = re.compile(r"[a-z]|[0-9][0-9.]*")


_CACHE_KEY = "reference.names"


@dataclass(frozen=True)
class ReferenceNames:
    """Each reference row's names by language (``{code: {language: name}}``; the states in
    their order), and the border pairs, as the tables held them when they were read."""

    states: Mapping[str, Mapping[str, str]]
    regions: Mapping[str, Mapping[str, str]]
    technology_fields: Mapping[str, Mapping[str, str]]
    nace: Mapping[str, Mapping[str, str]]
    border_pairs: tuple[tuple[str, str], ...]


def _read_reference_names() -> ReferenceNames:
    def names_of(model, key, order=None) -> dict[str, dict[str, str]]:
        query = select(key, model.names).order_by(order if order is not None else key)
        return {row[0]: dict(row[1] or {}) for row in db.session.execute(query)}
    return ReferenceNames(
        states=names_of(MemberState, MemberState.code, MemberState.position),
        regions=names_of(Region, Region.code),
        technology_fields=names_of(TechnologyField, TechnologyField.key, TechnologyField.position),
        nace=names_of(NaceCode, NaceCode.code),
        border_pairs=tuple((a, b) for a, b in db.session.execute(
            select(BorderPair.region_a, BorderPair.region_b).order_by(BorderPair.id))))


def reference_names() -> ReferenceNames:
    """The reference names of this process, read from the tables on first use (and again
    until the tables hold any: a database not loaded yet is not remembered as empty)."""
    extensions = current_app.extensions
    names = extensions.get(_CACHE_KEY)
    if names is None:
        names = _read_reference_names()
        if names.states:
            extensions[_CACHE_KEY] = names
    return names


def forget_reference_names(app=None) -> None:
    """Read the reference names again on their next use (after the tables were reloaded)."""
    (app or current_app).extensions.pop(_CACHE_KEY, None)


def localised(names: Mapping[str, str] | None, language: str | None = None,
              default: str = "") -> str:
    """The name in ``language`` (the request's by default), else in its fallback
    (:func:`~portal.reference.models.pick_name`)."""
    if not names:
        return default
    return pick_name(dict(names), language or str(get_locale() or "en"))


def state_name(code: str | None, language: str | None = None) -> str:
    """A member state's name in ``language`` (the request's by default); the code if unknown."""
    return localised(reference_names().states.get(code or ""), language, code or "")


def region_name(code: str | None, language: str | None = None) -> str:
    return localised(reference_names().regions.get(code or ""), language, code or "")


def technology_field_name(key: str | None, language: str | None = None) -> str:
    return localised(reference_names().technology_fields.get(key or ""), language, key or "")


def nace_name(code: str | None, language: str | None = None) -> str:
    return localised(reference_names().nace.get(code or ""), language, code or "")


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
    """Every border pair, from memory (:func:`reference_names`)."""
    return list(reference_names().border_pairs)


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
