"""Saved searches in the API, through the services the saved-searches page uses:
``GET``/``POST /api/v1/saved-searches`` and ``DELETE /api/v1/saved-searches/{id}``. A saved
search is its owner's alone: anyone else's answers 404, as if it did not exist."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _

from portal.core.api import api_user, bp, json_body, token_required
from portal.core.errors import NotFound
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.search import services
from portal.search.forms import PARAMS
from portal.search.models import SavedSearch, Schedule

PARAM_MAX = 500


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def saved_search_json(saved: SavedSearch) -> dict:
    return {"id": saved.id, "name": saved.name, "params": saved.params or {},
            "schedule": saved.schedule, "created_at": _iso(saved.created_at),
            "last_sent_at": _iso(saved.last_sent_at)}


def _params(problems: Problems, value) -> dict[str, str]:
    """The search's parameters, as ``GET /api/v1/search`` takes them: known names, text values."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        add_problem(problems, "params", _("Give the search's parameters as an object."))
        return {}
    params = {}
    for name, text in value.items():
        if name not in PARAMS:
            add_problem(problems, "params", _("Unknown parameter: %(name)s.", name=name[:40]))
        elif not isinstance(text, str) or len(text) > PARAM_MAX:
            add_problem(problems, "params", _("Each parameter is a text of at most %(max)d "
                                              "characters.", max=PARAM_MAX))
        elif text.strip():
            params[name] = text.strip()
    return params


def _checked(body: dict) -> tuple[str, dict[str, str], str]:
    """The body's parts, with every problem at once: the service's rules, and the shape of the
    parameters, which only the API receives as JSON."""
    name, schedule = body.get("name"), body.get("schedule", Schedule.WEEKLY.value)
    problems: Problems = services.saved_search_problems(api_user(), name, schedule)
    params = _params(problems, body.get("params"))
    raise_if(problems)
    return name, params, schedule


@bp.get("/saved-searches")
@token_required
def list_saved_searches():
    """The caller's saved searches.
    ---
    get:
      summary: The caller's saved searches, each with its digest schedule
      tags: [search]
      responses:
        200: {description: "items of {id, name, params, schedule, created_at, last_sent_at}"}
        401: {description: "no valid token"}
    """
    items = [saved_search_json(saved) for saved in services.saved_searches_of(api_user())]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.post("/saved-searches")
@token_required
def create_saved_search():
    """Save a search; its new results are mailed on its schedule.
    ---
    post:
      summary: Save a search (what it finds now counts as known, so that only new results are mailed)
      tags: [search]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string, maxLength: 200}
                params:
                  type: object
                  description: "the parameters of GET /api/v1/search: q, type, state, region,
                    kind, technology_field, nace"
                  additionalProperties: {type: string}
                schedule: {type: string, enum: [daily, weekly, off], default: weekly}
      responses:
        201: {description: "{id, name, params, schedule, created_at, last_sent_at}"}
        400: {description: "the body is not a JSON object"}
        401: {description: "no valid token"}
        422: {description: "a missing name, an unknown parameter or schedule, by field"}
    """
    name, params, schedule = _checked(json_body())
    saved = services.save_current_search(api_user(), name, params, schedule)
    db.session.commit()
    return saved_search_json(saved), 201


@bp.delete("/saved-searches/<int:saved_id>")
@token_required
def delete_saved_search(saved_id: int):
    """Forget a saved search.
    ---
    delete:
      summary: Delete one of the caller's saved searches
      tags: [search]
      parameters:
        - {name: saved_id, in: path, required: true, schema: {type: integer}}
      responses:
        204: {description: "deleted"}
        401: {description: "no valid token"}
        404: {description: "no such saved search among the caller's"}
    """
    user = api_user()
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != user.id:
        raise NotFound(_("There is nothing here."))
    services.delete_saved_search(saved_id, user)
    db.session.commit()
    return "", 204

