"""Search in the API: ``GET /api/v1/organisations`` (API.md) and ``GET /api/v1/search``.

Both are public and return only published profiles, best first with a ``score`` when there is a
query (by name otherwise), with the facet counts beside the page. On a large index the counts
may be partial, and say so: ``total_exact`` is false when ``total`` is a lower bound (a text
search ranks each word's strongest matches only; a listing with several filters counts up to
1,000), and ``facets_counted`` is the number of results the facet counts were taken over (the
best-ranked ones, at most 1,000).
"""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from sqlalchemy import select

from portal.core import limits
from portal.core.api import api_user, bp, page_params
from portal.extensions import db
from portal.registry import serialise
from portal.registry.models import Cluster, Organisation, ProfileStatus
from portal.search.documents import MODELS
from portal.search.engine import SearchQuery, SearchResult, search
from portal.search.kinds import KINDS, load_options, readable
from portal.search.labels import labelled_facets


def _query(**overrides) -> SearchQuery:
    page, per_page = page_params()
    query = SearchQuery.from_params(request.args, page=page, per_page=per_page)
    return SearchQuery(**{**query.__dict__, **overrides})


def _envelope(result: SearchResult, items: list[dict], *, without: tuple[str, ...] = ()) -> dict:
    """The page of ``items`` with the result's counts and facets (less the facets ``without``)."""
    facets = {name: values for name, values in result.facets.items() if name not in without}
    return {"items": items, "page": result.page, "per_page": result.per_page,
            "total": result.total, "total_exact": result.total_exact,
            "facets": labelled_facets(facets, str(get_locale())),
            "facets_counted": result.facets_counted}


def cluster_json(cluster: Cluster) -> dict:
    return {
        "id": cluster.id, "name": cluster.name, "state": cluster.state_code,
        "region": cluster.region_code, "language": cluster.language,
        "description": cluster.description,
        "technology_fields": [field.key for field in cluster.technology_fields],
        "management_organisation_id": cluster.management_organisation_id,
        "founded_year": cluster.founded_year, "quality_label": cluster.quality_label,
        "classification": cluster.classification,
        "status": cluster.status, "version": cluster.version,
    }


def _loaded(model, ids: list[int], options=()) -> dict[int, object]:
    return {row.id: row for row in db.session.scalars(
        select(model).where(model.id.in_(ids)).options(*options))}


@bp.get("/organisations")
def search_organisations():
    """Search the published organisations.
    ---
    get:
      summary: Organisations found by free text (any language) and filters, best first
      tags: [organisations]
      security: []
      parameters:
        - {name: q, in: query, schema: {type: string}, description: "free text in any language"}
        - {name: state, in: query, schema: {type: string}}
        - {name: region, in: query, schema: {type: string}, description: "ISO 3166-2 code"}
        - {name: kind, in: query, schema: {type: string}, description: "kind of organisation"}
        - {name: technology_field, in: query, schema: {type: string}}
        - {name: nace, in: query, schema: {type: string}, description: "division, group or class"}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
        - {name: external_ref, in: query, schema: {type: string}, description: "the import reference"}
      responses:
        200:
          description: >-
            items of organisations (as GET /organisations/{id} shows them) each with a score;
            total (a lower bound when total_exact is false); facets counted over facets_counted
            results
        400: {description: "page or per_page not a whole number"}
    """
    if ref := request.args.get("external_ref", "").strip():
        return _by_external_ref(ref[:limits.LABEL_MAX])
    result = search(_query(types=("organisation",), classification=None))
    organisations = _loaded(Organisation, [hit.object_id for hit in result.hits])
    items = [{**serialise.organisation(organisations[hit.object_id]), "score": hit.score}
             for hit in result.hits if hit.object_id in organisations]
    return _envelope(result, items, without=("classification",))


def _by_external_ref(ref: str) -> dict:
    """The published organisation with this import reference, read from the database: an exact
    lookup finds an organisation as soon as it is imported, before the worker has indexed it.
    The other filters still apply, to the one organisation found."""
    page, per_page = page_params()
    found = db.session.scalar(select(Organisation).where(
        Organisation.external_ref == ref, Organisation.status == ProfileStatus.PUBLISHED))
    query = SearchQuery.from_params(request.args, page=page, per_page=per_page)
    if found is not None and not _passes_filters(found, query):
        found = None
    items = [{**serialise.organisation(found), "score": None}] if found and page == 1 else []
    total = int(found is not None)
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "total_exact": True, "facets": {}, "facets_counted": 0}


def _passes_filters(organisation: Organisation, query: SearchQuery) -> bool:
    """The query's filters (not its free text) applied to one organisation."""
    fields = {field.key for field in organisation.technology_fields}
    return ((query.state is None or organisation.state_code == query.state)
            and (query.region is None or organisation.region_code == query.region)
            and (query.kind is None or organisation.kind == query.kind)
            and (query.technology_field is None or query.technology_field in fields)
            and (query.nace is None
                 or any(code.startswith(query.nace) for code in organisation.nace_codes or ())))


@bp.get("/search")
def search_everything():
    """One search over organisations, clusters and cooperation ads.
    ---
    get:
      summary: Organisations, clusters and (for a caller with a token) active ads found by free
        text (any language) and filters
      tags: [search]
      security: []
      parameters:
        - {name: type, in: query, schema: {type: string},
           description: "organisation, cluster or ad (ads only with a token), or several with commas"}
        - {name: q, in: query, schema: {type: string}, description: "free text in any language"}
        - {name: state, in: query, schema: {type: string}}
        - {name: region, in: query, schema: {type: string}, description: "ISO 3166-2 code"}
        - {name: kind, in: query, schema: {type: string}, description: "kind of organisation or of ad"}
        - {name: technology_field, in: query, schema: {type: string}}
        - {name: nace, in: query, schema: {type: string}, description: "division, group or class"}
        - {name: classification, in: query,
           schema: {type: string, enum: [cross_border, transnational, national]},
           description: "a cluster's classification (finds clusters only)"}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200:
          description: >-
            items of {type, id, name, state, region, language, score, profile} (an ad's profile
            is the ad as GET /ads shows it: an anonymous ad's organisation is null); total (a
            lower bound when total_exact is false); facets (type, state, region, kind,
            technology_field, nace, classification) counted over facets_counted results; a
            cluster's profile includes its classification
        400: {description: "page or per_page not a whole number"}
    """
    user = api_user()
    result = search(readable(_query(), user))
    loaded = {kind: _loaded(model, [h.object_id for h in result.hits if h.kind == kind],
                            load_options(kind))
              for kind, model in MODELS.items()}
    serialisers = {"organisation": serialise.organisation, "cluster": cluster_json,
                   **{name: (lambda thing, kind=kind: kind.api_profile(thing, user))
                      for name, kind in KINDS.items()}}
    shaped: dict[str, dict[int, dict]] = {}
    for name, kind in KINDS.items():
        if kind.api_profiles is not None and loaded.get(name):
            things = list(loaded[name].values())
            shaped[name] = {thing.id: profile for thing, profile in zip(
                things, kind.api_profiles(things, user), strict=True)}
    items = []
    for hit in result.hits:
        found = loaded.get(hit.kind, {}).get(hit.object_id)
        if found is not None:
            profile = (shaped[hit.kind][hit.object_id] if hit.kind in shaped
                       else serialisers[hit.kind](found))
            items.append({"type": hit.kind, "id": hit.object_id,
                          "name": profile.get("name", hit.title),
                          "state": profile["state"], "region": profile.get("region"),
                          "language": profile["language"], "score": hit.score,
                          "profile": profile})
    return _envelope(result, items)
