"""Vote sessions, ballots, recusals and decisions in the JSON API (API.md "Council")."""

from __future__ import annotations

from datetime import datetime

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.api import bp, json_body, paginate, require, token_required
from portal.council import decisions, permissions, services
from portal.council.models import Decision, SessionStatus, VoteSession
from portal.council.serialise import decision_json, decisions_json, session_json
from portal.extensions import db


def _timestamp(value):
    """A zoned time, or the raw value for the service to refuse with a field message."""
    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return value


@bp.post("/vote-sessions")
@token_required
def create_vote_session():
    """Create a vote session with its agenda.
    ---
    post:
      summary: Create a meeting or a written procedure (secretariat)
      tags: [council]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [title, kind, opens_at, closes_at, items]
              properties:
                title: {type: string, maxLength: 300}
                kind: {type: string, enum: [meeting, written]}
                opens_at: {type: string, format: date-time}
                closes_at: {type: string, format: date-time,
                            description: "a written procedure's deadline; a meeting's latest end"}
                seats_per_state: {type: integer, enum: [1, 2],
                                  description: "2 in the Commission's Board mode"}
                items:
                  type: array
                  items:
                    type: object
                    required: [proposal_id]
                    properties:
                      proposal_id: {type: integer, description: "a proposal ready_for_council"}
                      sensitive: {type: boolean, description: "decided by consensus whatever the call's rule"}
      responses:
        201: {description: "the session with items[].id; its proposals are on_agenda"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not the secretariat"}
        422: {description: "invalid values, or a proposal not ready for the council"}
    """
    user = require(permissions.can_manage_sessions,
                   _("Only the secretariat may create vote sessions."))
    body = json_body()
    values = {key: body.get(key) for key in ("title", "kind", "items", "seats_per_state")}
    values["opens_at"] = _timestamp(body.get("opens_at"))
    values["closes_at"] = _timestamp(body.get("closes_at"))
    session = services.create_vote_session(values, user)
    db.session.commit()
    return session_json(session, user), 201


@bp.get("/vote-sessions")
@token_required
def list_vote_sessions():
    """Vote sessions, newest first.
    ---
    get:
      summary: Vote sessions (secretariat and council members)
      tags: [council]
      parameters:
        - {name: status, in: query, schema: {type: string, enum: [open, closing, closed]}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items of sessions, without their agendas"}
        403: {description: "neither secretariat nor council"}
    """
    user = require(permissions.can_view_sessions,
                   _("Only the secretariat and the council see vote sessions."))
    query = select(VoteSession).order_by(VoteSession.opens_at.desc(), VoteSession.id.desc())
    status = request.args.get("status")
    if status in set(SessionStatus):
        query = query.where(VoteSession.status == status)
    return paginate(query, lambda session: session_json(session, user, with_items=False))


@bp.get("/vote-sessions/<int:session_id>")
@token_required
def get_vote_session(session_id: int):
    """One vote session with its agenda.
    ---
    get:
      summary: A session's items, each with its outcome and the ballots the caller may see
      description: "Before the close a council member sees their own state's ballots only and
        the secretariat sees who has voted (voted), not how; once closed, every state's ballot."
      tags: [council]
      parameters:
        - {name: session_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the session"}
        403: {description: "neither secretariat nor council"}
        404: {description: "no such session"}
    """
    user = require(permissions.can_view_sessions,
                   _("Only the secretariat and the council see vote sessions."))
    return session_json(services.get_session(session_id, user), user)


@bp.post("/vote-sessions/<int:session_id>/items/<int:item_id>/ballots")
@token_required
def cast_ballot(session_id: int, item_id: int):
    """Cast the ballot of the caller's seat.
    ---
    post:
      summary: Vote for, against or abstain; the state comes from the caller's seat
      description: "The titular member votes, or an alternate of the state after the titular
        recused. A new ballot replaces the seat's previous one until the session closes."
      tags: [council]
      parameters:
        - {name: session_id, in: path, required: true, schema: {type: integer}}
        - {name: item_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [choice]
              properties:
                choice: {type: string, enum: [for, against, abstain]}
      responses:
        201: {description: "the ballot {id, item_id, state, seat, choice, cast_at}"}
        400: {description: "the body is not a JSON object"}
        403: {description: "the caller holds no seat that may vote on this item"}
        404: {description: "no such session or item"}
        409: {description: "the session is not open, or a concurrent ballot for the seat won"}
        422: {description: "unknown choice"}
    """
    user = require(permissions.is_council, _("Only council members may vote."))
    body = json_body()
    ballot = services.cast_ballot(item_id, user, body.get("choice"), session_id=session_id)
    db.session.commit()
    return {"id": ballot.id, "item_id": ballot.item_id, "state": ballot.state_code,
            "seat": ballot.seat_number, "choice": ballot.choice,
            "cast_at": ballot.cast_at.isoformat().replace("+00:00", "Z")}, 201


@bp.post("/vote-sessions/<int:session_id>/items/<int:item_id>/recusal")
@token_required
def recuse(session_id: int, item_id: int):
    """Recuse oneself on an item.
    ---
    post:
      summary: The titular member stands aside; the state's alternate then votes
      tags: [council]
      parameters:
        - {name: session_id, in: path, required: true, schema: {type: integer}}
        - {name: item_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [reason]
              properties:
                reason: {type: string}
      responses:
        201: {description: "the recusal {item_id, state, seat, reason}"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not the titular of a seat"}
        404: {description: "no such session or item"}
        409: {description: "the session is not open, or already recused"}
        422: {description: "no reason given"}
    """
    user = require(permissions.is_council, _("Only council members may recuse."))
    body = json_body()
    recusal = services.recuse(item_id, user, body.get("reason"), session_id=session_id)
    db.session.commit()
    return {"item_id": recusal.item_id, "state": recusal.state_code,
            "seat": recusal.seat_number, "reason": recusal.reason}, 201


@bp.post("/vote-sessions/<int:session_id>/close")
@token_required
def close_vote_session(session_id: int):
    """Close a meeting.
    ---
    post:
      summary: Close a meeting (secretariat); the worker tallies
      tags: [council]
      parameters:
        - {name: session_id, in: path, required: true, schema: {type: integer}}
      responses:
        202: {description: "the session, status closing; closed once the worker has tallied"}
        403: {description: "not the secretariat"}
        404: {description: "no such session"}
        409: {description: "already closed, or a written procedure (it closes at its deadline)"}
    """
    user = require(permissions.can_manage_sessions,
                   _("Only the secretariat may close vote sessions."))
    session = services.close_session(session_id, user)
    db.session.commit()
    return session_json(session, user), 202


@bp.get("/decisions")
def list_decisions():
    """The public register of decisions.
    ---
    get:
      summary: Council decisions, newest first (public)
      tags: [council]
      security: []
      parameters:
        - {name: proposal_id, in: query, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items {number, proposal_id, outcome, decided_at, enters_into_force_at,
          ballots, commitments: [{state, amount, currency, co_funder: {organisation_id, name}}]},
          and {project_id, grant, currency} for a decision that funded a project"}
    """
    query = select(Decision).order_by(Decision.decided_at.desc(), Decision.id.desc())
    proposal_id = request.args.get("proposal_id", "")
    if proposal_id.isdigit():
        query = query.where(Decision.proposal_id == int(proposal_id))
    return paginate(query, decision_json, decisions_json)


@bp.get("/decisions/<int:decision_id>")
def get_decision(decision_id: int):
    """One decision.
    ---
    get:
      summary: One council decision (public)
      tags: [council]
      security: []
      parameters:
        - {name: decision_id, in: path, required: true, schema: {type: integer}}
      responses:
        200: {description: "the decision"}
        404: {description: "no such decision"}
    """
    return decision_json(decisions.get_decision(decision_id))


@bp.post("/decisions/<int:decision_id>/reconsideration")
@token_required
def request_reconsideration(decision_id: int):
    """Ask for reconsideration within the objection window.
    ---
    post:
      summary: A state asks for the item to go on the next session (council member)
      tags: [council]
      parameters:
        - {name: decision_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [reason]
              properties:
                reason: {type: string}
      responses:
        201: {description: "the decision; its proposal is ready_for_council again"}
        400: {description: "the body is not a JSON object"}
        403: {description: "not a council member"}
        404: {description: "no such decision"}
        409: {description: "the window has closed, or the state already asked"}
        422: {description: "no reason given"}
    """
    user = require(permissions.can_request_reconsideration,
                   _("Only council members may ask for reconsideration."))
    body = json_body()
    request_row = decisions.request_reconsideration(decision_id, user, body.get("reason"))
    db.session.commit()
    return decision_json(db.session.get(Decision, request_row.decision_id)), 201
