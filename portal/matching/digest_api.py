"""The match digest in the API, through the services of the suggestions page's form:
``GET /api/v1/me/match-digest`` lists the caller's organisations with the schedule of each
digest (``off`` when there is none); ``PUT`` sets one (``daily``, ``weekly`` or ``off``)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.api import api_user, bp, json_body, token_required
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.matching import digest
from portal.matching.forms import OFF
from portal.matching.models import DigestSchedule, MatchSubscription
from portal.registry.models import Organisation

SCHEDULES = (*(schedule.value for schedule in DigestSchedule), OFF)


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _own_organisation_ids(user) -> list[int]:
    scopes = user.scopes(Role.ORG_ADMIN) | user.scopes(Role.ORG_MEMBER)
    return sorted(int(scope) for scope in scopes if str(scope).isdigit())


def _digest_json(organisation: Organisation, subscription: MatchSubscription | None) -> dict:
    return {"organisation_id": organisation.id, "organisation_name": organisation.name,
            "schedule": subscription.schedule if subscription else OFF,
            "last_sent_at": _iso(subscription.last_sent_at) if subscription else None}


def _digests(user, organisation_ids: list[int]) -> list[dict]:
    organisations = db.session.scalars(select(Organisation).where(
        Organisation.id.in_(organisation_ids)).order_by(Organisation.name, Organisation.id))
    subscriptions = {row.organisation_id: row for row in db.session.scalars(
        select(MatchSubscription).where(MatchSubscription.user_id == user.id))}
    return [_digest_json(organisation, subscriptions.get(organisation.id))
            for organisation in organisations]


@bp.get("/me/match-digest")
@token_required
def my_match_digests():
    """The caller's digests of partner suggestions.
    ---
    get:
      summary: For each organisation the caller works at, the schedule of its digest of new
        partner suggestions
      tags: [matching]
      responses:
        200: {description: "items of {organisation_id, organisation_name, schedule (daily,
          weekly or off), last_sent_at}"}
        401: {description: "no valid token"}
    """
    user = api_user()
    items = _digests(user, _own_organisation_ids(user))
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


def _checked(body: dict, own: list[int]) -> tuple[int, str]:
    problems: Problems = {}
    schedule = body.get("schedule")
    if schedule not in SCHEDULES:
        add_problem(problems, "schedule", _("Choose daily, weekly or off."))
    organisation_id = body.get("organisation_id")
    if organisation_id is None and len(own) == 1:
        organisation_id = own[0]
    if isinstance(organisation_id, bool) or not isinstance(organisation_id, int):
        add_problem(problems, "organisation_id",
                    _("Name the organisation (its id) whose suggestions you want."))
    raise_if(problems)
    return organisation_id, schedule


@bp.put("/me/match-digest")
@token_required
def set_my_match_digest():
    """Subscribe to an organisation's digest, reschedule it, or stop it.
    ---
    put:
      summary: Set the schedule of the digest of an organisation's new partner suggestions
      tags: [matching]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [schedule]
              properties:
                organisation_id: {type: integer, description: "may be left out by a member of
                  one organisation only"}
                schedule: {type: string, enum: [daily, weekly, "off"]}
      responses:
        200: {description: "{organisation_id, organisation_name, schedule, last_sent_at}"}
        400: {description: "the body is not a JSON object"}
        401: {description: "no valid token"}
        403: {description: "the caller does not work at the organisation"}
        404: {description: "no such organisation"}
        422: {description: "an unknown schedule, or no organisation named, by field"}
    """
    user = api_user()
    organisation_id, schedule = _checked(json_body(), _own_organisation_ids(user))
    if schedule == OFF:
        digest.unsubscribe_from_digest(organisation_id, user)
    else:
        digest.subscribe_to_digest(organisation_id, schedule, user)
    db.session.commit()
    organisation = db.session.get(Organisation, organisation_id)
    return _digest_json(organisation, digest.subscription_of(user, organisation_id))
