"""Proposals in the JSON API (API.md "Calls and proposals")."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.api import bp, json_body, paginate, require, token_required
from portal.core.errors import ConflictError
from portal.extensions import db
from portal.matching.api import limit_param, match_json
from portal.partnering.permissions import acts_for_an_organisation
from portal.proposals import joint, listing, permissions, services
from portal.proposals.co_funding import co_funded_proposal_json, states_co_funded_in
from portal.proposals.consortium import consortium_suggestions
from portal.proposals.history import history_for
from portal.proposals.hooks import summaries_of_many
from portal.proposals.serialise import history_json, proposal_json
from portal.proposals.workflow import EDITABLE

#: The 403 of a caller with no part in proposals, before anything is loaded.
NO_PART = _l("You may not act on proposals.")


@bp.post("/proposals")
@token_required
def create_proposal():
    """Prepare a draft proposal to a call.
    ---
    post:
      summary: A draft proposal (a cluster manager, or the secretariat)
      tags: [proposals]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [call_id, title, acronym, lead_organisation_id]
              properties:
                call_id: {type: integer}
                title: {type: string, maxLength: 300}
                acronym: {type: string, maxLength: 30}
                summary: {type: string}
                work_plan: {type: string}
                technology_fields: {type: array, items: {type: string}}
                duration_months: {type: integer, minimum: 1, maximum: 120}
                lead_organisation_id: {type: integer, description: "an organisation the caller
                  acts for (a member of it, or one of a cluster they manage; any for the
                  secretariat); a partner too, added if missing"}
                partners:
                  type: array
                  items:
                    type: object
                    required: [organisation_id]
                    properties:
                      organisation_id: {type: integer}
                      cofinancing_rate: {type: number, minimum: 0, maximum: 1}
                      budget:
                        type: array
                        items:
                          type: object
                          properties:
                            category: {type: string, enum: [staff, equipment, travel,
                                                             subcontracting, consumables, other]}
                            amount: {type: number, minimum: 0}
                            currency: {type: string}
                indicators:
                  type: array
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      unit: {type: string}
                      baseline: {type: number}
                      target: {type: number}
                milestones:
                  type: array
                  items:
                    type: object
                    properties:
                      title: {type: string}
                      month: {type: integer}
                      deliverable: {type: string}
                ip:
                  type: object
                  description: "the IP section; a key left out stays as it is"
                  properties:
                    background:
                      type: array
                      maxItems: 50
                      items:
                        type: object
                        properties:
                          organisation_id: {type: integer, description: "a partner"}
                          title: {type: string, maxLength: 300}
                          kind: {type: string, enum: [patent, know_how, software, data, other]}
                          terms: {type: string, maxLength: 20000}
                    results_ownership: {type: string, nullable: true,
                                        enum: [creator, joint, lead]}
                    access_rights: {type: string, maxLength: 20000}
      responses:
        201: {description: "the proposal, status draft"}
        400: {description: "the body is not a JSON object"}
        403: {description: "neither a cluster manager nor the secretariat"}
        422: {description: "invalid values, every one listed in fields"}
    """
    user = require(permissions.may_create_proposals,
                   _("Only cluster managers and the secretariat prepare proposals."))
    proposal = services.create_proposal(json_body(), user)
    db.session.commit()
    return proposal_json(proposal), 201


@bp.post("/interests/<int:interest_id>/proposal")
@token_required
def start_joint_proposal(interest_id: int):
    """Start a joint proposal from an accepted expression of interest.
    ---
    post:
      summary: A draft proposal to an open call, led by the caller's side of an accepted interest
      description: >
        The caller's organisation (the side of the interest it acts for) leads; the other
        organisation is the partner, asked to confirm. The title and technology fields come from
        the ad. A live proposal already started from this interest, with this lead, to this call
        is returned as it is (200) instead of a second one.
      tags: [proposals]
      parameters:
        - {name: interest_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [call_id]
              properties:
                call_id: {type: integer, description: "a call open for proposals now"}
      responses:
        201: {description: "the new proposal, status draft, with both organisations as partners"}
        200: {description: "the proposal already started from this interest to this call"}
        400: {description: "the body is not a JSON object"}
        403: {description: "the caller acts for no organisation"}
        404: {description: "no such interest, or the caller is on neither side"}
        409: {description: "the interest is not accepted"}
        422: {description: "no such call, the call is not open, or an organisation is not published"}
    """
    user = require(acts_for_an_organisation, _("Only members of an organisation may do this."))
    proposal, created = joint.start_joint_proposal(interest_id, json_body().get("call_id"), user)
    db.session.commit()
    return proposal_json(proposal), 201 if created else 200


@bp.get("/proposals")
@token_required
def list_proposals():
    """The proposals the caller may see.
    ---
    get:
      summary: The caller's proposals (created, led, partnered, or of their state); every
        proposal for the secretariat and the administrator
      tags: [proposals]
      parameters:
        - {name: call_id, in: query, schema: {type: integer}}
        - {name: status, in: query, schema: {type: string}}
        - {name: state, in: query, description: "a member state one of the partners is in",
           schema: {type: string}}
        - {name: classification, in: query,
           schema: {type: string, enum: [cross_border, transnational, national]}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of proposals"}
        403: {description: "the caller takes part in no proposal"}
        422: {description: "an unknown status, member state or classification"}
    """
    user = require(permissions.may_see_proposals, NO_PART)
    filters = listing.read_filters(request.args)
    return paginate(listing.filtered(services.visible_proposals(user), filters)
                    .options(*services.WHOLE), proposal_json, serialise_page=_proposals_json)


def _proposals_json(proposals: list) -> list[dict]:
    known = summaries_of_many(proposals)
    return [proposal_json(proposal, known) for proposal in proposals]


@bp.get("/proposals/<int:proposal_id>")
@token_required
def get_proposal(proposal_id: int):
    """One proposal.
    ---
    get:
      summary: One proposal, with its eligibility reasons in the caller's language
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the proposal"}
        404: {description: "no such proposal, or not visible to the caller"}
    """
    user = require(permissions.may_see_proposals, NO_PART)
    return proposal_json(services.get_proposal(proposal_id, user))


@bp.patch("/proposals/<int:proposal_id>")
@token_required
def update_proposal(proposal_id: int):
    """Change a draft proposal.
    ---
    patch:
      summary: Change a draft or returned proposal; partners, indicators, milestones and the
        IP section's background rows sent are replaced (a partner removed takes its background
        IP with it)
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [version]
              properties:
                version: {type: integer}
      responses:
        200: {description: "the proposal"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not an applicant"}
        404: {description: "no such proposal"}
        409: {description: "a stale version, or the proposal is no longer editable"}
        422: {description: "invalid values"}
    """
    user = require(permissions.may_apply, NO_PART)
    body = json_body()
    version = body.pop("version", None)
    proposal = services.update_proposal(proposal_id, body, version, user)
    db.session.commit()
    return proposal_json(proposal)


@bp.post("/proposals/<int:proposal_id>/partners/<int:organisation_id>/confirm")
@token_required
def confirm_partner(proposal_id: int, organisation_id: int):
    """Confirm one's organisation's participation.
    ---
    post:
      summary: Confirm participation (a member of that organisation)
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the proposal"}
        403: {description: "not a member of the organisation"}
        404: {description: "no such proposal or partner"}
        409: {description: "the proposal is already submitted"}
    """
    partner = services.confirm_partner(proposal_id, organisation_id,
                                       require(permissions.may_apply, NO_PART))
    db.session.commit()
    return proposal_json(partner.proposal)


@bp.post("/proposals/<int:proposal_id>/partners/<int:organisation_id>/endorse")
@token_required
def endorse_partner(proposal_id: int, organisation_id: int):
    """Endorse a partner of one's state.
    ---
    post:
      summary: Endorse a partner (the contact point of that organisation's state, or the
        national co-funder of that state in the proposal's call)
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the proposal; to a co-funder who may not read all of it, only its
          title, acronym, status, classification and the partners of the states it co-funds
          (as in GET /api/v1/co-funding)"}
        403: {description: "neither the contact point nor the co-funder of the partner's state"}
        404: {description: "no such proposal or partner (for a co-funder: none of its states)"}
        409: {description: "the proposal is already submitted"}
    """
    user = require(permissions.may_endorse, NO_PART)
    partner = services.endorse_partner(proposal_id, organisation_id, user)
    db.session.commit()
    if permissions.can_view(user, partner.proposal):
        return proposal_json(partner.proposal)
    return co_funded_proposal_json(partner.proposal,
                                   states_co_funded_in(user, partner.proposal))


@bp.post("/proposals/<int:proposal_id>/submit")
@token_required
def submit_proposal(proposal_id: int):
    """Submit a proposal; the worker checks its eligibility.
    ---
    post:
      summary: Submit (an applicant); 202, the status changes when the check is done
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      responses:
        202: {description: "the proposal, status submitted"}
        403: {description: "not an applicant"}
        404: {description: "no such proposal"}
        409: {description: "not submittable now (status, call closed, no consortium)"}
        422: {description: "the eligibility preview fails: every reason in error.reasons
                            ({code, message, params}); nothing changes"}
    """
    proposal = services.submit_proposal(proposal_id, require(permissions.may_apply, NO_PART))
    db.session.commit()
    return proposal_json(proposal), 202


@bp.post("/proposals/<int:proposal_id>/withdraw")
@token_required
def withdraw_proposal(proposal_id: int):
    """Withdraw a proposal.
    ---
    post:
      summary: Withdraw (the lead), at any status before a decision
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                note: {type: string}
      responses:
        200: {description: "the proposal, status withdrawn"}
        403: {description: "not an applicant"}
        404: {description: "no such proposal"}
        409: {description: "already decided or withdrawn"}
    """
    user = require(permissions.may_apply, NO_PART)
    body = request.get_json(silent=True)
    note = body.get("note", "") if isinstance(body, dict) else ""
    proposal = services.withdraw_proposal(proposal_id, user,
                                          note=note if isinstance(note, str) else "")
    db.session.commit()
    return proposal_json(proposal)


@bp.get("/proposals/<int:proposal_id>/history")
@token_required
def proposal_history(proposal_id: int):
    """The status history.
    ---
    get:
      summary: Every status change, oldest first
      tags: [proposals]
      parameters:
        - {name: proposal_id, in: path, required: true, schema: {type: integer}}
      responses:
        200:
          description: >
            items {from, to, action, actor, at, note}; actor is null for the worker, and has a
            null id and the name "the rapporteur" where the caller may not know the expert who
            acted (anyone but the staff)
        404: {description: "no such proposal"}
    """
    user = require(permissions.may_see_proposals, NO_PART)
    proposal = services.get_proposal(proposal_id, user)
    items = [history_json(entry) for entry in history_for(proposal, user)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


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
    user = require(permissions.may_see_proposals, _("You may not act on proposals."))
    proposal = services.get_proposal(proposal_id, user)
    require(permissions.reads_consortium_matches,
            _("Only the applicants and the secretariat see the suggested partners."), proposal)
    if proposal.status not in EDITABLE:
        raise ConflictError(_("Partners are suggested for a draft proposal only."))
    limit = limit_param()
    rows = consortium_suggestions(proposal, limit=limit)
    items = [match_json(match, partner, reasons) for match, partner, reasons in rows]
    return {"items": items, "page": 1, "per_page": limit, "total": len(items)}
