"""The JSON Lines parser of organisation imports: every problem, with its line number, at once.

Pure: no database; the reference data is a small hand-made :class:`Reference`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.registry.importing import Problem, Reference, parse_lines

DEV_SET = Path(__file__).parent.parent / "data" / "matching-dev" / "organisations.jsonl"

REFERENCE = Reference(
    regions={"KZ-35": ("KZ-35", "KZ"), "KZ-KAR": ("KZ-35", "KZ"), "RU-MOW": ("RU-MOW", "RU"),
             "AM-ER": ("AM-ER", "AM")},
    technology_fields=frozenset({"pharmaceuticals_biotech_medical", "energy"}),
    nace_classes=frozenset({"21.20"}),
    languages=("ru", "en"),
)


def line(**overrides) -> str:
    values = {"ref": "x-1", "name": "Karaganda Pharma", "country": "KZ", "region": "KZ-35",
              "kind": "enterprise", "technology_fields": ["pharmaceuticals_biotech_medical"],
              "language": "en", "description": "Generic tablets.", "offers": ["Tablets"],
              "needs": ["Blister foil"]}
    values.update(overrides)
    return json.dumps({key: value for key, value in values.items() if value is not ...},
                      ensure_ascii=False)


def codes(result) -> list[tuple[int, str]]:
    return [(problem.line, problem.code) for problem in result.problems]


def test_a_good_line_becomes_a_record_with_its_ref_as_external_ref():
    result = parse_lines([line(nace_codes=["21.20"], website="https://example.org")], REFERENCE)

    assert result.ok
    [record] = result.records
    assert (record.line, record.external_ref, record.state, record.region) == (1, "x-1", "KZ", "KZ-35")
    assert record.profile()["external_ref"] == "x-1"
    assert record.nace_codes == ("21.20",)
    assert record.website == "https://example.org"


def test_nace_codes_and_website_are_optional_and_may_be_empty():
    result = parse_lines([line(nace_codes=[]), line(ref="x-2")], REFERENCE)

    assert result.ok
    assert [record.nace_codes for record in result.records] == [(), ()]
    assert result.records[1].website is None


def test_a_former_kazakh_region_code_is_read_as_the_current_one():
    [record] = parse_lines([line(region="KZ-KAR")], REFERENCE).records

    assert record.region == "KZ-35"


def test_blank_lines_are_skipped_and_counted():
    result = parse_lines([line(), "", "   \n", line(ref="x-2")], REFERENCE)

    assert result.ok
    assert [record.line for record in result.records] == [1, 4]
    assert (result.lines, result.blank_lines) == (4, 2)


@pytest.mark.parametrize(("text", "code"), [
    ('{"ref": "x-1", "name": ', "not_json"),
    ("[1, 2]", "not_object"),
    (line(name=...), "missing"),
    (line(name=42), "not_text"),
    (line(name="  "), "empty"),
    (line(ref="r" * 101), "too_long"),
    (line(offers="Tablets"), "not_list"),
    (line(country="XX"), "unknown_state"),
    (line(region="KZ-99"), "unknown_region"),
    (line(region="RU-MOW"), "region_elsewhere"),
    (line(kind="bank"), "unknown_kind"),
    (line(language="fr"), "unknown_language"),
    (line(technology_fields=["energy", "alchemy"]), "unknown_field"),
    (line(nace_codes=["99.99"]), "unknown_nace"),
    (b'{"ref": "\xff"}', "not_utf8"),
])
def test_each_kind_of_problem_is_reported_on_its_line(text, code):
    result = parse_lines([line(ref="good"), text], REFERENCE)

    assert not result.ok
    assert codes(result) == [(2, code)]


def test_problem_messages_name_what_is_wrong(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        result = parse_lines([line(region="RU-MOW", kind="bank", name=...)], REFERENCE)
        assert [problem.message() for problem in result.problems] == [
            "Missing fields: name."]
        result = parse_lines([line(region="RU-MOW", kind="bank")], REFERENCE)
        assert [problem.message() for problem in result.problems] == [
            "The region Moscow is not in Kazakhstan.",
            "Unknown kind of organisation: bank (expected one of enterprise, university, "
            "research_institute, government, development_institution, financial)."]


def test_a_ref_used_twice_in_the_file_is_reported_with_the_line_that_used_it_first():
    result = parse_lines([line(ref="a"), line(ref="b"), line(ref="a")], REFERENCE)

    assert result.problems == [Problem(3, "duplicate_ref", {"ref": "a", "first": 1})]


def test_a_ref_already_in_the_database_is_refused_unless_updating():
    refused = parse_lines([line(ref="known"), line(ref="new")], REFERENCE, {"known"})
    updated = parse_lines([line(ref="known"), line(ref="new")], REFERENCE, {"known"}, update=True)

    assert refused.problems == [Problem(1, "ref_exists", {"ref": "known"})]
    assert updated.ok
    assert [(record.external_ref, record.exists) for record in updated.records] == [
        ("known", True), ("new", False)]


def test_every_bad_line_is_reported_not_only_the_first():
    lines = [line(ref="a"), "not json", line(ref="b", kind="bank"), line(ref="c"),
             line(ref="d", region="KZ-99", language="fr")]

    result = parse_lines(lines, REFERENCE)

    assert codes(result) == [(2, "not_json"), (3, "unknown_kind"), (5, "unknown_region"),
                             (5, "unknown_language")]


def test_problems_survive_a_round_trip_through_json():
    problem = Problem(7, "duplicate_ref", {"ref": "a", "first": 1})

    assert Problem.from_dict(json.loads(json.dumps(problem.as_dict()))) == problem


def test_the_development_set_parses_without_a_problem():
    reference = Reference(
        regions={code: (code, code[:2]) for code in _region_codes_of(DEV_SET)},
        technology_fields=frozenset(
            {"pharmaceuticals_biotech_medical", "nuclear_radiation", "aerospace", "shipbuilding",
             "new_materials", "chemistry_petrochemistry", "it_electronics", "agro_food", "energy",
             "mining_metallurgy", "machinery", "logistics"}),
        nace_classes=frozenset(), languages=("ru", "en"))

    with DEV_SET.open("rb") as lines:
        result = parse_lines(lines, reference)

    assert result.ok, result.problems[:3]
    assert len(result.records) == 171


def _region_codes_of(path: Path) -> set[str]:
    return {json.loads(text)["region"] for text in path.read_text().splitlines()}
