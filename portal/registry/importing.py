"""Reading organisations from JSON Lines, the format of ``matching-dev/organisations.jsonl``.

Pure: the caller passes the reference data (:class:`Reference`) and the references already in
the database, and gets back either the parsed records or every problem, each with its line
number. Nothing here touches the database, so an import can check a whole file before it writes
anything (all or nothing) and the checks run without a database in the tests.

A line is one JSON object with the fields ``ref``, ``name``, ``country``, ``region``, ``kind``,
``technology_fields``, ``language``, ``description``, ``offers`` and ``needs``, and optionally
``nace_codes`` (NACE Rev. 2 classes, may be empty) and ``website``. Blank lines are skipped.
``ref`` becomes the organisation's ``external_ref``. A ``ref`` that is already in the database
is refused, unless the import is asked to update: then that organisation's profile is replaced
by the line's.

Problems carry a code and parameters, not a sentence, so that the page and the command render
them in their reader's language, also long after the import ran (:meth:`Problem.message`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import lazy_gettext as _l

from portal.core import limits
from portal.reference.queries import region_name, state_name
from portal.registry.models import OrganisationKind

REQUIRED_FIELDS = ("ref", "name", "country", "region", "kind", "technology_fields", "language",
                   "description", "offers", "needs")
OPTIONAL_FIELDS = ("nace_codes", "website")
_TEXT_FIELDS = ("ref", "name", "country", "region", "kind", "language", "description")
_LIST_FIELDS = ("technology_fields", "offers", "needs", "nace_codes")
#: Longest value of a field, as for a profile made on the pages or through the API.
MAX_LENGTH = {"ref": limits.LABEL_MAX, "name": limits.NAME_MAX, "website": limits.ADDRESS_MAX,
              "description": limits.DESCRIPTION_MAX}
#: Most items of a list field, and the longest item where the items are statements.
MAX_ITEMS = {"technology_fields": limits.CODES_MAX, "nace_codes": limits.CODES_MAX,
             "offers": limits.STATEMENTS_MAX, "needs": limits.STATEMENTS_MAX}
MAX_ITEM_LENGTH = {"offers": limits.STATEMENT_MAX, "needs": limits.STATEMENT_MAX}

MESSAGES = {
    "not_utf8": _l("The line is not UTF-8 text."),
    "not_json": _l("The line is not valid JSON (%(error)s at column %(column)s)."),
    "not_object": _l("The line must be a JSON object, in braces."),
    "too_deep": _l("The line nests lists or objects too deeply."),
    "missing": _l("Missing fields: %(fields)s."),
    "not_text": _l("The field %(field)s must be text."),
    "not_list": _l("The field %(field)s must be a list of texts."),
    "empty": _l("The field %(field)s must not be empty."),
    "too_long": _l("The field %(field)s is longer than %(max)s characters."),
    "too_many": _l("The field %(field)s has more than %(max)s items."),
    "item_too_long": _l("Item %(item)s of the field %(field)s is longer than %(max)s characters."),
    "unknown_state": _l("Unknown member state: %(state)s (expected one of %(expected)s)."),
    "unknown_region": _l("Unknown region code: %(region)s."),
    "region_elsewhere": _l("The region %(region)s is not in %(state)s."),
    "unknown_kind": _l("Unknown kind of organisation: %(kind)s (expected one of %(expected)s)."),
    "unknown_language": _l("Unknown language: %(language)s (expected one of %(expected)s)."),
    "unknown_field": _l("Unknown technology field: %(fields)s."),
    "unknown_nace": _l("Not a NACE Rev. 2 class: %(codes)s."),
    "duplicate_ref": _l("The reference %(ref)s is already used on line %(first)s."),
    "ref_exists": _l("An organisation with the reference %(ref)s already exists; import with "
                     "the update option to replace its profile."),
    # Problems of a whole upload, reported on line 0.
    "file_missing": _l("The uploaded file is no longer on the server; upload it again."),
    "conflict": _l("Someone created one of these organisations while the import ran; nothing "
                   "was imported. Run the import again."),
    "interrupted": _l("The import stopped on an unexpected error; nothing was imported."),
    "more_problems": _l("… and %(count)s more problems, not listed."),
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one line; ``code`` is a key of :data:`MESSAGES`."""

    line: int
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self) -> str:
        """The sentence in the current language (of the request, or of ``force_locale``)."""
        return str(MESSAGES[self.code]) % self._named(dict(self.params))

    def _named(self, params: dict) -> dict:
        """A region or a state by its name where a sentence places it among others; an unknown
        code stays as it was written."""
        if self.code == "region_elsewhere":
            params["region"] = region_name(str(params.get("region", "")))
            params["state"] = state_name(str(params.get("state", "")))
        return params

    def as_dict(self) -> dict:
        return {"line": self.line, "code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Problem:
        return cls(int(data["line"]), str(data["code"]), dict(data.get("params") or {}))


@dataclass(frozen=True)
class Reference:
    """What a line is checked against, loaded once per import."""

    #: Every region code, former Kazakh codes included, to its (current code, state).
    regions: Mapping[str, tuple[str, str]]
    technology_fields: frozenset[str]
    nace_classes: frozenset[str]
    languages: tuple[str, ...]

    @cached_property
    def states(self) -> frozenset[str]:
        return frozenset(state for _code, state in self.regions.values())


@dataclass(frozen=True)
class OrganisationRecord:
    """One valid line, in the terms of ``registry.services.create_organisation``."""

    line: int
    external_ref: str
    name: str
    state: str
    region: str
    kind: str
    language: str
    description: str
    technology_fields: tuple[str, ...]
    offers: tuple[str, ...]
    needs: tuple[str, ...]
    nace_codes: tuple[str, ...]
    website: str | None
    #: The reference is already in the database: the import updates that organisation.
    exists: bool = False

    def profile(self) -> dict:
        """The keyword arguments of ``create_organisation`` (without the actor)."""
        return {"name": self.name, "kind": self.kind, "state": self.state, "region": self.region,
                "language": self.language, "description": self.description,
                "offers": list(self.offers), "needs": list(self.needs),
                "nace_codes": list(self.nace_codes),
                "technology_fields": list(self.technology_fields), "website": self.website,
                "external_ref": self.external_ref}


@dataclass
class ParseResult:
    records: list[OrganisationRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Lines that were read, blank ones included.
    lines: int = 0
    blank_lines: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_lines(lines: Iterable[str | bytes], reference: Reference,
                existing_refs: Iterable[str] = (), *, update: bool = False) -> ParseResult:
    """Check every line; the records when all are good, else every problem (records as well,
    but an import writes nothing unless :attr:`ParseResult.ok`)."""
    existing = frozenset(existing_refs)
    result = ParseResult()
    first_line_of_ref: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        result.lines = number
        problems: list[Problem] = []
        record = _parse_line(number, raw, reference, problems)
        if record is None and not problems:
            result.blank_lines += 1
            continue
        if record is not None:
            _check_ref(record, first_line_of_ref, existing, update, problems)
            if record.external_ref in existing and update:
                record = _existing(record)
        result.problems.extend(problems)
        if record is not None and not problems:
            result.records.append(record)
    return result


def _existing(record: OrganisationRecord) -> OrganisationRecord:
    return OrganisationRecord(**{**record.__dict__, "exists": True})


def _check_ref(record: OrganisationRecord, first_line_of_ref: dict[str, int],
               existing: frozenset[str], update: bool, problems: list[Problem]) -> None:
    ref = record.external_ref
    if ref in first_line_of_ref:
        problems.append(Problem(record.line, "duplicate_ref",
                                {"ref": ref, "first": first_line_of_ref[ref]}))
        return
    first_line_of_ref[ref] = record.line
    if ref in existing and not update:
        problems.append(Problem(record.line, "ref_exists", {"ref": ref}))


def _parse_line(number: int, raw: str | bytes, reference: Reference,
                problems: list[Problem]) -> OrganisationRecord | None:
    """The record of one line; None for a blank line or when ``problems`` got something."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(number, "not_utf8"))
            return None
    text = raw.strip().lstrip("\ufeff") if number == 1 else raw.strip()
    if not text:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(Problem(number, "not_json", {"error": error.msg, "column": error.colno}))
        return None
    except RecursionError:
        problems.append(Problem(number, "too_deep"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(number, "not_object"))
        return None
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        problems.append(Problem(number, "missing", {"fields": ", ".join(missing)}))
    values = _typed_values(number, data, problems)
    if missing or problems:
        return None
    return _checked_record(number, values, reference, problems)


def _typed_values(number: int, data: dict, problems: list[Problem]) -> dict:
    values: dict = {}
    for name in (*_TEXT_FIELDS, "website"):
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(Problem(number, "not_text", {"field": name}))
            continue
        values[name] = value.strip()
        if name in ("ref", "name") and not values[name]:
            problems.append(Problem(number, "empty", {"field": name}))
        if name in MAX_LENGTH and len(values[name]) > MAX_LENGTH[name]:
            problems.append(Problem(number, "too_long", {"field": name, "max": MAX_LENGTH[name]}))
    for name in _LIST_FIELDS:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(Problem(number, "not_list", {"field": name}))
            continue
        values[name] = tuple(item.strip() for item in value if item.strip())
        _check_items(number, name, values[name], problems)
    return values


def _check_items(number: int, name: str, items: tuple[str, ...],
                 problems: list[Problem]) -> None:
    if len(items) > MAX_ITEMS[name]:
        problems.append(Problem(number, "too_many", {"field": name, "max": MAX_ITEMS[name]}))
        return
    longest = MAX_ITEM_LENGTH.get(name)
    for item, text in enumerate(items, start=1):
        if longest is not None and len(text) > longest:
            problems.append(Problem(number, "item_too_long",
                                    {"field": name, "item": item, "max": longest}))
            return


def _checked_record(number: int, values: dict, reference: Reference,
                    problems: list[Problem]) -> OrganisationRecord | None:
    state = values["country"].upper()
    region = _checked_region(number, state, values["region"], reference, problems)
    kinds = [str(kind) for kind in OrganisationKind]
    if values["kind"] not in kinds:
        problems.append(Problem(number, "unknown_kind",
                                {"kind": values["kind"], "expected": ", ".join(kinds)}))
    if values["language"] not in reference.languages:
        problems.append(Problem(number, "unknown_language", {
            "language": values["language"], "expected": ", ".join(reference.languages)}))
    fields = tuple(dict.fromkeys(values["technology_fields"]))
    unknown = [key for key in fields if key not in reference.technology_fields]
    if unknown:
        problems.append(Problem(number, "unknown_field", {"fields": ", ".join(unknown)}))
    codes = values["nace_codes"]
    unknown = [code for code in codes if code.partition("/")[0] not in reference.nace_classes]
    if unknown:
        problems.append(Problem(number, "unknown_nace", {"codes": ", ".join(unknown)}))
    if problems:
        return None
    return OrganisationRecord(
        line=number, external_ref=values["ref"], name=values["name"], state=state,
        region=region, kind=values["kind"], language=values["language"],
        description=values["description"], technology_fields=fields, offers=values["offers"],
        needs=values["needs"], nace_codes=codes, website=values.get("website") or None)


def _checked_region(number: int, state: str, code: str, reference: Reference,
                    problems: list[Problem]) -> str:
    if state not in reference.states:
        problems.append(Problem(number, "unknown_state",
                                {"state": state, "expected": ", ".join(sorted(reference.states))}))
        return code
    found = reference.regions.get(code.upper())
    if found is None:
        problems.append(Problem(number, "unknown_region", {"region": code}))
        return code
    current, region_state = found
    if region_state != state:
        problems.append(Problem(number, "region_elsewhere", {"region": current, "state": state}))
    return current
