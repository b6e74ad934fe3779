"""Errors in the user's language: a page for people, the JSON envelope of API.md for the API.

Services raise :class:`PortalError` subclasses with a translated message; the API answers
``{"error": {"code", "message", "fields"}}`` with the status code of the class.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class PortalError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None,
                 reasons: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        #: Reasons that belong to no field, each ``{code, message}`` (and its ``params``): why
        #: a proposal would not be eligible, say.
        self.reasons = reasons or []


def raise_refusal(refusal: PortalError | None) -> None:
    """Raise the error a permission predicate's ``refusal_to_…`` twin gave, if it gave one:
    a service refuses exactly as the page's ``can_…`` predicate decides."""
    if refusal is not None:
        raise refusal


class BadRequest(PortalError):
    """A malformed request (400): not JSON, not UTF-8, a number where none can be."""


class ValidationError(PortalError):
    status = 422
    code = "validation_error"


class ConflictError(PortalError):
    status = 409
    code = "conflict"


class PermissionDenied(PortalError):
    status = 403
    code = "forbidden"


class NotFound(PortalError):
    status = 404
    code = "not_found"


#: Codes and messages of the HTTP errors, for the JSON envelope and the error page.
HTTP_ERRORS = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("You need to sign in to see this.")),
    403: ("forbidden", _l("You are not allowed to do this.")),
    404: ("not_found", _l("There is nothing here.")),
    405: ("method_not_allowed", _l("This address does not accept that method.")),
    409: ("conflict", _l("This conflicts with the current state of the object.")),
    413: ("too_large", _l("What you sent is too large.")),
    422: ("validation_error", _l("Some values are not valid.")),
    429: ("rate_limited", _l("Too many attempts. Please wait a little and try again.")),
    500: ("server_error", _l("Something went wrong on our side. It has been logged.")),
}


#: Pages for people under ``/api/``: their errors are pages too.
HTML_UNDER_API = "/api/docs"


#: The JSON the pages' own scripts ask for (the pickers): answered in the API's envelope.
JSON_FOR_SCRIPTS = "/pick/"


def wants_json() -> bool:
    path = request.path
    if path.startswith(JSON_FOR_SCRIPTS):
        return True
    return path.startswith("/api/") and not (
        path == HTML_UNDER_API or path.startswith(HTML_UNDER_API + "/"))


def error_response(status: int, code: str, message: str, fields: dict | None = None,
                   reasons: list[dict] | None = None):
    if wants_json():
        body = {"error": {"code": code, "message": str(message)}}
        if fields:
            body["error"]["fields"] = {k: [str(m) for m in v] for k, v in fields.items()}
        if reasons:
            body["error"]["reasons"] = reasons
        return make_response(jsonify(body), status)
    return make_response(render_template("errors/error.html", status=status, message=message), status)


def init_app(app: Flask) -> None:
    @app.errorhandler(PortalError)
    def portal_error(error: PortalError):
        return error_response(error.status, error.code, error.message, error.fields,
                              error.reasons)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, "csrf_failed",
                              _("The form has expired. Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 500:
            original = getattr(error, "original_exception", None) or error
            log.error("server error on %s %s", request.method, request.path,
                      exc_info=(type(original), original, original.__traceback__))
        code, message = HTTP_ERRORS.get(error.code, ("error", error.description))
        response = error_response(error.code, code, message)
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        code, message = HTTP_ERRORS[500]
        return error_response(500, code, message)
