"""What waits for the caller, in the JSON API (API.md "What waits for me")."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import request
from flask_babel import gettext as _

from portal.accounts.links import external_url
from portal.core.api import api_user, bp, page_params, token_required
from portal.core.db import utcnow
from portal.core.errors import ValidationError
from portal.core.waiting import TaskKind, WaitingTask, tasks_for


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def task_json(task: WaitingTask) -> dict:
    address = external_url(task.endpoint, **task.values)
    return {"kind": str(task.kind), "title": task.title,
            "object": {"type": task.object_type, "id": task.object_id},
            "due_at": _iso(task.due_at),
            "url": f"{address}#{task.anchor}" if task.anchor else address}


@bp.get("/me/tasks")
@token_required
def my_tasks():
    """Everything waiting for the caller.
    ---
    get:
      summary: Everything waiting for the caller in every role they hold, soonest due first
      description: "kind is one of review_invitation, review_due, consensus_report,
        confirm_participation, endorse_partner, ballot, moderate_profile, screen_proposal,
        reconsideration, answer_interest, record_agreement, report_due, assess_report.
        title is in the language of Accept-Language; due_at is null when the task
        has no due date; url is the page where the work is done."
      tags: [dashboard]
      parameters:
        - {name: kind, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
      responses:
        200: {description: "items {kind, title, object: {type, id}, due_at, url}, page,
              per_page, total"}
        422: {description: "unknown kind"}
    """
    kind = request.args.get("kind") or None
    if kind is not None and kind not in set(TaskKind):
        message = _("Unknown kind of task: %(kind)s", kind=kind[:40])
        raise ValidationError(message, {"kind": [message]})
    page, per_page = page_params()
    tasks = tasks_for(api_user(), utcnow(), kind)
    start = (page - 1) * per_page
    return {"items": [task_json(task) for task in tasks[start:start + per_page]],
            "page": page, "per_page": per_page, "total": len(tasks)}
