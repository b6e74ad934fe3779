"""Reference endpoints of API.md: states, regions, the cross-border classifier, NACE codes and
technology fields."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from sqlalchemy import select

from portal.core.api import bp, paginate
from portal.reference import queries
from portal.reference.models import Region


def _language() -> str:
    return str(get_locale())


@bp.get("/states")
def list_states():
    """Member states of the Union.
    ---
    get:
      summary: Member states with their names in the caller's language and their currency
      tags: [reference]
      security: []
      responses:
        200: {description: "items of {code, name, currency}"}
    """
    items = [{"code": s.code, "name": s.name(_language()), "currency": s.currency}
             for s in queries.states()]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.get("/regions")
def list_regions():
    """First-level subdivisions (ISO 3166-2) of the member states.
    ---
    get:
      summary: Regions, optionally of one state
      tags: [reference]
      security: []
      parameters:
        - {name: state, in: query, schema: {type: string}, description: "AM, BY, KZ, KG or RU"}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of {code, state, name}"}
    """
    query = select(Region).order_by(Region.code)
    if state := request.args.get("state"):
        query = query.where(Region.state_code == state.upper())
    language = _language()
    return paginate(query, lambda r: {"code": r.code, "state": r.state_code, "name": r.name(language)})


@bp.get("/classify")
def classify():
    """Cross-border, transnational or national (DESIGN 4.1).
    ---
    get:
      summary: Classify a set of regions
      tags: [reference]
      security: []
      parameters:
        - {name: region, in: query, required: true, schema: {type: array, items: {type: string}},
           style: form, explode: true, description: "ISO 3166-2 codes; former Kazakh codes accepted"}
      responses:
        200: {description: "{classification, border_pairs, states}"}
        422: {description: "unknown region"}
    """
    result = queries.classify_regions(request.args.getlist("region"))
    return {"classification": str(result.classification),
            "border_pairs": [list(pair) for pair in result.border_pairs],
            "states": list(result.states)}


@bp.get("/nace")
def list_nace():
    """NACE Rev. 2: sections, divisions, groups and classes, with the OKVED2 names in Russian.
    ---
    get:
      summary: NACE Rev. 2 items, optionally of one level and matching a code or a name
      tags: [reference]
      security: []
      parameters:
        - {name: level, in: query, schema: {type: string, enum: [section, division, group, class]}}
        - {name: q, in: query, schema: {type: string},
           description: "a section letter, a code's start (21, 21.2, 2120) or part of a name"}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of {code, level, parent, name}"}
        422: {description: "unknown level"}
    """
    query = queries.nace_codes(request.args.get("level") or None, request.args.get("q"))
    language = _language()
    return paginate(query, lambda n: {"code": n.code, "level": n.level, "parent": n.parent_code,
                                      "name": n.name(language)})


@bp.get("/technology-fields")
def list_technology_fields():
    """The technology fields of DESIGN 3, in the caller's language.
    ---
    get:
      summary: Technology fields with their keys
      tags: [reference]
      security: []
      responses:
        200: {description: "items of {key, name}"}
    """
    language = _language()
    items = [{"key": f.key, "name": f.name(language)} for f in queries.technology_fields()]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}
