"""Cooperation ads in the cross-lingual search (DESIGN 4.7), registered from the feature's
``init_app`` by :func:`register`.

An ad's document holds its title (as the name) and its text in the ad's language, and its
technology fields by their names in every language, so that a Russian query finds an English
ad and the reverse. Only an active ad is public; a withdrawn or expired one drops out of the
results when it is re-indexed (the change is noticed when the session flushes, like a profile's).

An ad's document says no more than the ads list shows a stranger: never the organisation (an
anonymous ad hides it, and a named one is found by its own words), the owner's member state (which
the list shows for every ad), no region. The ad's kind is the document's ``category`` (the
``kind`` filter).

Ads are read by signed-in users only (``permissions``): search leaves them out of a visitor's
search.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.partnering.labels import KIND_NAMES
from portal.partnering.models import Ad, AdStatus
from portal.partnering.reader_view import ad_view
from portal.partnering.serialise import ad_json, ads_json
from portal.reference.queries import technology_texts
from portal.search.documents import Document, register_provider
from portal.search.kinds import SearchKind, register_kind

KIND = "ad"


def ad_document(object_id: int) -> Document | None:
    ad = db.session.get(Ad, object_id)
    if ad is None:
        return None
    return Document(
        kind=KIND, object_id=ad.id, title=ad.title, language=ad.language,
        public=ad.status == AdStatus.ACTIVE,
        fields={"name": [ad.title], "description": [ad.body or ""],
                "technology": technology_texts(ad.technology_fields)},
        state_code=ad_view(ad, None).state, region_code=None, category=ad.kind,
        technology_fields=[tf.key for tf in ad.technology_fields])


def may_search_ads(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def page_item(ad: Ad, reader) -> dict:
    """An ad as the ads list shows it to any reader: never its organisation (an anonymous ad
    hides it), its owner's member state."""
    view = ad_view(ad, reader)
    return {"name": ad.title, "texts": [("body", ad.body)],
            "label": str(KIND_NAMES.get(ad.kind, ad.kind)),
            "link": url_for("partnering.ad", ad_id=ad.id),
            "state": view.state, "region": None}


def register() -> None:
    register_provider(KIND, Ad, ad_document)
    register_kind(SearchKind(name=KIND, label=_l("Cooperation ads"), category_names=KIND_NAMES,
                             may_read=may_search_ads, page_item=page_item, api_profile=ad_json,
                             load_options=(joinedload(Ad.organisation),),
                             api_profiles=ads_json))
