"""Facet values with their names in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.reference.models import MemberState, NaceCode, Region, TechnologyField
from portal.registry.labels import KIND_NAMES
from portal.search.kinds import KINDS, category_names

TYPE_NAMES = {"organisation": _l("Organisations"), "cluster": _l("Clusters")}
_MODELS = {"state": (MemberState, MemberState.code), "region": (Region, Region.code),
           "technology_field": (TechnologyField, TechnologyField.key),
           "nace": (NaceCode, NaceCode.code)}


def type_names() -> dict:
    """The name of each kind of searchable thing, the registered kinds' included."""
    return {**TYPE_NAMES, **{name: kind.label for name, kind in KINDS.items()}}


def labelled_facets(facets: dict[str, list[tuple[str, int]]], language: str) -> dict[str, list[dict]]:
    """``{facet: [{value, label, count}, …]}`` in the order of ``facets``."""
    labelled = {}
    for name, values in facets.items():
        names = _names(name, [value for value, _count in values], language)
        labelled[name] = [{"value": value, "label": names.get(value, value), "count": count}
                          for value, count in values]
    return labelled


def _names(facet: str, values: list[str], language: str) -> dict[str, str]:
    if facet == "type":
        names = type_names()
        return {value: str(names.get(value, value)) for value in values}
    if facet == "kind":
        names = {**KIND_NAMES, **category_names()}
        return {value: str(names.get(value, value)) for value in values}
    model, key = _MODELS[facet]
    if not values:
        return {}
    rows = db.session.scalars(select(model).where(key.in_(values)))
    return {getattr(row, key.key): row.name(language) for row in rows}
