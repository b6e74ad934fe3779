"""Clusters in the API (API.md "Organisations and clusters"): profiles, moderation, members."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.core.api import api_user, bp, json_body, require, token_required
from portal.core.validation import raise_if
from portal.extensions import db
from portal.registry import membership, moderation, queries, serialise, services
from portal.registry import permissions as can
from portal.registry.api_support import (
    CLUSTER_FOUNDERS,
    CLUSTER_MANAGERS,
    CLUSTER_REQUIRED,
    CLUSTER_TYPES,
    FLAG,
    INVITEES,
    MEMBER_TYPES,
    TEXT,
    checked,
    cluster_json,
    moderated,
    reason,
    version_of,
    visible,
)
from portal.registry.models import Cluster, ClusterInvitation, Organisation


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
    """Add a member organisation to a cluster, or invite one of another member state.
    ---
    post:
      summary: Add an organisation of the cluster's state with its triple-helix role; one of
        another member state is invited and joins when one of its members accepts
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
                manages: {type: boolean, description: "manages the cluster in its own member
                  state (not the cluster's; one organisation per state)"}
      responses:
        201: {description: "{cluster_id, organisation_id, name, state, region, helix_role, manages,
          coordinator}: a member at once"}
        202: {description: "{status: invited, cluster_id, organisation_id, name, state, helix_role,
          manages}: an organisation of another member state is invited"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a manager of the cluster"}
        404: {description: "no such cluster, or not visible to the caller"}
        409: {description: "already a member or invited, or its state is already managed"}
        422: {description: "unknown organisation or helix role"}
    """
    cluster = _managed(cluster_id)
    data = checked(json_body(), MEMBER_TYPES, ("organisation_id", "helix_role"))
    organisation = db.session.get(Organisation, data["organisation_id"])
    if organisation is None:
        raise_if({"organisation_id": [_("No such organisation.")]})
    joined = membership.add_or_invite(cluster.id, organisation.id, data["helix_role"], api_user(),
                                      manages=data.get("manages", False))
    db.session.commit()
    if isinstance(joined, ClusterInvitation):
        return serialise.cluster_invitation(joined), 202
    return {"cluster_id": cluster.id, **serialise.cluster_member(joined)}, 201


@bp.patch("/clusters/<int:cluster_id>/members/<int:organisation_id>")
@token_required
def change_cluster_member(cluster_id: int, organisation_id: int):
    """Give a member of a cluster another helix role, or make it manage the cluster in its state.
    ---
    patch:
      summary: Change a member's triple-helix role or whether it manages the cluster in its
        member state (the cluster's managers, or the secretariat)
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                helix_role: {type: string, enum: [business, academia, government, intermediary]}
                manages: {type: boolean}
      responses:
        200: {description: "{cluster_id, organisation_id, name, state, region, helix_role, manages,
          coordinator}"}
        400: {description: "malformed JSON"}
        401: {description: "no valid token"}
        403: {description: "not a manager of the cluster"}
        404: {description: "no such cluster, or the organisation is not a member"}
        409: {description: "another organisation already manages the cluster in that state, or
          it is the cluster's own state"}
        422: {description: "unknown helix role, or nothing to change"}
    """
    cluster = _managed(cluster_id)
    data = checked(json_body(), {"helix_role": TEXT, "manages": FLAG})
    if not data:
        raise_if({"helix_role": [_("Give a helix role or whether the member manages the "
                                   "cluster in its state.")]})
    member = services.membership_of(cluster, organisation_id)
    if "helix_role" in data:
        member = services.change_member_role(cluster.id, organisation_id, data["helix_role"],
                                             api_user())
    if "manages" in data:
        member = membership.set_manages(cluster.id, organisation_id, data["manages"], api_user())
    db.session.commit()
    return {"cluster_id": cluster.id, **serialise.cluster_member(member)}


def _invited(cluster_id: int, organisation_id: int) -> tuple[Cluster, Organisation]:
    """The cluster and the invited organisation, for one of the organisation's people: 403
    for a caller of no organisation, 404 for a cluster they may not know of, 403 for one who
    is not of the invited organisation."""
    require(can.may_answer_invitations, INVITEES)
    cluster = queries.get_cluster(cluster_id)
    organisation = queries.get_organisation(organisation_id)
    if not can.can_answer_invitation(api_user(), organisation):
        visible(cluster)
        require(can.can_answer_invitation, INVITEES, organisation)
    return cluster, organisation


@bp.post("/clusters/<int:cluster_id>/members/<int:organisation_id>/accept")
@token_required
def accept_cluster_invitation(cluster_id: int, organisation_id: int):
    """Accept a cluster's invitation for one's organisation.
    ---
    post:
      summary: A member of the invited organisation accepts; the organisation becomes a member
        (and, when invited to manage the cluster in its state, the caller a cluster manager)
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "{cluster_id, organisation_id, name, state, region, helix_role, manages,
          coordinator}"}
        401: {description: "no valid token"}
        403: {description: "not a member of the invited organisation"}
        404: {description: "no such cluster, or no open invitation"}
        409: {description: "another organisation manages the cluster in that state meanwhile"}
    """
    cluster, organisation = _invited(cluster_id, organisation_id)
    member = membership.accept_invitation(cluster.id, organisation.id, api_user())
    db.session.commit()
    return {"cluster_id": cluster.id, **serialise.cluster_member(member)}


@bp.post("/clusters/<int:cluster_id>/members/<int:organisation_id>/decline")
@token_required
def decline_cluster_invitation(cluster_id: int, organisation_id: int):
    """Decline a cluster's invitation for one's organisation.
    ---
    post:
      summary: A member of the invited organisation declines the invitation
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "{status: declined, cluster_id, organisation_id, name, state, ...}"}
        401: {description: "no valid token"}
        403: {description: "not a member of the invited organisation"}
        404: {description: "no such cluster, or no open invitation"}
    """
    cluster, organisation = _invited(cluster_id, organisation_id)
    invitation = membership.decline_invitation(cluster.id, organisation.id, api_user())
    db.session.commit()
    return serialise.cluster_invitation(invitation)


@bp.delete("/clusters/<int:cluster_id>/invitations/<int:organisation_id>")
@token_required
def withdraw_cluster_invitation(cluster_id: int, organisation_id: int):
    """Withdraw an invitation not answered yet.
    ---
    delete:
      summary: Withdraw an open invitation (the cluster's managers, or the secretariat)
      tags: [registry]
      parameters:
        - {name: cluster_id, in: path, required: true, schema: {type: integer}}
        - {name: organisation_id, in: path, required: true, schema: {type: integer}}
      responses:
        204: {description: "withdrawn"}
        401: {description: "no valid token"}
        403: {description: "not a manager of the cluster"}
        404: {description: "no such cluster, or no open invitation"}
    """
    cluster = _managed(cluster_id)
    membership.withdraw_invitation(cluster.id, organisation_id, api_user())
    db.session.commit()
    return "", 204


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
