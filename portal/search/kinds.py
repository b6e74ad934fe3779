"""Kinds of searchable things that a feature above search adds (cooperation ads), and what search
needs to know of each beyond its documents: its name in the type filter, the names of its
categories in the kind filter, who may find it, and how a hit of it is shown on the page and in
the API.

Search knows organisations and clusters itself (:mod:`portal.search.documents`); a feature with
searchable things of its own registers them from its ``init_app`` with :func:`register_kind`
(and their documents with :func:`portal.search.documents.register_provider`), so that search
never imports the feature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from portal.search.documents import PROVIDERS


def _everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class SearchKind:
    #: The document kind (``"ad"``), as :func:`portal.search.documents.register_provider` has it.
    name: str
    #: The kind's name in the type filter and its facet (a lazy string).
    label: Any
    #: The names of the values of its documents' ``category`` (the kind filter and facet).
    category_names: Mapping[str, Any] = field(default_factory=dict)
    #: Whether a reader may find things of this kind at all.
    may_read: Callable[[Any], bool] = _everyone
    #: ``(thing, reader) -> {name, texts, label, link, state, region}``: a hit on the page.
    page_item: Callable[[Any, Any], dict] | None = None
    #: ``(thing, reader) -> dict``: a hit's ``profile`` in the API (``name``, ``state`` and
    #: ``language`` included).
    api_profile: Callable[[Any, Any], dict] | None = None
    #: Loader options for the rows of a page of hits (what ``page_item`` and ``api_profile``
    #: read of each), so that a page loads them in a fixed number of statements.
    load_options: tuple = ()
    #: ``(things, reader) -> [dict]``: the batch form of ``api_profile``, for a page of hits.
    api_profiles: Callable[[list, Any], list[dict]] | None = None


KINDS: dict[str, SearchKind] = {}


def register_kind(kind: SearchKind) -> None:
    KINDS[kind.name] = kind


def load_options(kind: str) -> tuple:
    """The loader options of a registered kind's rows; none for search's own kinds."""
    return KINDS[kind].load_options if kind in KINDS else ()


def category_names() -> dict[str, Any]:
    """The names of every registered kind's categories."""
    return {value: name for kind in KINDS.values() for value, name in kind.category_names.items()}


def unreadable(user) -> set[str]:
    """The kinds ``user`` may not find."""
    return {name for name, kind in KINDS.items() if not kind.may_read(user)}


def readable(query, user):
    """``query`` (a :class:`portal.search.engine.SearchQuery`) without the kinds the reader may
    not find; a search for such kinds only then finds nothing."""
    hidden = unreadable(user)
    if not hidden:
        return query
    kinds = tuple(kind for kind in (query.types or tuple(PROVIDERS)) if kind not in hidden)
    if not kinds:
        return replace(query, types=tuple(query.types), object_ids=())
    return replace(query, types=kinds)
