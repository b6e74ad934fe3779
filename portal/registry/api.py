"""Organisations in the API (API.md "Organisations and clusters"). The list and search of
organisations belong to the search feature."""

from __future__ import annotations

from flask import url_for

from portal.core.api import api_user, bp, json_body, require, token_required
from portal.extensions import db
from portal.registry import moderation, queries, serialise, services
from portal.registry import permissions as can
from portal.registry.api_support import (
    ORGANISATION_EDITORS,
    ORGANISATION_REQUIRED,
    ORGANISATION_TYPES,
    checked,
    moderated,
    reason,
    version_of,
    visible,
)


@bp.post("/organisations")
@token_required
def create_organisation():
    """Create an organisation profile; the caller becomes its organisation admin.
    ---
    post:
      summary: Create an organisation (pending until its state's contact point publishes it)
      tags: [registry]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name, kind, state, region, language]
              properties:
                name: {type: string}
                kind:
                  type: string
                  enum: [enterprise, university, research_institute, government,
                         development_institution, financial]
                state: {type: string}
                region: {type: string}
                language: {type: string}
                languages: {type: array, items: {type: string}}
                technology_fields: {type: array, items: {type: string}}
                nace_codes: {type: array, items: {type: string}}
                description: {type: string}
                offers: {type: array, items: {type: string}}
                needs: {type: array, items: {type: string}}
                website: {type: [string, "null"]}
                size: {type: [string, "null"], enum: [micro, small, medium, large, null]}
                external_ref: {type: [string, "null"]}
      responses:
        201: {description: "the organisation, with status pending"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        409: {description: "external_ref already taken"}
        422: {description: "invalid values, by field"}
    """
    data = checked(json_body(), ORGANISATION_TYPES, ORGANISATION_REQUIRED)
    organisation = services.create_own_organisation(api_user(), **data)
    db.session.commit()
    location = url_for("api.get_organisation", organisation_id=organisation.id)
    return serialise.organisation(organisation), 201, {"Location": location}


@bp.get("/organisations/<int:organisation_id>")
def get_organisation(organisation_id: int):
    """One organisation's profile: a published one for anyone, without a token, as its page is.
    ---
    get:
      summary: An organisation (published ones for everyone, without a token; others for their
        people)
      tags: [registry]
      security: [{}, {token: []}]
      parameters:
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        200:
          description: "{id, name, kind, state, region, language, description, offers, needs,
            nace_codes, technology_fields, website, status, external_ref, version, ...}"
        404: {description: "no such organisation, or not visible to the caller (an unpublished
          one to a caller without a token)"}
    """
    return serialise.organisation(visible(queries.get_organisation(organisation_id)))


@bp.patch("/organisations/<int:organisation_id>")
@token_required
def update_organisation(organisation_id: int):
    """Change an organisation's profile.
    ---
    patch:
      summary: Change some fields of an organisation (its members, or the secretariat)
      tags: [registry]
      parameters:
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [version]
              properties:
                version: {type: integer, description: "the version the change was made on"}
      responses:
        200: {description: "the organisation, with its new version"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a member of the organisation"}
        404: {description: "no such organisation, or not visible to the caller"}
        409: {description: "stale version: someone else changed the profile"}
        422: {description: "invalid values, by field"}
    """
    require(can.may_edit_organisations, ORGANISATION_EDITORS)
    data = json_body()
    version = version_of(data)
    checked(data, ORGANISATION_TYPES)
    organisation = visible(queries.get_organisation(organisation_id))
    require(can.can_edit_organisation, ORGANISATION_EDITORS, organisation)
    organisation = services.update_organisation(organisation.id, data, version, api_user())
    db.session.commit()
    return serialise.organisation(organisation)


@bp.post("/organisations/<int:organisation_id>/publish")
@token_required
def publish_organisation(organisation_id: int):
    """Publish an organisation's profile.
    ---
    post:
      summary: Publish a profile (contact point of its state, or secretariat); its owners are told
      tags: [registry]
      parameters:
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the organisation, with status published"}
        401: {description: "no valid token"}
        403: {description: "not a moderator of the organisation's state"}
        404: {description: "no such organisation, or not visible to the caller"}
    """
    organisation = moderated(queries.get_organisation, organisation_id)
    moderation.publish_organisation(organisation.id, api_user())
    db.session.commit()
    return serialise.organisation(organisation)


@bp.post("/organisations/<int:organisation_id>/return")
@token_required
def return_organisation(organisation_id: int):
    """Return an organisation's profile to its owners with a reason.
    ---
    post:
      summary: Return a profile with a reason (contact point of its state, or secretariat)
      tags: [registry]
      parameters:
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [reason], properties: {reason: {type: string}}}
      responses:
        200: {description: "the organisation, with status returned and its return_reason"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a moderator of the organisation's state"}
        404: {description: "no such organisation, or not visible to the caller"}
        409: {description: "already returned"}
        422: {description: "no reason given"}
    """
    organisation = moderated(queries.get_organisation, organisation_id)
    moderation.return_organisation(organisation.id, reason(), api_user())
    db.session.commit()
    return serialise.organisation(organisation)
