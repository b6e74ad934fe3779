"""Council seats in the API: who holds each seat, and naming a seat's titular (the secretariat
and administrators), by the same service as the seats page and ``portal council seat``."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.accounts.models import User
from portal.core import limits
from portal.core.api import bp, json_body, require, token_required
from portal.core.errors import ValidationError
from portal.council import permissions, seats
from portal.extensions import db

_MANAGERS_ONLY = _("Only the secretariat and administrators may manage council seats.")


def seat_json(seat: seats.SeatView) -> dict:
    titular = {"id": seat.titular.id, "name": seat.titular.name} if seat.titular else None
    return {"state": seat.state, "number": seat.number, "titular": titular,
            "assigned": seat.assigned}


@bp.get("/council/seats")
@token_required
def list_council_seats():
    """Both seats of every member state.
    ---
    get:
      summary: Council seats and their titulars (secretariat, administrator)
      tags: [council]
      responses:
        200: {description: "items {state, number, titular: {id, name} | null, assigned}: assigned
          is false where the roles decide (seat 1 goes to the state's first council member)"}
        403: {description: "neither the secretariat nor an administrator"}
    """
    require(permissions.can_manage_seats, _MANAGERS_ONLY)
    items = [seat_json(seat) for seat in seats.seats_overview()]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


def _titular(value) -> User | None:
    if value is None:
        return None
    user = db.session.get(User, value) if limits.is_id(value) else None
    if user is None:
        message = _("There is no user with this id.")
        raise ValidationError(message, {"titular_id": [message]})
    return user


@bp.post("/council/seats")
@token_required
def assign_council_seat():
    """Name a seat's titular.
    ---
    post:
      summary: Name a council seat's titular, or give the seat back to the roles
        (secretariat, administrator)
      tags: [council]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [state, number]
              properties:
                state: {type: string, description: "a member state code"}
                number: {type: integer, enum: [1, 2], description: "2 only sits in Board mode"}
                titular_id:
                  type: [integer, "null"]
                  description: "a council member of the state; null gives the seat back to the roles"
      responses:
        200: {description: "{state, number, titular, assigned}"}
        403: {description: "neither the secretariat nor an administrator"}
        422: {description: "no such seat, or a titular who is not a council member of the state"}
    """
    actor = require(permissions.can_manage_seats, _MANAGERS_ONLY)
    body = json_body()
    state, number = body.get("state"), body.get("number")
    if not isinstance(state, str) or isinstance(number, bool) or not isinstance(number, int):
        raise ValidationError(_("Some values are not valid."),
                              {"seat": [_("No such council seat.")]})
    state = state.strip().upper()
    seats.assign_seat(state, number, _titular(body.get("titular_id")), actor)
    db.session.commit()
    return seat_json(next(s for s in seats.seats_overview() if (s.state, s.number) == (state, number)))
