"""Facet values with their names in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.partnering.labels import KIND_NAMES as AD_KIND_NAMES
from portal.reference.models import MemberState, NaceCode, Region, TechnologyField
from portal.registry.labels import KIND_NAMES

TYPE_NAMES = {"organisation": _l("Organisations"), "cluster": _l("Clusters"),
              "ad": _l("Cooperation ads")}
_MODELS = {"state": (MemberState, MemberState.code), "region": (Region, Region.code),
           "technology_field": (TechnologyField, TechnologyField.key),
           "nace": (NaceCode, NaceCode.code)}


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
        return {value: str(TYPE_NAMES.get(value, value)) for value in values}
    if facet == "kind":
        names = {**KIND_NAMES, **AD_KIND_NAMES}
        return {value: str(names.get(value, value)) for value in values}
    model, key = _MODELS[facet]
    if not values:
        return {}
    rows = db.session.scalars(select(model).where(key.in_(values)))
    return {getattr(row, key.key): row.name(language) for row in rows}
