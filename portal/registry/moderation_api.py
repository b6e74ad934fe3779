"""The moderation queue in the API: the pending profiles the caller may moderate, by the same
query as the moderation page; publishing and returning are in the registry's API."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.core.api import bp, page_params, require, token_required
from portal.registry import permissions, queries
from portal.registry.models import Cluster


def _iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def queued_json(profile) -> dict:
    kind = "cluster" if isinstance(profile, Cluster) else "organisation"
    return {"type": kind, "id": profile.id, "name": profile.name, "state": profile.state_code,
            "region": profile.region_code, "created_at": _iso(profile.created_at),
            "url": url_for(f"api.get_{kind}", **{f"{kind}_id": profile.id}),
            "publish_url": url_for(f"api.publish_{kind}", **{f"{kind}_id": profile.id}),
            "return_url": url_for(f"api.return_{kind}", **{f"{kind}_id": profile.id})}


@bp.get("/moderation")
@token_required
def moderation_queue():
    """Pending profiles waiting for the caller's moderation.
    ---
    get:
      summary: The moderation queue (contact point of the profiles' state, or secretariat)
      tags: [registry]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        200: {description: "items {type: organisation | cluster, id, name, state, region,
          created_at, url, publish_url, return_url}: organisations then clusters, oldest first"}
        403: {description: "neither a contact point nor the secretariat"}
    """
    user = require(permissions.may_moderate,
                   _("Only contact points and the secretariat moderate profiles."))
    page, per_page = page_params()
    rows, total = queries.moderation_page(user, page, per_page)
    return {"items": [queued_json(row) for row in rows], "page": page, "per_page": per_page,
            "total": total}
