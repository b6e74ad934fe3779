"""What the index knows about a searchable thing, whatever its kind.

A provider turns one object into a :class:`Document`: its texts by field and the attributes the
filters read. Organisations and clusters are provided here; a feature with searchable things of
its own (cooperation ads) calls :func:`register_provider` with its kind and a loader from its
``init_app``, and its documents are indexed, filtered and ranked like the others (what else search
needs to know of such a kind is registered in :mod:`portal.search.kinds`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portal.extensions import db
from portal.reference.queries import technology_texts
from portal.registry.models import Cluster, ClusterMember, Organisation, ProfileStatus

#: How much one occurrence of a term counts, by field (BM25F-style weighting).
FIELD_WEIGHTS = {"name": 3.0, "technology": 1.5, "offers": 1.0, "needs": 1.0, "description": 1.0}


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    title: str
    language: str
    public: bool
    #: Texts by field name (a key of :data:`FIELD_WEIGHTS`).
    fields: dict[str, list[str]]
    state_code: str | None = None
    region_code: str | None = None
    category: str | None = None
    technology_fields: list[str] = field(default_factory=list)
    nace_codes: list[str] = field(default_factory=list)
    #: A cluster's classification (cross-border, transnational or national); None otherwise.
    classification: str | None = None


Provider = Callable[[int], Document | None]
PROVIDERS: dict[str, Provider] = {}
#: The model of each kind, so that a change to one is noticed and re-indexed.
MODELS: dict[str, type[Any]] = {}


#: Models whose rows are part of another kind's document: a change to one re-indexes that
#: document (``model: (kind, row -> object id)``). A cluster's members make its classification,
#: which the registry stores without touching the cluster row the session would notice.
PARTS: dict[type[Any], tuple[str, Callable[[Any], int | None]]] = {
    ClusterMember: ("cluster", lambda member: member.cluster_id),
}


def register_provider(kind: str, model: type, provider: Provider) -> None:
    PROVIDERS[kind] = provider
    MODELS[kind] = model


def document_for(kind: str, object_id: int) -> Document | None:
    """The document of an object, or None when the object no longer exists."""
    return PROVIDERS[kind](object_id)


def organisation_document(object_id: int) -> Document | None:
    organisation = db.session.get(Organisation, object_id)
    if organisation is None:
        return None
    return Document(
        kind="organisation", object_id=organisation.id, title=organisation.name,
        language=organisation.language,
        public=organisation.status == ProfileStatus.PUBLISHED,
        fields={"name": [organisation.name], "description": [organisation.description or ""],
                "offers": list(organisation.offers or []), "needs": list(organisation.needs or []),
                "technology": technology_texts(organisation.technology_fields)},
        state_code=organisation.state_code, region_code=organisation.region_code,
        category=organisation.kind,
        technology_fields=[tf.key for tf in organisation.technology_fields],
        nace_codes=list(organisation.nace_codes or []))


def cluster_document(object_id: int) -> Document | None:
    cluster = db.session.get(Cluster, object_id)
    if cluster is None:
        return None
    return Document(
        kind="cluster", object_id=cluster.id, title=cluster.name, language=cluster.language,
        public=cluster.status == ProfileStatus.PUBLISHED,
        fields={"name": [cluster.name], "description": [cluster.description or ""],
                "technology": technology_texts(cluster.technology_fields)},
        state_code=cluster.state_code, region_code=cluster.region_code,
        technology_fields=[tf.key for tf in cluster.technology_fields],
        classification=cluster.classification)


register_provider("organisation", Organisation, organisation_document)
register_provider("cluster", Cluster, cluster_document)
