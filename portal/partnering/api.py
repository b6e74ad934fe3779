"""Cooperation ads and expressions of interest in the JSON API (API.md "Cooperation ads")."""

from __future__ import annotations

from datetime import datetime

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.api import api_user, bp, json_body, page_params, paginate, require, token_required
from portal.core.errors import ValidationError
from portal.extensions import db
from portal.matching.api import limit_param, match_json, scope_param
from portal.partnering import permissions, queries, services
from portal.partnering.matches import ad_suggestions
from portal.partnering.models import AdKind, InterestStatus
from portal.partnering.serialise import ad_json, ads_json, interest_json

#: The 403 of a caller who acts for no organisation, before anything is loaded.
MEMBERS_ONLY = _l("Only members of an organisation may do this.")


def _timestamp(value, field: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        message = _("An ISO 8601 time with its zone, e.g. 2026-05-01T09:00:00Z.")
        raise ValidationError(message, {field: [message]})
    return moment


@bp.post("/ads")
@token_required
def create_ad():
    """Post a cooperation ad for one's organisation.
    ---
    post:
      summary: Post an ad (a member of the organisation)
      tags: [ads]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [organisation_id, kind, title, body]
              properties:
                organisation_id: {type: integer}
                kind: {type: string, enum: [technology_offer, technology_request, business_offer,
                                            business_request, rd_request, partner_search]}
                title: {type: string, maxLength: 200}
                body: {type: string}
                technology_fields: {type: array, items: {type: string}}
                language: {type: string, description: "of the text; the organisation's by default"}
                expires_at: {type: string, format: date-time,
                             description: "12 months from now by default, and at most"}
                anonymous: {type: boolean, description: "hide the organisation until an interest is accepted"}
      responses:
        201: {description: "the ad"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not a member of the organisation"}
        422: {description: "invalid values"}
    """
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    body = json_body()
    ad = services.post_ad(
        organisation_id=body.get("organisation_id"), kind=body.get("kind"),
        title=body.get("title"), body=body.get("body"),
        technology_fields=body.get("technology_fields") or [], language=body.get("language"),
        anonymous=body.get("anonymous", False),
        expires_at=_timestamp(body.get("expires_at"), "expires_at"), actor=user)
    db.session.commit()
    return ad_json(ad, user), 201


@bp.get("/ads")
@token_required
def list_ads():
    """Active cooperation ads: newest first, or best first for words.

    ``q`` ranks by the portal's cross-lingual search (:func:`queries.found_ads`): words are
    looked up in the search index, which the worker updates moments after each change, so a
    just-posted ad is found by its words once indexed; the filters and what the caller may see
    are read from the database as without ``q``.
    ---
    get:
      summary: Active ads, newest first, or best first for words, with filters
      tags: [ads]
      parameters:
        - name: q
          in: query
          schema: {type: string}
          description: >-
            words in any language (a Russian query finds an English ad and the reverse); the
            results come best first, each with its score. An ad is found by its words moments
            after it is posted or changed, once the search index has taken it in
        - {name: kind, in: query, schema: {type: string}}
        - {name: state, in: query, schema: {type: string}, description: "the owner's member state"}
        - {name: technology_field, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200:
          description: >-
            items of ads, each with a score (null without q); an anonymous ad's organisation is
            null; total (with q, a lower bound when total_exact is false)
        400: {description: "page or per_page not a whole number"}
        422: {description: "unknown kind"}
    """
    user = api_user()
    kind = request.args.get("kind") or None
    if kind is not None and kind not in set(AdKind):
        message = _("Unknown kind of ad: %(kind)s", kind=kind)
        raise ValidationError(message, {"kind": [message]})
    filters = queries.AdFilters(q=request.args.get("q"), kind=kind,
                                state=request.args.get("state") or None,
                                technology_field=request.args.get("technology_field") or None)
    if not (filters.q or "").strip():
        listed = paginate(queries.ads_query(filters), ad_json, serialise_page=lambda ads: [
            {**shaped, "score": None} for shaped in ads_json(ads, user)])
        return {**listed, "total_exact": True}
    page, per_page = page_params()
    found = queries.found_ads(filters, page, per_page)
    shaped = ads_json([ad for ad, _score in found.items], user)
    return {"items": [{**one, "score": score} for one, (_ad, score) in zip(shaped, found.items,
                                                                            strict=True)],
            "page": page, "per_page": per_page, "total": found.total,
            "total_exact": found.total_exact}


@bp.get("/ads/<int:ad_id>")
@token_required
def get_ad(ad_id: int):
    """One ad.
    ---
    get:
      summary: One ad (active, or one's own, or one one's organisation answered)
      tags: [ads]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the ad"}
        404: {description: "no such ad, or not visible to the caller"}
    """
    user = api_user()
    return ad_json(services.visible_ad(ad_id, user), user)


@bp.patch("/ads/<int:ad_id>")
@token_required
def update_ad(ad_id: int):
    """Change an active ad; followers are told.
    ---
    patch:
      summary: Change an ad's kind, title, body, language, technology fields or anonymity
      description: >
        anonymous false reveals the organisation to every reader; true again hides it from
        everyone but the organisations whose interest was already accepted.
      tags: [ads]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [version]
              properties:
                version: {type: integer}
                kind: {type: string}
                title: {type: string}
                body: {type: string}
                language: {type: string}
                technology_fields: {type: array, items: {type: string}}
                anonymous: {type: boolean}
      responses:
        200: {description: "the ad"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not a member of the ad's organisation"}
        404: {description: "no such ad"}
        409: {description: "stale version, or the ad is not active"}
        422: {description: "invalid values"}
    """
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    body = json_body()
    version = body.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool):
        message = _("Send the version of the ad you are changing.")
        raise ValidationError(message, {"version": [message]})
    ad = services.update_ad(ad_id, user, version=version, **body)
    db.session.commit()
    return ad_json(ad, user)


@bp.post("/ads/<int:ad_id>/renew")
@token_required
def renew_ad(ad_id: int):
    """Renew an ad in one step.
    ---
    post:
      summary: Active again, for 12 months from now
      tags: [ads]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the ad"}
        403: {description: "not a member of the ad's organisation"}
        404: {description: "no such ad"}
        409: {description: "the ad is withdrawn"}
    """
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    ad = services.renew_ad(ad_id, user)
    db.session.commit()
    return ad_json(ad, user)


@bp.post("/ads/<int:ad_id>/withdraw")
@token_required
def withdraw_ad(ad_id: int):
    """Withdraw an ad.
    ---
    post:
      summary: Take the ad off the list for good
      tags: [ads]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the ad"}
        403: {description: "not a member of the ad's organisation"}
        404: {description: "no such ad"}
        409: {description: "already withdrawn"}
    """
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    ad = services.withdraw_ad(ad_id, user)
    db.session.commit()
    return ad_json(ad, user)


@bp.route("/ads/<int:ad_id>/follow", methods=["POST", "DELETE"])
@token_required
def follow_ad(ad_id: int):
    """Follow an ad, or stop following it.
    ---
    post:
      summary: Hear by e-mail when the ad is updated or renewed
      tags: [ads]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the ad, following true"}
        404: {description: "no such ad"}
    delete:
      summary: Stop following the ad
      tags: [ads]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the ad, following false"}
        404: {description: "no such ad"}
    """
    user = api_user()
    if request.method == "POST":
        services.follow_ad(ad_id, user)
    else:
        services.unfollow_ad(ad_id, user)
    db.session.commit()
    return ad_json(services.visible_ad(ad_id, user), user)


@bp.post("/ads/<int:ad_id>/interests")
@token_required
def express_interest(ad_id: int):
    """Express one's organisation's interest in an ad.
    ---
    post:
      summary: Express interest (a member of another organisation than the ad's)
      tags: [ads]
      parameters:
        - {name: ad_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [organisation_id, message]
              properties:
                organisation_id: {type: integer}
                message: {type: string}
      responses:
        201: {description: "the expression of interest, pending"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not a member of that organisation"}
        404: {description: "no such ad"}
        409: {description: "the ad is not active, or the organisation already expressed interest"}
        422: {description: "invalid values, or one's own organisation's ad"}
    """
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    body = json_body()
    interest = services.express_interest(ad_id, body.get("organisation_id"), body.get("message"),
                                         user)
    db.session.commit()
    return interest_json(interest, user), 201


@bp.get("/interests")
@token_required
def list_interests():
    """Expressions of interest received by the caller's organisations, or sent by them.
    ---
    get:
      summary: Interests received (default) or sent
      tags: [ads]
      parameters:
        - {name: box, in: query, schema: {type: string, enum: [received, sent]}}
        - {name: status, in: query, schema: {type: string, enum: [pending, accepted, declined, expired]}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of interests"}
        403: {description: "the caller acts for no organisation"}
        422: {description: "unknown box or status"}
    """
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    box = request.args.get("box") or "received"
    status = request.args.get("status") or None
    problems = {}
    if box not in ("received", "sent"):
        problems["box"] = [_("Either received or sent.")]
    if status is not None and status not in set(InterestStatus):
        problems["status"] = [_("Unknown status: %(status)s", status=status)]
    if problems:
        raise ValidationError(_("Some values are not valid."), problems)
    query = (queries.interests_received if box == "received" else queries.interests_sent)(
        permissions.organisation_ids(user), status)
    return paginate(query, lambda interest: interest_json(interest, user))


@bp.get("/interests/<int:interest_id>")
@token_required
def get_interest(interest_id: int):
    """One expression of interest, with the contact details once accepted.
    ---
    get:
      summary: One expression of interest (either side)
      tags: [ads]
      parameters:
        - {name: interest_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the interest; contacts {owner, sender} when accepted"}
        403: {description: "the caller acts for no organisation"}
        404: {description: "no such interest, or the caller is on neither side"}
    """
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    return interest_json(services.visible_interest(interest_id, user), user)


def _answer(interest_id: int, service):
    user = require(permissions.acts_for_an_organisation, MEMBERS_ONLY)
    interest = service(interest_id, user)
    db.session.commit()
    return interest_json(interest, user)


@bp.post("/interests/<int:interest_id>/accept")
@token_required
def accept_interest(interest_id: int):
    """Accept an expression of interest: both sides see each other's contact details.
    ---
    post:
      summary: Accept (a member of the ad's organisation)
      tags: [ads]
      parameters:
        - {name: interest_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the interest with contacts {owner, sender}"}
        403: {description: "not a member of the ad's organisation"}
        404: {description: "no such interest"}
        409: {description: "already answered or expired"}
    """
    return _answer(interest_id, services.accept_interest)


@bp.post("/interests/<int:interest_id>/decline")
@token_required
def decline_interest(interest_id: int):
    """Decline an expression of interest; an anonymous owner stays anonymous.
    ---
    post:
      summary: Decline (a member of the ad's organisation)
      tags: [ads]
      parameters:
        - {name: interest_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the interest"}
        403: {description: "not a member of the ad's organisation"}
        404: {description: "no such interest"}
        409: {description: "already answered or expired"}
    """
    return _answer(interest_id, services.decline_interest)


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
    ad = services.visible_ad(ad_id, api_user())
    user = require(permissions.can_see_ad_matches,
                   _("Only the ad's organisation and the secretariat see its suggested partners."),
                   ad)
    limit, scope = limit_param(), scope_param()
    rows = ad_suggestions(ad, user, limit=limit, scope=scope)
    items = [match_json(match, partner, reasons) for match, partner, reasons in rows]
    return {"items": items, "page": 1, "per_page": limit, "total": len(items)}
