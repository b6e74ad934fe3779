"""Clusters in the API (API.md "Organisations and clusters"): profiles, moderation, members."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.core.api import api_user, bp, json_body, require, token_required
from portal.core.validation import raise_if
from portal.extensions import db
from portal.registry import moderation, queries, serialise, services
from portal.registry import permissions as can
from portal.registry.api_support import (
    CLUSTER_FOUNDERS,
    CLUSTER_MANAGERS,
    CLUSTER_REQUIRED,
    CLUSTER_TYPES,
    TEXT,
    WHOLE,
    checked,
    cluster_json,
    moderated,
    reason,
    version_of,
    visible,
)
from portal.registry.models import Cluster, Organisation


@bp.post("/clusters")
@token_required
def create_cluster():
    """Create a cluster profile; the caller becomes its cluster manager.
    ---
    post:
      summary: Create a cluster led by a management organisation (its members, or the secretariat)
      tags: [registry]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name, state, region, management_organisation_id]
              properties:
                name: {type: string}
                state: {type: string}
                region: {type: string}
                language: {type: string, description: "default: the management organisation's"}
                technology_fields: {type: array, items: {type: string}}
                description: {type: string}
                management_organisation_id: {type: integer}
                specialisation: {type: [string, "null"]}
                founded_year: {type: [integer, "null"]}
                member_count_declared: {type: [integer, "null"]}
                jobs: {type: [integer, "null"]}
                budget: {type: [integer, "null"], description: "yearly, in whole units of budget_currency"}
                budget_currency: {type: [string, "null"], enum: [AMD, BYN, KZT, KGS, RUB, USD, EUR, null]}
                management_team_size: {type: [integer, "null"]}
                quality_label: {type: [string, "null"], description: "e.g. ESCA Silver"}
                quality_label_issuer: {type: [string, "null"]}
                quality_label_expires_on: {type: [string, "null"], format: date}
      responses:
        201: {description: "the cluster, with status pending"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a member of the management organisation"}
        422: {description: "invalid values, by field"}
    """
    require(can.may_create_clusters, CLUSTER_FOUNDERS)
    data = checked(json_body(), CLUSTER_TYPES, CLUSTER_REQUIRED)
    management = db.session.get(Organisation, data["management_organisation_id"])
    if management is None or not can.can_view(api_user(), management):
        raise_if({"management_organisation_id": [_("No such organisation.")]})
    require(can.can_create_cluster, CLUSTER_FOUNDERS, management)
    data.setdefault("language", management.language)
    cluster = services.create_own_cluster(api_user(), **data)
    db.session.commit()
    location = url_for("api.get_cluster", cluster_id=cluster.id)
    return cluster_json(cluster), 201, {"Location": location}


@bp.get("/clusters/<int:cluster_id>")
def get_cluster(cluster_id: int):
    """One cluster's profile with its members: a published one for anyone, without a token.
    ---
    get:
      summary: A cluster with its figures, quality label and the members the caller may see
        (published ones for everyone, without a token)
      tags: [registry]
      security: [{}, {token: []}]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "{id, name, state, region, figures, quality_label, members, status, version, ...}"}
        404: {description: "no such cluster, or not visible to the caller (an unpublished one to a
          caller without a token)"}
    """
    return cluster_json(visible(queries.get_cluster(cluster_id)))


def _managed(cluster_id: int) -> Cluster:
    require(can.may_manage_clusters, CLUSTER_MANAGERS)
    cluster = visible(queries.get_cluster(cluster_id))
    require(can.can_manage_cluster, CLUSTER_MANAGERS, cluster)
    return cluster


@bp.patch("/clusters/<int:cluster_id>")
@token_required
def update_cluster(cluster_id: int):
    """Change a cluster's profile.
    ---
    patch:
      summary: Change some fields of a cluster (its managers, or the secretariat)
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [version]
              properties:
                version: {type: integer, description: "the version the change was made on"}
      responses:
        200: {description: "the cluster, with its new version"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a manager of the cluster"}
        404: {description: "no such cluster, or not visible to the caller"}
        409: {description: "stale version: someone else changed the profile"}
        422: {description: "invalid values, by field"}
    """
    require(can.may_manage_clusters, CLUSTER_MANAGERS)
    data = json_body()
    version = version_of(data)
    checked(data, CLUSTER_TYPES)
    cluster = _managed(cluster_id)
    cluster = services.update_cluster(cluster.id, data, version, api_user())
    db.session.commit()
    return cluster_json(cluster)


@bp.post("/clusters/<int:cluster_id>/publish")
@token_required
def publish_cluster(cluster_id: int):
    """Publish a cluster's profile.
    ---
    post:
      summary: Publish a cluster (contact point of its state, or secretariat); its managers are told
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the cluster, with status published"}
        401: {description: "no valid token"}
        403: {description: "not a moderator of the cluster's state"}
        404: {description: "no such cluster, or not visible to the caller"}
    """
    cluster = moderated(queries.get_cluster, cluster_id)
    moderation.publish_cluster(cluster.id, api_user())
    db.session.commit()
    return cluster_json(cluster)


@bp.post("/clusters/<int:cluster_id>/return")
@token_required
def return_cluster(cluster_id: int):
    """Return a cluster's profile to its managers with a reason.
    ---
    post:
      summary: Return a cluster with a reason (contact point of its state, or secretariat)
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [reason], properties: {reason: {type: string}}}
      responses:
        200: {description: "the cluster, with status returned and its return_reason"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a moderator of the cluster's state"}
        404: {description: "no such cluster, or not visible to the caller"}
        409: {description: "already returned"}
        422: {description: "no reason given"}
    """
    cluster = moderated(queries.get_cluster, cluster_id)
    moderation.return_cluster(cluster.id, reason(), api_user())
    db.session.commit()
    return cluster_json(cluster)


@bp.post("/clusters/<int:cluster_id>/members")
@token_required
def add_cluster_member(cluster_id: int):
    """Add a member organisation to a cluster.
    ---
    post:
      summary: Add an organisation of any member state with its triple-helix role
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [organisation_id, helix_role]
              properties:
                organisation_id: {type: integer}
                helix_role: {type: string, enum: [business, academia, government, intermediary]}
      responses:
        201: {description: "{cluster_id, organisation_id, name, state, helix_role}"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a manager of the cluster"}
        404: {description: "no such cluster, or not visible to the caller"}
        409: {description: "already a member"}
        422: {description: "unknown organisation or helix role"}
    """
    cluster = _managed(cluster_id)
    data = checked(json_body(), {"organisation_id": WHOLE, "helix_role": TEXT},
                    ("organisation_id", "helix_role"))
    if db.session.get(Organisation, data["organisation_id"]) is None:
        raise_if({"organisation_id": [_("No such organisation.")]})
    member = services.add_cluster_member(cluster.id, data["organisation_id"], data["helix_role"],
                                         api_user())
    db.session.commit()
    return {"cluster_id": cluster.id, **serialise.cluster_member(member)}, 201


@bp.patch("/clusters/<int:cluster_id>/members/<int:organisation_id>")
@token_required
def change_cluster_member(cluster_id: int, organisation_id: int):
    """Give a member of a cluster another helix role.
    ---
    patch:
      summary: Change a member's triple-helix role (the cluster's managers, or the secretariat)
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [helix_role]
              properties:
                helix_role: {type: string, enum: [business, academia, government, intermediary]}
      responses:
        200: {description: "{cluster_id, organisation_id, name, state, helix_role}"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a manager of the cluster"}
        404: {description: "no such cluster, or the organisation is not a member"}
        422: {description: "unknown helix role"}
    """
    cluster = _managed(cluster_id)
    data = checked(json_body(), {"helix_role": TEXT}, ("helix_role",))
    member = services.change_member_role(cluster.id, organisation_id, data["helix_role"],
                                         api_user())
    db.session.commit()
    return {"cluster_id": cluster.id, **serialise.cluster_member(member)}


@bp.delete("/clusters/<int:cluster_id>/members/<int:organisation_id>")
@token_required
def remove_cluster_member(cluster_id: int, organisation_id: int):
    """Take a member organisation out of a cluster.
    ---
    delete:
      summary: Remove a member (the cluster's managers, or the secretariat); the management organisation stays
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        204: {description: "removed"}
        401: {description: "no valid token"}
        403: {description: "not a manager of the cluster"}
        404: {description: "no such cluster, or the organisation is not a member"}
        409: {description: "the organisation manages the cluster and stays a member"}
    """
    cluster = _managed(cluster_id)
    services.remove_cluster_member(cluster.id, organisation_id, api_user())
    db.session.commit()
    return "", 204
