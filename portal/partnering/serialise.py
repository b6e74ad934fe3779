"""Ads and interests as JSON for the API, shaped by what the reader may see: an anonymous ad's
organisation is ``null`` until the reader's organisation has an accepted interest in it, and
contact details appear only on an accepted interest."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.partnering import permissions, services
from portal.partnering.models import Ad, ExpressionOfInterest
from portal.partnering.reader_view import AdView, ad_view


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _owner_json(view: AdView) -> dict | None:
    if view.organisation is None:
        return None
    return {"id": view.organisation.id, "name": view.organisation.name}


def ads_json(ads: list[Ad], user) -> list[dict]:
    """Each of a list of ads, whom the reader follows looked up once for the list."""
    followed = services.followed_ads([ad.id for ad in ads], user)
    return [ad_json(ad, user, followed) for ad in ads]


def ad_json(ad: Ad, user, followed: set[int] | None = None) -> dict:
    """The ad; ``followed`` holds the ids of the ads the reader follows, where a list looked
    them up at once (:func:`ads_json`)."""
    view = ad_view(ad, user)
    return {
        "id": ad.id, "kind": ad.kind, "title": ad.title, "body": ad.body, "language": ad.language,
        "technology_fields": [field.key for field in ad.technology_fields],
        "anonymous": ad.anonymous, "status": ad.status, "state": view.state,
        "organisation": _owner_json(view),
        "created_at": iso(ad.created_at), "updated_at": iso(ad.updated_at),
        "expires_at": iso(ad.expires_at), "renewed_at": iso(ad.renewed_at),
        "version": ad.version, "following": (ad.id in followed if followed is not None
                                                else services.is_following(ad, user)),
    }


def interest_json(interest: ExpressionOfInterest, user) -> dict:
    data = {
        "id": interest.id, "ad_id": interest.ad_id, "status": interest.status,
        "message": interest.message,
        "organisation": {"id": interest.organisation_id, "name": interest.organisation.name},
        "created_at": iso(interest.created_at), "expires_at": iso(interest.expires_at),
        "answered_at": iso(interest.answered_at), "version": interest.version,
        "ad": {"id": interest.ad_id, "title": interest.ad.title, "kind": interest.ad.kind,
               "organisation": _owner_json(ad_view(interest.ad, user))},
    }
    if permissions.can_see_contacts(user, interest):
        data["contacts"] = services.contacts(interest)
    return data
