"""Facet values with their names in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.reference.queries import localised, reference_names
from portal.registry.labels import CLASSIFICATION_NAMES, KIND_NAMES
from portal.search.kinds import KINDS, category_names

TYPE_NAMES = {"organisation": _l("Organisations"), "cluster": _l("Clusters")}
#: The reference names of each facet that names reference rows.
_REFERENCE = {"state": "states", "region": "regions", "technology_field": "technology_fields",
              "nace": "nace"}


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
    if facet == "classification":
        return {value: str(CLASSIFICATION_NAMES.get(value, value)) for value in values}
    if facet == "kind":
        names = {**KIND_NAMES, **category_names()}
        return {value: str(names.get(value, value)) for value in values}
    known = getattr(reference_names(), _REFERENCE[facet])
    return {value: localised(known[value], language) for value in values if value in known}
