"""The OpenAPI document: its structure, no drift from the URL map, and the readable page."""

from __future__ import annotations

import re

import pytest

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
#: The document does not describe itself.
UNDOCUMENTED = {"api.openapi_json"}


def openapi_path(rule: str) -> str:
    """``/api/v1/organisations/<int:id>`` → ``/api/v1/organisations/{id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def api_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/v1/") and rule.endpoint not in UNDOCUMENTED]


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_document_has_the_openapi_3_1_structure(spec):
    assert spec["openapi"].startswith("3.1.")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert isinstance(spec["paths"], dict) and spec["paths"]
    schemes = spec.get("components", {}).get("securitySchemes", {})
    for path, item in spec["paths"].items():
        assert path.startswith("/api/v1/"), path
        operations = {method: op for method, op in item.items() if method in HTTP_METHODS}
        assert operations, f"{path} has no operation"
        for method, operation in operations.items():
            assert operation.get("responses"), f"{method.upper()} {path} lists no response"
            for requirement in operation.get("security", []):
                assert set(requirement) <= set(schemes), f"{method.upper()} {path}: unknown scheme"


def test_path_templates_are_declared_as_required_path_parameters(spec):
    for path, item in spec["paths"].items():
        for method, operation in ((m, op) for m, op in item.items() if m in HTTP_METHODS):
            declared = {p["name"] for p in item.get("parameters", []) + operation.get("parameters", [])
                        if p.get("in") == "path" and p.get("required") is True}
            missing = set(re.findall(r"{([^}]+)}", path)) - declared
            assert not missing, (f"{method.upper()} {path} does not declare the path parameters "
                                 f"{sorted(missing)} (in: path, required: true) in its docstring")


def test_document_lists_every_api_route_and_method(app, spec):
    expected = {(openapi_path(rule.rule), method.lower())
                for rule in api_rules(app) for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, item in spec["paths"].items()
                  for method in item if method in HTTP_METHODS}
    assert expected - documented == set(), "routes missing from the document"
    assert documented - expected == set(), "documented operations with no route"


def test_conversion_of_rule_converters_to_path_templates():
    assert openapi_path("/api/v1/organisations/<int:id>") == "/api/v1/organisations/{id}"
    assert openapi_path("/api/v1/calls/<int:call_id>/items/<key>") == "/api/v1/calls/{call_id}/items/{key}"


def tags_of(spec) -> dict[str, set[tuple[str, str]]]:
    """``{tag: {(path, method)}}`` of the document's operations."""
    tags: dict[str, set[tuple[str, str]]] = {}
    for path, item in spec["paths"].items():
        for method, operation in ((m, op) for m, op in item.items() if m in HTTP_METHODS):
            for tag in operation.get("tags") or ["other"]:
                tags.setdefault(tag, set()).add((path, method))
    return tags


def test_docs_contents_links_to_one_page_per_tag(client, spec):
    response = client.get("/api/docs", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    linked = set(re.findall(r'href="/api/docs/([a-z_-]+)"', response.text))
    assert linked == set(tags_of(spec))
    assert "Reference data" in response.text  # the tag's readable name, not only its key
    assert "<code>/api/v1/states</code>" not in response.text  # operations are on the tag pages


def test_docs_tag_page_lists_exactly_the_operations_of_its_tag(client, spec):
    for tag, operations in tags_of(spec).items():
        response = client.get(f"/api/docs/{tag}", headers={"Accept-Language": "en"})
        assert response.status_code == 200, tag
        shown = set(re.findall(r'<h2 id="path-\d+"><code>([^<]+)</code></h2>', response.text))
        assert shown == {path for path, _method in operations}, tag
        methods = re.findall(r'<h3><span class="method">([A-Z]+)</span>', response.text)
        assert len(methods) == len(operations), tag


def test_docs_reference_page_shows_the_reference_endpoints(client):
    response = client.get("/api/docs/reference", headers={"Accept-Language": "en"})
    for path in ("/api/v1/states", "/api/v1/regions", "/api/v1/classify"):
        assert f"<code>{path}</code>" in response.text
    assert "<code>/api/v1/proposals</code>" not in response.text


def test_every_documented_path_is_on_a_tag_page(client, spec):
    shown = set()
    for tag in tags_of(spec):
        shown |= set(re.findall(r"<h2 id=\"path-\d+\"><code>([^<]+)</code></h2>",
                                client.get(f"/api/docs/{tag}").text))
    assert shown == set(spec["paths"])


def test_docs_page_of_an_unknown_tag_is_a_404_page(client):
    response = client.get("/api/docs/no-such-tag", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert client.get("/api/v1/no-such-thing").mimetype == "application/json"
