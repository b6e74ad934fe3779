"""Partner suggestions in the JSON API: ``GET /api/v1/organisations/{id}/matches`` (API.md,
"Organisations and clusters") and ``GET /api/v1/clusters/{id}/matches`` (a cluster as the
seeker, :mod:`portal.matching.clusters`), and the parameters and items that the features above
share for their own suggestions (an ad's in :mod:`portal.partnering.api`, a draft consortium's in
:mod:`portal.proposals.api`)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from portal.core.api import BadRequest, api_user, bp, require, token_required
from portal.core.errors import ValidationError
from portal.extensions import db
from portal.matching.clusters import (
    CLUSTER,
    ORGANISATION,
    cluster_suggestions,
    seeking_cluster,
)
from portal.matching.permissions import can_view_matches, may_rank_exhaustively
from portal.matching.reasons import explain, organisation_reader
from portal.matching.services import SCOPES, find_matches
from portal.registry.models import Cluster, Organisation
from portal.registry.queries import states_of_clusters

MAX_LIMIT = 50


def limit_param() -> int:
    raw = request.args.get("limit", "10")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        message = _("Must be a whole number from 1 to %(most)s.", most=MAX_LIMIT)
        raise BadRequest(message, {"limit": [message]})
    return int(raw)


def scope_param() -> str:
    scope = request.args.get("scope", "other_states")
    if scope not in SCOPES:
        message = _("Use one of %(scopes)s.", scopes=", ".join(SCOPES))
        raise BadRequest(message, {"scope": [message]})
    return scope


def exhaustive_param() -> bool:
    """``?exhaustive=`` (false by default): ``true`` or ``false``, else 400 with the field."""
    raw = request.args.get("exhaustive", "false")
    if raw not in ("true", "false"):
        message = _("Use true or false.")
        raise BadRequest(message, {"exhaustive": [message]})
    return raw == "true"


def match_json(match, organisation: Organisation, reasons: list[str] | None = None) -> dict:
    return {
        "organisation": {"id": organisation.id, "name": organisation.name,
                         "state": organisation.state_code, "region": organisation.region_code,
                         "kind": organisation.kind, "external_ref": organisation.external_ref},
        "score": match.score, "relation": match.relation,
        "reasons": explain(match) if reasons is None else reasons,
    }


@bp.get("/organisations/<int:organisation_id>/matches")
@token_required
def organisation_matches(organisation_id: int):
    """Partners for an organisation, best first, with their reasons.
    ---
    get:
      summary: Suggested partners in other member states, with the reasons for each
      tags: [matching]
      parameters:
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer, default: 10, maximum: 50}}
        - {name: scope, in: query, schema: {type: string, enum: [other_states, cross_border, all]}}
        - {name: exhaustive, in: query, schema: {type: boolean, default: false},
           description: "score every organisation, without the index's approximation
             (the secretariat and administrators)"}
      responses:
        200: {description: "items of {organisation, score, relation, reasons}"}
        400: {description: "a limit, scope or exhaustive the API does not know"}
        403: {description: "the caller may not view this organisation (or it does not exist), or
          asks for the exhaustive ranking without being of the secretariat or an administrator"}
    """
    organisation = db.session.get(Organisation, organisation_id)
    user = require(can_view_matches, _("You may not view this organisation."), organisation)
    limit, scope, exhaustive = limit_param(), scope_param(), exhaustive_param()
    if exhaustive:
        require(may_rank_exhaustively,
                _("Only the secretariat and administrators may ask for the exhaustive ranking."))
    matches = find_matches(organisation_id, limit=limit, scope=scope, exhaustive=exhaustive)
    partners = {o.id: o for o in db.session.scalars(db.select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in matches])))}
    reader = organisation_reader(user, organisation)
    items = [match_json(m, partners[m.organisation_id], explain(m, reader)) for m in matches]
    return {"items": items, "page": 1, "per_page": limit, "total": len(items)}


def bounded_limit() -> int:
    """``?limit=`` (10 by default): 400 for anything but a whole number, 422 for one outside 1 to
    :data:`MAX_LIMIT`."""
    raw = request.args.get("limit", "10")
    if not (raw.isascii() and raw.isdigit()):
        message = _("Must be a whole number from 1 to %(most)s.", most=MAX_LIMIT)
        raise BadRequest(message, {"limit": [message]})
    if not 1 <= int(raw) <= MAX_LIMIT:
        message = _("Must be a whole number from 1 to %(most)s.", most=MAX_LIMIT)
        raise ValidationError(message, {"limit": [message]})
    return int(raw)


def cluster_json(cluster: Cluster, states: list[str]) -> dict:
    return {"id": cluster.id, "name": cluster.name, "state": cluster.state_code,
            "states": states, "classification": cluster.classification}


@bp.get("/clusters/<int:cluster_id>/matches")
@token_required
def cluster_matches(cluster_id: int):
    """Partners for a cluster, best first: organisations and other clusters, with their reasons.
    ---
    get:
      summary: Suggested organisations and clusters for a cluster, with the reasons for each
      description: >
        The cluster's accepted members together are the seeker: their needs against the
        candidates' offers and the reverse, their technology fields, a helix role no member has
        and a region bordering a member's. Members are never suggested; with the scope
        `other_states`, nor is an organisation of a state the cluster is in. Another published
        cluster is suggested through its member that ranks best. For anyone signed in when the
        cluster is published, otherwise for its managers, members, moderators and the secretariat.
      tags: [matching]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer, default: 10, minimum: 1, maximum: 50}}
        - {name: scope, in: query, schema: {type: string, enum: [other_states, cross_border, all]}}
      responses:
        200: {description: "items of {kind: organisation, organisation, score, relation, reasons}
          or {kind: cluster, cluster: {id, name, state, states, classification}, score, relation,
          reasons}"}
        400: {description: "a limit that is not a whole number, or an unknown scope"}
        403: {description: "the caller's organisation is invited to the cluster but has not accepted"}
        404: {description: "no such cluster, or not visible to the caller"}
        422: {description: "a limit outside 1 to 50"}
    """
    user = api_user()
    limit, scope = bounded_limit(), scope_param()
    cluster = seeking_cluster(cluster_id, user)
    rows = cluster_suggestions(cluster, limit=limit, scope=scope)
    states = states_of_clusters([s.cluster.id for s, _o, _r in rows if s.kind == CLUSTER])
    items = []
    for suggestion, organisation, reasons in rows:
        if suggestion.kind == CLUSTER:
            items.append({"kind": CLUSTER,
                          "cluster": cluster_json(suggestion.cluster, states[suggestion.cluster.id]),
                          "score": suggestion.score, "relation": suggestion.relation,
                          "reasons": reasons})
        else:
            items.append({"kind": ORGANISATION, **match_json(suggestion.match, organisation, reasons)})
    return {"items": items, "page": 1, "per_page": limit, "total": len(items)}
