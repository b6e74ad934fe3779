"""Users, their roles and their accounts in the API (API.md "Administration"), for
administrators; and the look-up of organisations and clusters by name for the role forms."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from portal.administration import permissions, services
from portal.administration.serialise import role_json, user_json
from portal.core.api import bp, json_body, paginate, require, token_required
from portal.extensions import db

_ADMIN_ONLY = _("Only an administrator may manage accounts.")


def _admin():
    return require(permissions.can_administer_users, _ADMIN_ONLY)


@bp.get("/users")
@token_required
def list_users():
    """Find users by e-mail address or name.
    ---
    get:
      summary: Users whose e-mail address or name contains q, by name (administrator)
      tags: [administration]
      parameters:
        - {name: q, in: query, schema: {type: string, maxLength: 200}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        200: {description: "items {id, email, name, active, roles: [{id, role, scope}]}"}
        403: {description: "not an administrator"}
        422: {description: "q longer than 200 characters"}
    """
    _admin()
    return paginate(services.users_query(request.args.get("q", "")), user_json)


@bp.get("/users/<int:user_id>")
@token_required
def get_user(user_id: int):
    """One user with their roles.
    ---
    get:
      summary: A user with their roles (administrator)
      tags: [administration]
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "{id, email, name, active, roles: [{id, role, scope}]}"}
        403: {description: "not an administrator"}
    """
    _admin()
    return user_json(services.get_user(user_id))


@bp.post("/users/<int:user_id>/roles")
@token_required
def grant_role(user_id: int):
    """Give a user a role.
    ---
    post:
      summary: Grant a role with its scope (administrator)
      tags: [administration]
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [role]
              properties:
                role: {type: string, enum: [admin, secretariat, contact_point, council_member,
                                            council_alternate, expert, org_admin, org_member,
                                            cluster_manager]}
                scope:
                  oneOf: [{type: string, maxLength: 320}, {type: integer}]
                  description: "a member state code (contact_point, council_member,
                    council_alternate), an organisation id or name (org_admin, org_member), a
                    cluster id or name (cluster_manager); none for the other roles"
      responses:
        201: {description: "{id, role, scope}"}
        403: {description: "not an administrator"}
        409: {description: "the user holds this role already"}
        422: {description: "an unknown role, or a scope that does not fit it or does not exist"}
    """
    actor = _admin()
    user = services.get_user(user_id)
    body = json_body()
    assignment = services.grant_user_role(user, body.get("role"), body.get("scope"), actor)
    db.session.commit()
    return role_json(assignment), 201


@bp.delete("/users/<int:user_id>/roles/<int:role_id>")
@token_required
def revoke_role(user_id: int, role_id: int):
    """Take a role away.
    ---
    delete:
      summary: Revoke a role (administrator; never one's own last admin role)
      tags: [administration]
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: integer}}
        - {name: role_id, in: path, required: true, schema: {type: integer}}
      responses:
        204: {description: "revoked"}
        403: {description: "not an administrator"}
        404: {description: "no such user, or the role is not theirs"}
        409: {description: "the caller's own last admin role"}
    """
    actor = _admin()
    services.revoke_user_role(services.get_user(user_id), role_id, actor)
    db.session.commit()
    return "", 204


@bp.post("/users/<int:user_id>/deactivate")
@token_required
def deactivate_user(user_id: int):
    """Shut an account.
    ---
    post:
      summary: Deactivate an account; its sessions and tokens stop working at once (administrator)
      tags: [administration]
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the user, active false"}
        403: {description: "not an administrator"}
        409: {description: "the caller's own account"}
    """
    actor = _admin()
    user = services.get_user(user_id)
    services.deactivate_user(user, actor)
    db.session.commit()
    return user_json(user)


@bp.post("/users/<int:user_id>/reactivate")
@token_required
def reactivate_user(user_id: int):
    """Open a deactivated account again.
    ---
    post:
      summary: Reactivate an account (administrator)
      tags: [administration]
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the user, active true"}
        403: {description: "not an administrator"}
    """
    actor = _admin()
    user = services.get_user(user_id)
    services.reactivate_user(user, actor)
    db.session.commit()
    return user_json(user)
