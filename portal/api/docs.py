"""The OpenAPI document, built from the URL map and the YAML after ``---`` in each API view's
docstring, so that it cannot drift from the routes that exist; and a readable page of it."""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.yaml_utils import load_operations_from_docstring
from flask import Blueprint, current_app, render_template

from portal.api.base import bp

page_bp = Blueprint("api_docs", __name__)
_CONVERTER = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")


def build_spec() -> dict:
    spec = APISpec(
        title="EAEU Cluster Cooperation Portal API", version="1.0.0", openapi_version="3.1.0",
        info={"description": "Personal access tokens: `Authorization: Bearer <token>`. "
                             "Errors: `{\"error\": {\"code\", \"message\", \"fields\"}}`."},
    )
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api.") or rule.endpoint.startswith("api.openapi"):
            continue
        view = current_app.view_functions[rule.endpoint]
        operations = load_operations_from_docstring(view.__doc__ or "")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = operations.setdefault(method.lower(), {"responses": {200: {"description": "OK"}}})
            if getattr(view, "token_required", False):
                operation.setdefault("security", [{"token": []}])
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
