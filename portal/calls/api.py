"""Calls in the JSON API (API.md "Calls and proposals"): the secretariat opens them, anyone
reads them."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.calls import services
from portal.calls.permissions import may_manage_calls
from portal.calls.serialise import call_json, calls_json
from portal.core.api import bp, json_body, paginate, require, token_required
from portal.core.db import utcnow
from portal.extensions import db


@bp.post("/calls")
@token_required
def create_call():
    """Open a call for proposals.
    ---
    post:
      summary: Open a call (the secretariat)
      tags: [calls]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [title, opens_at, closes_at, timezone, technology_fields,
                         currency, max_grant, min_cofinancing_rate, criteria, overall_threshold]
              properties:
                title: {type: string, maxLength: 300}
                description: {type: string}
                language: {type: string, description: "of the title and text; ru by default"}
                opens_at: {type: string, format: date-time}
                closes_at: {type: string, format: date-time, description: "after opens_at"}
                timezone: {type: string, description: "an IANA zone, e.g. Asia/Almaty"}
                technology_fields: {type: array, items: {type: string}}
                budget: {type: number, description: "the common envelope; required unless
                  national_envelopes are given (beside or instead of it)"}
                national_envelopes:
                  type: array
                  maxItems: 5
                  description: "one per member state, in that state's currency; each partner's
                    grant is drawn from its state's envelope"
                  items:
                    type: object
                    required: [state, amount, currency, co_funder_organisation_id]
                    properties:
                      state: {type: string, description: "a member state's code"}
                      amount: {type: number, exclusiveMinimum: 0}
                      currency: {type: string, description: "the state's own currency"}
                      co_funder_organisation_id: {type: integer, description: "a published
                        organisation of that state"}
                requires_consortium_agreement: {type: boolean, default: false, description:
                  "a signed consortium agreement and the IP section become eligibility rules"}
                currency: {type: string, enum: [AMD, BYN, KZT, KGS, RUB, USD, EUR]}
                max_grant: {type: number}
                min_cofinancing_rate: {type: number, description: "a fraction, 0 to below 1"}
                min_states: {type: integer, minimum: 2, maximum: 5, default: 2}
                requires_endorsement: {type: boolean, default: true}
                required_attachments: {type: array, items: {type: string}}
                criteria:
                  type: array
                  items:
                    type: object
                    required: [key, name, weight, threshold]
                    properties:
                      key: {type: string}
                      name: {type: string}
                      weight: {type: number, exclusiveMinimum: 0}
                      threshold: {type: number, minimum: 0, maximum: 5}
                overall_threshold: {type: number, minimum: 0, maximum: 5}
                experts_per_proposal: {type: integer, default: 3}
                review_days: {type: integer, default: 30}
                reporting_period_months: {type: integer, minimum: 1, maximum: 24, default: 6,
                                          description: "how often a funded project reports"}
                decision_rule: {type: string, enum: [consensus, qualified_majority]}
      responses:
        201: {description: "the call"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not the secretariat"}
        422: {description: "invalid values, every one listed in fields"}
    """
    user = require(may_manage_calls, _("Only the secretariat opens calls."))
    call = services.open_call(json_body(), user)
    db.session.commit()
    return call_json(call, utcnow()), 201


@bp.get("/calls")
def list_calls():
    """Every call, the latest to close first.
    ---
    get:
      summary: The calls (public)
      tags: [calls]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of calls"}
    """
    now = utcnow()
    return paginate(services.calls_query(), lambda call: call_json(call, now),
                    lambda calls: calls_json(calls, now))


@bp.get("/calls/<int:call_id>")
def get_call(call_id: int):
    """One call.
    ---
    get:
      summary: One call (public)
      tags: [calls]
      parameters:
        - {name: call_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the call"}
        404: {description: "no such call"}
    """
    return call_json(services.get_call(call_id), utcnow())
