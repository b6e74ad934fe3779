"""Cooperation ads in the cross-lingual search (DESIGN 4.7).

An ad's document holds its title (as the name) and its text in the ad's language, and its
technology fields by their names in every language, so that a Russian query finds an English
ad and the reverse. Only an active ad is public; a withdrawn or expired one drops out of the
results when it is re-indexed (the change is noticed when the session flushes, like a profile's).

An ad's document says no more than the ads list shows a stranger: never the organisation (an
anonymous ad hides it, and a named one is found by its own words), the owner's member state (which
the list shows for every ad), no region. The ad's kind is the document's ``category`` (the
``kind`` filter).

Ads are read by signed-in users only (``permissions``): :func:`readable` takes them out of a
visitor's search.
"""

from __future__ import annotations

from dataclasses import replace

from portal.extensions import db
from portal.partnering.models import Ad, AdStatus
from portal.search.documents import PROVIDERS, Document, _technology_texts, register_provider

KIND = "ad"


def ad_document(object_id: int) -> Document | None:
    ad = db.session.get(Ad, object_id)
    if ad is None:
        return None
    return Document(
        kind=KIND, object_id=ad.id, title=ad.title, language=ad.language,
        public=ad.status == AdStatus.ACTIVE,
        fields={"name": [ad.title], "description": [ad.body or ""],
                "technology": _technology_texts(ad.technology_fields)},
        state_code=ad.organisation.state_code, region_code=None, category=ad.kind,
        technology_fields=[tf.key for tf in ad.technology_fields])


def may_search_ads(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def readable(query, user):
    """``query`` (a :class:`portal.search.engine.SearchQuery`) without ads for a reader who may
    not read them; a search for ads only then finds nothing."""
    if may_search_ads(user):
        return query
    kinds = tuple(kind for kind in (query.types or tuple(PROVIDERS)) if kind != KIND)
    if not kinds:
        return replace(query, types=(KIND,), object_ids=())
    return replace(query, types=kinds)


register_provider(KIND, Ad, ad_document)
