"""Invitations in the API (the invitation pages' services and predicates), and the look-up of
organisations and clusters by name that the role and invitation forms offer."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from portal.core import limits
from portal.core.api import bp, json_body, paginate, require, token_required
from portal.core.errors import NotFound, ValidationError
from portal.extensions import db
from portal.onboarding import invitations
from portal.onboarding.models import Invitation
from portal.onboarding.permissions import can_invite_anyone, can_revoke_invitation
from portal.registry import queries
from portal.registry.models import Cluster, Organisation

_INVITERS = _("Only administrators, the secretariat, contact points and organisation "
              "administrators invite people.")


def _iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def invitation_json(invitation: Invitation) -> dict:
    return {"id": invitation.id, "email": invitation.email,
            "roles": [{"role": str(spec.role), "scope": spec.scope}
                      for spec in invitations.specs_of(invitation)],
            "language": invitation.language, "status": str(invitations.status_of(invitation)),
            "created_at": _iso(invitation.created_at), "expires_at": _iso(invitation.expires_at)}


@bp.get("/invitations")
@token_required
def list_invitations():
    """The invitations the caller has sent, newest first.
    ---
    get:
      summary: Invitations the caller has sent (whoever may invite)
      tags: [onboarding]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        200: {description: "items {id, email, roles: [{role, scope}], language, status: pending |
          accepted | revoked | expired, created_at, expires_at}"}
        403: {description: "the caller may invite no one"}
    """
    user = require(can_invite_anyone, _INVITERS)
    query = (select(Invitation).where(Invitation.invited_by_id == user.id)
             .order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    return paginate(query, invitation_json)


def _email(value) -> str:
    ok = (isinstance(value, str) and 3 <= len(value.strip()) <= 254
          and value.strip().count("@") == 1 and not any(c.isspace() for c in value.strip())
          and all(value.strip().split("@")))
    if not ok:
        message = _("Give a valid e-mail address.")
        raise ValidationError(message, {"email": [message]})
    return value.strip()


@bp.post("/invitations")
@token_required
def create_invitation():
    """Invite someone by e-mail to hold a role.
    ---
    post:
      summary: Invite someone to a role (the rules of the invitation page)
      tags: [onboarding]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [email, role]
              properties:
                email: {type: string, format: email, maxLength: 254}
                role: {type: string}
                scope:
                  oneOf: [{type: string, maxLength: 320}, {type: integer}]
                  description: "a member state code, an organisation or cluster id or exact name"
                language: {type: string, enum: [ru, en, hy, be, kk, ky], default: ru}
      responses:
        201: {description: "the invitation; the link goes by e-mail only"}
        403: {description: "the caller may not invite to this role"}
        422: {description: "an invalid address, role, scope or language"}
    """
    user = require(can_invite_anyone, _INVITERS)
    body = json_body()
    email = _email(body.get("email"))
    scope = body.get("scope")
    if isinstance(scope, bool) or not isinstance(scope, str | int | None):
        message = _("Give the scope as a text or a number.")
        raise ValidationError(message, {"scope": [message]})
    role = body.get("role")
    spec = invitations.parse_role_choice(role if isinstance(role, str) else "",
                                         "" if scope is None else str(scope)[:400])
    language = body.get("language", "ru")
    invitation, _token = invitations.invite_user(email, [spec], language if isinstance(language, str)
                                                 else "", user)
    db.session.commit()
    return invitation_json(invitation), 201


@bp.post("/invitations/<int:invitation_id>/revoke")
@token_required
def revoke_invitation(invitation_id: int):
    """Withdraw a pending invitation.
    ---
    post:
      summary: Withdraw an invitation (its sender, or an administrator)
      tags: [onboarding]
      parameters:
        - {name: invitation_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the invitation, status revoked (one already accepted or expired is unchanged)"}
        403: {description: "the caller may invite no one"}
        404: {description: "no such invitation, or one the caller did not send"}
    """
    user = require(can_invite_anyone, _INVITERS)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not can_revoke_invitation(user, invitation):
        raise NotFound(_("There is nothing here."))
    invitations.revoke_invitation(invitation, user)
    db.session.commit()
    return invitation_json(invitation)


def _lookup(model):
    user = require(can_invite_anyone, _INVITERS)
    text = request.args.get("q", "").strip()
    if problem := limits.text_problem(text, limits.NAME_MAX):
        raise ValidationError(problem, {"q": [problem]})
    return paginate(queries.lookup_query(model, user, text), lambda row: {
        "id": row.id, "name": row.name, "state": row.state_code, "status": row.status,
        "entry": invitations.lookup_entry(row)})


_LOOKUP_DOC = """
    ---
    get:
      summary: {what} whose name contains q, by name, to pick one by name on a role or
        invitation form (whoever may invite or grant roles)
      tags: [onboarding]
      parameters:
        - {{name: q, in: query, schema: {{type: string, maxLength: 200}}}}
        - {{name: page, in: query, schema: {{type: integer}}}}
        - {{name: per_page, in: query, schema: {{type: integer}}}}
      responses:
        200: {{description: "items {{id, name, state, status, entry}}: entry is the text the
          scope of a role or an invitation reads back (e.g. '12 · Name')"}}
        403: {{description: "the caller may invite no one"}}
        422: {{description: "q longer than 200 characters"}}
"""


@bp.get("/lookup/organisations")
@token_required
def lookup_organisations():
    return _lookup(Organisation)


@bp.get("/lookup/clusters")
@token_required
def lookup_clusters():
    return _lookup(Cluster)


lookup_organisations.__doc__ = "Organisations by name." + _LOOKUP_DOC.format(what="Organisations")
lookup_clusters.__doc__ = "Clusters by name." + _LOOKUP_DOC.format(what="Clusters")
