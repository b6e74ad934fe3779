"""The OpenAPI document, built from the URL map and the YAML after ``---`` in each API view's
docstring, so that it cannot drift from the routes that exist; and a readable page of it.

A body that several operations share is written once: the feature registers it with
:func:`register_schema` from its ``init_app`` and the docstrings refer to it as
``$ref: '#/components/schemas/<name>'``."""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.yaml_utils import load_operations_from_docstring
from flask import Blueprint, current_app, render_template

from portal.core.api import MAX_PER_PAGE, bp
from portal.core.request_input import MAX_ID, MAX_PAGE

page_bp = Blueprint("api_docs", __name__)
_SCHEMAS = "core.api_schemas"
_CONVERTER = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")
#: An id in a path: Flask's ``int``, bounded by portal.core.request_input.IdConverter.
_ID = re.compile(r"<int:([a-z_]+)>")


#: The error envelope of API.md, the body of every 4xx answer.
ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {
            "code": {"type": "string"}, "message": {"type": "string"},
            "fields": {"type": "object",
                       "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "reasons": {"type": "array", "items": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "params": {"type": "object"}}}},
        },
    }},
}
ERRORS = {
    400: "malformed: not JSON, not UTF-8, a NUL or a lone surrogate in a text, JSON nested too "
         "deep, a page or per_page that is not a whole number in its range",
    401: "no valid token",
    403: "the caller may not do this",
    404: "no such object, or one the caller may not know exists",
    422: "well-formed but invalid values, each under its field in error.fields",
}
ENVELOPE = {"$ref": "#/components/schemas/Error"}
#: What the request's checks bound, whatever a docstring says (portal.core.request_input).
PATH_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
PAGING = {"page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
          "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                       "description": f"at most {MAX_PER_PAGE}: more is read as {MAX_PER_PAGE}"}}


def register_schema(app, name: str, schema: dict) -> None:
    """A schema that operations refer to by name; each application keeps its own."""
    app.extensions.setdefault(_SCHEMAS, {})[name] = schema


def _bounded_parameters(operation: dict, rule) -> None:
    ids = set(_ID.findall(rule.rule))
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "path" and parameter["name"] in ids:
            parameter["schema"] = {**parameter.get("schema", {}), **PATH_ID}
        elif parameter.get("in") == "query" and parameter["name"] in PAGING:
            parameter["schema"] = {**parameter.get("schema", {}), **PAGING[parameter["name"]]}


def _possible_errors(operation: dict, rule, view) -> set[int]:
    possible = {400}
    if getattr(view, "token_required", False):
        possible |= {401, 403}
    if rule.arguments:
        possible.add(404)
    if "requestBody" in operation or operation.get("parameters"):
        possible.add(422)
    return possible


def _documented_errors(operation: dict, rule, view) -> None:
    """Every error the operation can answer, each with the envelope as its body."""
    responses = operation.setdefault("responses", {})
    for status in _possible_errors(operation, rule, view):
        responses.setdefault(status, {"description": ERRORS[status]})
    for status, response in responses.items():
        if str(status).isdigit() and int(status) >= 400:
            response.setdefault("content", {"application/json": {"schema": ENVELOPE}})


def build_spec() -> dict:
    spec = APISpec(
        title="EAEU Cluster Cooperation Portal API", version="1.0.0", openapi_version="3.1.0",
        info={"description": "Personal access tokens: `Authorization: Bearer <token>`. "
                             "Errors: `{\"error\": {\"code\", \"message\", \"fields\"}}`."},
    )
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", ERROR_SCHEMA)
    for name, schema in sorted(current_app.extensions.get(_SCHEMAS, {}).items()):
        spec.components.schema(name, schema)
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api.") or rule.endpoint.startswith("api.openapi"):
            continue
        view = current_app.view_functions[rule.endpoint]
        operations = load_operations_from_docstring(view.__doc__ or "")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = operations.setdefault(method.lower(), {"responses": {200: {"description": "OK"}}})
            if getattr(view, "token_required", False):
                operation.setdefault("security", [{"token": []}])
            _bounded_parameters(operation, rule)
            _documented_errors(operation, rule, view)
        spec.path(path=_CONVERTER.sub(r"{\1}", rule.rule), operations=operations)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi_json():
    return build_spec()


@bp.app_template_global()
def openapi_methods(item: dict) -> list[tuple[str, dict]]:
    return [(method, operation) for method, operation in item.items() if isinstance(operation, dict)]


@page_bp.get("/api/docs")
def docs_page():
    """A readable page of the OpenAPI document, rendered on the server (no script)."""
    return render_template("api/docs.html", spec=build_spec())
