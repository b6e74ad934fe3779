"""Reading ads and interests: the list with its filters, one's own ads, interests received and
sent."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from portal.extensions import db
from portal.partnering.models import (
    Ad,
    AdStatus,
    ExpressionOfInterest,
    ad_technology_field,
)
from portal.partnering.search_documents import KIND as SEARCH_KIND
from portal.registry.models import Organisation
from portal.search.engine import SearchQuery, search


@dataclass(frozen=True)
class AdFilters:
    q: str | None = None
    kind: str | None = None
    state: str | None = None
    technology_field: str | None = None
    #: The list shows active ads only; an organisation's own list shows every status.
    status: str | None = AdStatus.ACTIVE
    organisation_ids: tuple[int, ...] | None = None


def ads_query(filters: AdFilters) -> Select:
    """The ads matching ``filters`` other than ``q``, newest first.

    Words (``q``) are not looked at here: the ads list, on the page and in the API alike, finds
    them with :func:`found_ads`, which ranks best first and passes its hits through this query
    for the other filters. The state filter reads the owner's state, which an anonymous ad
    shows (its organisation is what stays hidden).
    """
    query = (select(Ad).join(Organisation, Organisation.id == Ad.organisation_id)
             .options(contains_eager(Ad.organisation)))
    if filters.status:
        query = query.where(Ad.status == filters.status)
    if filters.kind:
        query = query.where(Ad.kind == filters.kind)
    if filters.state:
        query = query.where(Organisation.state_code == filters.state.upper())
    if filters.technology_field:
        query = query.where(Ad.id.in_(select(ad_technology_field.c.ad_id).where(
            ad_technology_field.c.field_key == filters.technology_field)))
    if filters.organisation_ids is not None:
        query = query.where(Ad.organisation_id.in_(filters.organisation_ids))
    return query.order_by(Ad.created_at.desc(), Ad.id.desc())


@dataclass
class FoundAds:
    #: One page of ``(ad, score)``, best first.
    items: list[tuple[Ad, float]]
    #: As the search counts it: a lower bound when ``total_exact`` is false.
    total: int
    total_exact: bool


def found_ads(filters: AdFilters, page: int, per_page: int) -> FoundAds:
    """The active ads whose words match ``filters.q``, ranked by the portal's cross-lingual
    search (a Russian query finds an English ad and the reverse), one page of them, best first.

    The words are looked up in the search index, which the worker brings up to date moments
    after each change is committed: a just-posted ad, or a just-changed text, is found by its
    (new) words once it is indexed. What the list may show is read from the database, not the
    index: the hits are passed through :func:`ads_query` with the other filters, so an ad
    withdrawn, expired or changed since it was last indexed never appears where it no longer
    belongs (the page is then shorter by as many). The index holds active ads only, so this
    serves the list of active ads (``filters.status`` active, no ``organisation_ids``).
    """
    result = search(SearchQuery(q=filters.q or "", types=(SEARCH_KIND,), kind=filters.kind,
                                state=filters.state, technology_field=filters.technology_field,
                                page=page, per_page=per_page), with_facets=False)
    scores = {hit.object_id: hit.score for hit in result.hits if hit.kind == SEARCH_KIND}
    current = {ad.id: ad for ad in db.session.scalars(
        ads_query(replace(filters, q=None)).where(Ad.id.in_(list(scores))))} if scores else {}
    return FoundAds([(current[ad_id], score) for ad_id, score in scores.items()
                     if ad_id in current], result.total, result.total_exact)


def interests_received(organisation_ids: set[int], status: str | None = None) -> Select:
    """Interests in the ads of these organisations, newest first."""
    query = (select(ExpressionOfInterest).join(Ad, Ad.id == ExpressionOfInterest.ad_id)
             .where(Ad.organisation_id.in_(organisation_ids)))
    if status:
        query = query.where(ExpressionOfInterest.status == status)
    return query.order_by(ExpressionOfInterest.created_at.desc(), ExpressionOfInterest.id.desc())


def interests_sent(organisation_ids: set[int], status: str | None = None) -> Select:
    query = select(ExpressionOfInterest).where(
        ExpressionOfInterest.organisation_id.in_(organisation_ids))
    if status:
        query = query.where(ExpressionOfInterest.status == status)
    return query.order_by(ExpressionOfInterest.created_at.desc(), ExpressionOfInterest.id.desc())


def interests_of_ad(ad: Ad) -> list[ExpressionOfInterest]:
    return list(db.session.scalars(select(ExpressionOfInterest)
                                   .where(ExpressionOfInterest.ad_id == ad.id)
                                   .order_by(ExpressionOfInterest.created_at.desc())))
