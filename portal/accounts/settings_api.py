"""The caller's own settings in the API, as on the profile page: ``GET``/``PATCH
/api/v1/me/settings`` with ``language`` (of the pages and the e-mails) and ``timezone`` (one of
:data:`portal.core.timezones.ZONES`; another answers 422)."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.accounts import services
from portal.core.api import api_user, bp, json_body, token_required
from portal.core.i18n import UI_LANGUAGES
from portal.core.timezones import valid_zone
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db


def settings_json(user) -> dict:
    return {"language": user.language, "timezone": user.timezone}


@bp.get("/me/settings")
@token_required
def my_settings():
    """The caller's language and time zone.
    ---
    get:
      summary: The caller's language (pages and e-mails) and time zone (pages and forms)
      tags: [accounts]
      responses:
        200: {description: "{language, timezone}"}
        401: {description: "no valid token"}
    """
    return settings_json(api_user())


@bp.patch("/me/settings")
@token_required
def change_my_settings():
    """Change the caller's language or time zone.
    ---
    patch:
      summary: Change the caller's language or time zone (one of the member states' zones, or UTC)
      tags: [accounts]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                language: {type: string, enum: [ru, en]}
                timezone: {type: string, description: "Europe/Moscow, Asia/Almaty, … or UTC"}
      responses:
        200: {description: "{language, timezone}"}
        400: {description: "the body is not a JSON object"}
        401: {description: "no valid token"}
        422: {description: "a language or time zone not offered, by field"}
    """
    user, body = api_user(), json_body()
    problems: Problems = {}
    if "language" in body and body["language"] not in UI_LANGUAGES:
        add_problem(problems, "language", _("Choose one of the languages offered."))
    if "timezone" in body and not valid_zone(body["timezone"]):
        add_problem(problems, "timezone", _("Choose one of the time zones offered."))
    raise_if(problems)
    if "language" in body:
        services.set_language(user, body["language"])
    if "timezone" in body:
        services.set_timezone(user, body["timezone"])
    db.session.commit()
    return settings_json(user)
