"""Partner suggestions in the JSON API: ``GET /api/v1/organisations/{id}/matches`` (API.md,
"Organisations and clusters"), ``/ads/{id}/matches`` and ``/proposals/{id}/matches`` (a draft
consortium)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from portal.core.api import BadRequest, api_user, bp, require, token_required
from portal.core.errors import ConflictError
from portal.extensions import db
from portal.matching.ads import ad_suggestions
from portal.matching.consortium import consortium_suggestions
from portal.matching.permissions import (
    can_see_ad_matches,
    can_view_matches,
    reads_consortium_matches,
)
from portal.matching.reasons import explain
from portal.matching.services import SCOPES, find_matches
from portal.partnering.services import visible_ad
from portal.proposals import permissions as proposal_permissions
from portal.proposals import services as proposals
from portal.proposals.workflow import EDITABLE
from portal.registry.models import Organisation

MAX_LIMIT = 50


def _limit() -> int:
    raw = request.args.get("limit", "10")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        message = _("Must be a whole number from 1 to %(most)s.", most=MAX_LIMIT)
        raise BadRequest(message, {"limit": [message]})
    return int(raw)


def _scope() -> str:
    scope = request.args.get("scope", "other_states")
    if scope not in SCOPES:
        message = _("Use one of %(scopes)s.", scopes=", ".join(SCOPES))
        raise BadRequest(message, {"scope": [message]})
    return scope


def serialise(match, organisation: Organisation, reasons: list[str] | None = None) -> dict:
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
      responses:
        200: {description: "items of {organisation, score, relation, reasons}"}
        403: {description: "the caller may not view this organisation (or it does not exist)"}
    """
    organisation = db.session.get(Organisation, organisation_id)
    require(can_view_matches, _("You may not view this organisation."), organisation)
    limit, scope = _limit(), _scope()
    matches = find_matches(organisation_id, limit=limit, scope=scope)
    partners = {o.id: o for o in db.session.scalars(db.select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in matches])))}
    items = [serialise(m, partners[m.organisation_id]) for m in matches]
    return {"items": items, "page": 1, "per_page": limit, "total": len(items)}


@bp.get("/ads/<int:ad_id>/matches")
@token_required
def ad_matches(ad_id: int):
    """Partners for a cooperation ad, best first, with their reasons.
    ---
    get:
      summary: Suggested partners for an ad (its text as a need or an offer, by its kind)
      description: >
        For the ad's owner (the members of its organisation) and the staff only: the ad's own
        organisation is never suggested, so the list would give an anonymous ad's owner away to
        anyone who compared it with another's. For a reader who may not know an anonymous ad's
        organisation, the ranking ignores the organisation's region and kind, and no reason
        names them.
      tags: [matching]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer, default: 10, maximum: 50}}
        - {name: scope, in: query, schema: {type: string, enum: [other_states, cross_border, all]}}
      responses:
        200: {description: "items of {organisation, score, relation, reasons}"}
        400: {description: "a bad limit or scope"}
        403: {description: "the caller is neither a member of the ad's organisation nor staff"}
        404: {description: "no such ad, or not visible to the caller"}
    """
    ad = visible_ad(ad_id, api_user())
    user = require(can_see_ad_matches,
                   _("Only the ad's organisation and the secretariat see its suggested partners."),
                   ad)
    limit, scope = _limit(), _scope()
    rows = ad_suggestions(ad, user, limit=limit, scope=scope)
    items = [serialise(match, partner, reasons) for match, partner, reasons in rows]
    return {"items": items, "page": 1, "per_page": limit, "total": len(items)}


@bp.get("/proposals/<int:proposal_id>/matches")
@token_required
def proposal_matches(proposal_id: int):
    """Partners for a draft consortium, best first, with their reasons.
    ---
    get:
      summary: Suggested partners for a draft proposal's consortium, from every member state
      description: >
        The consortium's partners together are the seeker: their needs against the candidates'
        offers and the reverse, the technology fields of the partners and the call, a helix role
        no partner has, a region bordering a partner's, and a member state no partner is in yet.
        Current partners are never suggested. For the proposal's applicants and the secretariat,
        while the proposal is a draft or returned to the applicant.
      tags: [matching, proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer, default: 10, maximum: 50}}
      responses:
        200: {description: "items of {organisation, score, relation, reasons}"}
        400: {description: "a bad limit"}
        403: {description: "the caller is neither an applicant of the proposal nor the secretariat"}
        404: {description: "no such proposal, or not visible to the caller"}
        409: {description: "the proposal is no longer a draft"}
    """
    user = require(proposal_permissions.may_see_proposals, _("You may not act on proposals."))
    proposal = proposals.get_proposal(proposal_id, user)
    require(reads_consortium_matches,
            _("Only the applicants and the secretariat see the suggested partners."), proposal)
    if proposal.status not in EDITABLE:
        raise ConflictError(_("Partners are suggested for a draft proposal only."))
    limit = _limit()
    rows = consortium_suggestions(proposal, limit=limit)
    items = [serialise(match, partner, reasons) for match, partner, reasons in rows]
    return {"items": items, "page": 1, "per_page": limit, "total": len(items)}
