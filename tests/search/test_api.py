"""``GET /api/v1/organisations`` and ``GET /api/v1/search``: shape, order, filters, facets."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portal.accounts import tokens
from portal.registry import services as registry
from portal.search.models import SearchDocument
from portal.search.services import reindex
from tests.factories import make_user
from tests.search.helpers import indexed_organisation

#: The fields of API.md's organisation; the search gives each with its score.
ORGANISATION_FIELDS = {"id", "name", "kind", "state", "region", "language", "description", "offers",
                       "needs", "nace_codes", "technology_fields", "website", "status",
                       "external_ref", "version"}


@pytest.fixture
def profiles(session):
    made = {
        "ru": indexed_organisation(name="Фармзавод", language="ru", description="Фармацевтика",
                                   offers=["Асептический розлив"], external_ref="dev-900"),
        "en": indexed_organisation(name="Minsk Fill", state="BY", region="BY-MI",
                                   offers=["Aseptic fill-finish"], nace_codes=["21.20"],
                                   technology_fields=["pharmaceuticals_biotech_medical"]),
        "hidden": indexed_organisation(name="Hidden fill-finish", published=False),
    }
    session.commit()
    return made


def test_organisations_are_found_across_languages_best_first_with_scores(client, profiles):
    body = client.get("/api/v1/organisations?q=fill-finish").get_json()
    assert [item["name"] for item in body["items"]] == ["Minsk Fill", "Фармзавод"]
    assert set(body["items"][0]) >= ORGANISATION_FIELDS | {"score"}
    assert body["items"][0]["score"] > body["items"][1]["score"] > 0
    assert body["items"][0]["technology_fields"] == ["pharmaceuticals_biotech_medical"]
    assert (body["total"], body["page"], body["per_page"]) == (2, 1, 20)


def test_an_organisation_found_looks_as_it_does_everywhere_else(client, profiles):
    """The search's organisation is the registry's (``GET /organisations/{id}``), plus a score."""
    found = profiles["en"]
    [item] = client.get("/api/v1/organisations?q=Minsk").get_json()["items"]
    reader = make_user(email="reader@example.org")
    _row, token = tokens.create_token(reader, "test", reader)
    alone = client.get(f"/api/v1/organisations/{found.id}",
                       headers={"Authorization": f"Bearer {token}"}).get_json()
    assert set(alone) >= ORGANISATION_FIELDS
    assert {**alone, "score": item["score"]} == item
    [hit] = client.get("/api/v1/search?type=organisation&q=Minsk").get_json()["items"]
    assert hit["profile"] == alone and hit["score"] == item["score"]


def test_facets_come_with_their_names(client, profiles):
    facets = client.get("/api/v1/organisations?q=aseptic").get_json()["facets"]
    assert {"value": "BY", "label": "Belarus", "count": 1} in facets["state"]
    assert facets["nace"][0]["value"] == "21" and facets["nace"][0]["count"] == 1
    assert facets["kind"] == [{"value": "enterprise", "label": "Enterprise", "count": 2}]


def test_filters_and_the_import_reference(client, profiles):
    by_state = client.get("/api/v1/organisations?state=BY").get_json()
    assert [item["name"] for item in by_state["items"]] == ["Minsk Fill"]
    by_ref = client.get("/api/v1/organisations?external_ref=dev-900").get_json()
    assert [item["name"] for item in by_ref["items"]] == ["Фармзавод"]
    assert client.get("/api/v1/organisations?external_ref=nope").get_json()["items"] == []
    by_nace = client.get("/api/v1/organisations?nace=21.2&q=розлив").get_json()
    assert [item["name"] for item in by_nace["items"]] == ["Minsk Fill"]


def test_without_a_query_published_organisations_are_listed_by_name(client, profiles):
    body = client.get("/api/v1/organisations").get_json()
    assert [item["name"] for item in body["items"]] == ["Minsk Fill", "Фармзавод"]
    assert {item["score"] for item in body["items"]} == {None}


def test_pages_and_bad_page_numbers(client, profiles):
    second = client.get("/api/v1/organisations?per_page=1&page=2").get_json()
    assert [item["name"] for item in second["items"]] == ["Фармзавод"]
    assert second["total"] == 2
    response = client.get("/api/v1/organisations?page=0")
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["page"]


def test_one_search_finds_organisations_and_clusters(client, session, profiles):
    cluster = registry.create_cluster(
        name="Кластер фармацевтической промышленности", state="RU", region="RU-KLU",
        language="ru", management_organisation_id=profiles["ru"].id, actor="test")
    registry.publish_cluster(cluster.id, actor="test")
    reindex("cluster", cluster.id)
    session.commit()
    body = client.get("/api/v1/search?q=pharmaceutical").get_json()
    # the Belarusian profile is found by its technology field's name, in every language
    assert {(item["type"], item["name"]) for item in body["items"]} == {
        ("cluster", "Кластер фармацевтической промышленности"), ("organisation", "Minsk Fill"),
        ("organisation", "Фармзавод")}
    assert body["facets"]["type"] == [
        {"value": "organisation", "label": "Organisations", "count": 2},
        {"value": "cluster", "label": "Clusters", "count": 1}]
    only_clusters = client.get("/api/v1/search?q=pharmaceutical&type=cluster").get_json()
    assert [item["type"] for item in only_clusters["items"]] == ["cluster"]
    assert only_clusters["items"][0]["profile"]["management_organisation_id"] == profiles["ru"].id


def test_an_imported_organisation_is_found_by_its_reference_before_it_is_indexed(
        client, runner, session, tmp_path):
    """The exact lookup reads the database: no worker has indexed the import yet."""
    line = {"ref": "imp-1", "name": "Kazan Optics", "kind": "enterprise", "country": "RU",
            "region": "RU-TA", "language": "en", "description": "Lenses and optical coatings",
            "offers": ["Optical coatings"], "needs": [], "technology_fields": []}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(line) + "\n")
    result = runner.invoke(args=["import", "organisations", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    assert session.scalar(select(func.count()).select_from(SearchDocument)) == 0

    body = client.get("/api/v1/organisations?external_ref=imp-1").get_json()
    assert [item["name"] for item in body["items"]] == ["Kazan Optics"]
    assert body["total"] == 1 and body["items"][0]["external_ref"] == "imp-1"
    other_state = client.get("/api/v1/organisations?external_ref=imp-1&state=KZ").get_json()
    assert other_state["items"] == [] and other_state["total"] == 0


def test_an_unpublished_organisation_is_not_found_by_its_reference(client, runner, session,
                                                                   tmp_path):
    line = {"ref": "imp-2", "name": "Pending Optics", "kind": "enterprise", "country": "RU",
            "region": "RU-TA", "language": "en", "description": "Lenses",
            "offers": ["Lenses"], "needs": [], "technology_fields": []}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(line) + "\n")
    assert runner.invoke(args=["import", "organisations", str(path)]).exit_code == 0
    assert client.get("/api/v1/organisations?external_ref=imp-2").get_json()["items"] == []
