"""NACE Rev. 2 reference data: the file, the table it loads, and the API over it."""

import csv
from collections import Counter

from sqlalchemy import func, select

from portal.reference.loader import DATA
from portal.reference.models import NaceCode


def _file_rows() -> list[dict]:
    with (DATA / "nace_rev2.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_file_lists_every_parent_before_its_children():
    seen = set()
    for row in _file_rows():
        assert not row["parent"] or row["parent"] in seen, row["code"]
        seen.add(row["code"])


def test_every_row_has_an_english_and_a_russian_name():
    for row in _file_rows():
        assert row["name_en"].strip() == row["name_en"] and row["name_en"], row["code"]
        assert row["name_ru"].strip() == row["name_ru"] and row["name_ru"], row["code"]


def _count(session, level: str) -> int:
    return session.scalar(select(func.count()).select_from(NaceCode).where(NaceCode.level == level))


def test_the_table_holds_21_sections_88_divisions_272_groups_615_classes(session):
    counts = {level: _count(session, level) for level in ("section", "division", "group", "class")}
    assert counts == {"section": 21, "division": 88, "group": 272, "class": 615}


def test_every_division_belongs_to_a_section(session):
    levels = dict(session.execute(select(NaceCode.code, NaceCode.level)).all())
    divisions = session.scalars(select(NaceCode).where(NaceCode.level == "division")).all()
    assert all(levels[d.parent_code] == "section" for d in divisions)


def test_every_class_reaches_a_section_through_its_group_and_division(session):
    parents = dict(session.execute(select(NaceCode.code, NaceCode.parent_code)).all())
    levels = dict(session.execute(select(NaceCode.code, NaceCode.level)).all())
    for code, level in levels.items():
        if level != "class":
            continue
        chain = [code]
        while parents[chain[-1]] is not None:
            chain.append(parents[chain[-1]])
        assert [levels[c] for c in chain] == ["class", "group", "division", "section"], chain


def test_codes_have_the_shape_of_their_level(session):
    shapes = Counter((n.level, len(n.code)) for n in session.scalars(select(NaceCode)))
    assert set(shapes) == {("section", 1), ("division", 2), ("group", 4), ("class", 5)}


def test_pharmaceutical_classes_carry_the_okved2_names(session):
    assert session.get(NaceCode, "21.20").name("ru") == (
        "Производство лекарственных препаратов и материалов, применяемых в медицинских целях "
        "и ветеринарии")
    assert session.get(NaceCode, "21.20").name("en") == "Manufacture of pharmaceutical preparations"
    assert session.get(NaceCode, "21").parent_code == "C"


def test_api_lists_divisions_in_the_requested_language(client):
    english = client.get("/api/v1/nace?level=division&per_page=100",
                         headers={"Accept-Language": "en"}).get_json()
    russian = client.get("/api/v1/nace?level=division&per_page=100",
                         headers={"Accept-Language": "ru"}).get_json()
    assert english["total"] == russian["total"] == 88
    assert english["items"][0] == {"code": "01", "level": "division", "parent": "A",
                                   "name": "Crop and animal production, hunting and related "
                                           "service activities"}
    assert {"code": "21", "level": "division", "parent": "C",
            "name": "Производство лекарственных средств и материалов, применяемых в медицинских "
                    "целях и ветеринарии"} in russian["items"]


def test_api_without_a_level_lists_sections_first(client):
    body = client.get("/api/v1/nace?per_page=3", headers={"Accept-Language": "en"}).get_json()
    assert body["total"] == 996
    assert [item["code"] for item in body["items"]] == ["A", "B", "C"]


def test_api_finds_classes_by_the_start_of_their_code(client):
    dotted = client.get("/api/v1/nace?level=class&q=21.2").get_json()
    bare = client.get("/api/v1/nace?level=class&q=2120").get_json()
    assert [item["code"] for item in dotted["items"]] == ["21.20"]
    assert bare["items"] == dotted["items"]


def test_api_finds_a_russian_name_from_an_english_page_and_the_reverse(client):
    russian_query = client.get("/api/v1/nace?level=class&q=Лекарственных",
                               headers={"Accept-Language": "en"}).get_json()
    english_query = client.get("/api/v1/nace?level=class&q=PHARMACEUTICAL",
                               headers={"Accept-Language": "ru"}).get_json()
    assert "21.20" in [item["code"] for item in russian_query["items"]]
    assert {"21.10", "21.20"} <= {item["code"] for item in english_query["items"]}


def test_api_refuses_an_unknown_level_with_a_422(client):
    response = client.get("/api/v1/nace?level=subclass", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "level" in response.get_json()["error"]["fields"]


def test_api_lists_technology_fields_with_keys_and_localised_names(client):
    english = client.get("/api/v1/technology-fields", headers={"Accept-Language": "en"}).get_json()
    russian = client.get("/api/v1/technology-fields", headers={"Accept-Language": "ru"}).get_json()
    assert english["total"] == 12
    assert english["items"][0] == {"key": "nuclear_radiation",
                                   "name": "Nuclear and radiation technologies"}
    assert {"key": "agro_food", "name": "Агропромышленный комплекс и пищевая промышленность"} \
        in russian["items"]


def test_openapi_document_describes_the_new_reference_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/nace" in paths and "/api/v1/technology-fields" in paths


def test_api_search_without_a_match_is_an_empty_page(client):
    body = client.get("/api/v1/nace?q=zzzz-no-such-activity").get_json()
    assert body["total"] == 0 and body["items"] == []
