"""The OpenAPI document, built from the URL map and the YAML after ``---`` in each API view's
docstring, so that it cannot drift from the routes that exist; and a readable version of it:
a contents page of the tags and one page per tag.

A body that several operations share is written once: the feature registers it with
:func:`register_schema` from its ``init_app`` and the docstrings refer to it as
``$ref: '#/components/schemas/<name>'``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from apispec import APISpec
from apispec.yaml_utils import load_operations_from_docstring
from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core.api import MAX_PER_PAGE, bp
from portal.core.errors import NotFound
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


#: The readable name of each tag the operations carry; a tag not named here shows its key.
TAG_NAMES = {
    "accounts": _l("Accounts and tokens"),
    "administration": _l("Administration"),
    "ads": _l("Cooperation ads"),
    "audit": _l("Audit log"),
    "calls": _l("Calls for proposals"),
    "council": _l("Council"),
    "dashboard": _l("Dashboard"),
    "matching": _l("Partner matching"),
    "money": _l("Exchange rates"),
    "onboarding": _l("Registration and invitations"),
    "organisations": _l("Organisations"),
    "other": _l("Other operations"),
    "projects": _l("Projects"),
    "proposals": _l("Proposals"),
    "reference": _l("Reference data"),
    "registry": _l("Registry of organisations and clusters"),
    "review": _l("Expert review"),
    "search": _l("Search"),
    "statistics": _l("Statistics"),
}


@dataclass(frozen=True)
class TagSection:
    """The operations of one tag, path by path (``[(path, [(method, operation)])]``)."""

    key: str
    name: str
    paths: list[tuple[str, list[tuple[str, dict]]]]

    @property
    def operations(self) -> int:
        return sum(len(methods) for _path, methods in self.paths)


def tag_sections(spec: dict) -> list[TagSection]:
    """The document's operations by tag, the tags by readable name; an operation with several
    tags is under each, one with none under "other"."""
    by_tag: dict[str, dict[str, list[tuple[str, dict]]]] = {}
    for path, item in spec["paths"].items():
        for method, operation in openapi_methods(item):
            for tag in operation.get("tags") or ["other"]:
                by_tag.setdefault(tag, {}).setdefault(path, []).append((method, operation))
    sections = [TagSection(tag, str(TAG_NAMES.get(tag, tag)), list(paths.items()))
                for tag, paths in by_tag.items()]
    return sorted(sections, key=lambda section: section.name.casefold())


@page_bp.get("/api/docs")
def docs_page():
    """The contents of the readable API documentation: one link per tag (no script)."""
    spec = build_spec()
    return render_template("api/docs.html", spec=spec, sections=tag_sections(spec))


@page_bp.get("/api/docs/<tag>")
def docs_tag_page(tag: str):
    """The operations of one tag, rendered on the server; an unknown tag answers 404."""
    spec = build_spec()
    sections = tag_sections(spec)
    keys = [section.key for section in sections]
    if tag not in keys:
        raise NotFound(_("There is nothing here."))
    index = keys.index(tag)
    return render_template(
        "api/docs_tag.html", spec=spec, section=sections[index],
        previous=sections[index - 1] if index > 0 else None,
        following=sections[index + 1] if index + 1 < len(sections) else None)
