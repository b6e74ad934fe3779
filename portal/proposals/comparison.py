"""What changed between two snapshots of a proposal, in words.

A snapshot's content (:func:`portal.proposals.snapshots.proposal_content`) is plain JSON with
numbers as decimal strings, so the same value may be written ``0.4`` in one and ``0.4000`` in
the other (a database's NUMERIC column keeps its scale): numbers are compared as numbers, and
only a real difference is listed. Each difference has a label a person reads ("Partner 2
(Vitebsk Sterile): co-financing rate") and both values in the reader's language ("40 %" and
"50 %"), never a path such as ``partners.1.cofinancing_rate``. Partners are matched by their
organisation, documents by their content (SHA-256), other rows by their position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core import numbers
from portal.core.timezones import format_moment
from portal.extensions import db
from portal.proposals.labels import (
    CATEGORY_NAMES,
    CLASSIFICATION_NAMES,
    attachment_kind_name,
    background_kind_name,
    ownership_name,
)
from portal.reference.models import Region, TechnologyField


@dataclass(frozen=True)
class Difference:
    #: What differs, in words: "Partner 2 (Vitebsk Sterile): co-financing rate".
    label: str
    #: The value in the earlier version, in words; ``None`` where it had none.
    before: str | None
    #: The value in the later version, in words; ``None`` where it has none.
    after: str | None


FIELD_LABELS = {
    "title": _l("Title"), "acronym": _l("Acronym"), "summary": _l("Summary"),
    "work_plan": _l("Work plan"), "language": _l("Language of the proposal"),
    "duration_months": _l("Duration"), "lead_organisation_id": _l("Lead organisation"),
    "classification": _l("Classification"), "technology_fields": _l("Technology fields"),
}
PARTNER_LABELS = {
    "state": _l("member state"), "region": _l("region"),
    "cofinancing_rate": _l("co-financing rate"), "confirmed": _l("participation confirmed"),
    "endorsed": _l("endorsed by its contact point"),
}
INDICATOR_LABELS = {"name": _l("name"), "unit": _l("unit"), "baseline": _l("baseline"),
                    "target": _l("target")}
MILESTONE_LABELS = {"title": _l("title"), "month": _l("month"), "deliverable": _l("deliverable")}
BACKGROUND_LABELS = {"organisation_id": _l("owner"), "title": _l("title"), "kind": _l("kind"),
                     "terms": _l("terms")}
LANGUAGE_NAMES = {"ru": _l("Russian"), "en": _l("English")}
#: Keys compared by their own rules below, or not content at all.
_STRUCTURED = {"partners", "indicators", "milestones", "attachments", "ip"}
_PARTNER_SKIP = {"organisation_id", "name", "budget"}


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def same(before, after) -> bool:
    """Equal as values: two numbers however they are written, anything else as it is."""
    values = _decimal(before), _decimal(after)
    if None not in values:
        return values[0] == values[1]
    if isinstance(before, bool) or isinstance(after, bool):
        return before is after
    return before == after


def _locale() -> str:
    return str(get_locale() or "en")


def number_words(value) -> str | None:
    number = _decimal(value)
    if number is None:
        return None if value is None else str(value)
    return numbers.number(number)


def percent_words(value) -> str | None:
    number = _decimal(value)
    if number is None:
        return None if value is None else str(value)
    return numbers.percent(number)


def yes_no(value) -> str | None:
    return None if value is None else (_("Yes") if value else _("No"))


def _region(code) -> str | None:
    region = db.session.get(Region, code) if isinstance(code, str) else None
    return region.name(_locale()) if region else code


def _fields(keys) -> str | None:
    if not keys:
        return None
    names = []
    for key in keys:
        found = db.session.get(TechnologyField, key) if isinstance(key, str) else None
        names.append(found.name(_locale()) if found else str(key))
    return "; ".join(sorted(names))


def _text(value) -> str | None:
    return None if value in (None, "") else str(value)


def _pair(label: str, before, after, words: Callable = _text) -> Iterator[Difference]:
    if not same(before, after):
        yield Difference(label, words(before), words(after))


def _top(before: dict, after: dict) -> Iterator[Difference]:
    names = {p.get("organisation_id"): p.get("name")
             for p in [*before.get("partners", []), *after.get("partners", [])]}
    words: dict[str, Callable] = {
        "language": lambda v: str(LANGUAGE_NAMES.get(v, v)) if v else None,
        "duration_months": lambda v: None if v is None else _("%(n)s months", n=number_words(v)),
        "lead_organisation_id": lambda v: None if v is None else (names.get(v) or f"#{v}"),
        "classification": lambda v: str(CLASSIFICATION_NAMES.get(v, v)) if v else None,
    }
    for key in dict.fromkeys([*before, *after]):
        if key in _STRUCTURED:
            continue
        old, new = before.get(key), after.get(key)
        if key == "technology_fields":
            if sorted(old or []) != sorted(new or []):
                yield Difference(str(FIELD_LABELS[key]), _fields(old), _fields(new))
            continue
        label = str(FIELD_LABELS.get(key, key.replace("_", " ").capitalize()))
        yield from _pair(label, old, new, words.get(key, _generic))


def _generic(value) -> str | None:
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list | dict):
        return _text(", ".join(str(v) for v in value) if isinstance(value, list) else value)
    return number_words(value) if _decimal(value) is not None else _text(value)


def _line_words(line: dict | None) -> str | None:
    if not line:
        return None
    category = str(CATEGORY_NAMES.get(line.get("category"), line.get("category") or ""))
    value = _decimal(line.get("amount"))
    written = numbers.amount(value, line.get("currency")) if value is not None else ""
    return f"{category}: {written}".strip()


def _rate_words(line: dict | None) -> str | None:
    if not line or line.get("rate") is None:
        return None
    rate = number_words(line.get("rate"))
    return f"{rate} ({_day(line['rate_date'])})" if line.get("rate_date") else rate


def _day(value) -> str:
    """A snapshot's ISO day as the reader writes a date."""
    try:
        return format_moment(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _budget(label: str, before: list, after: list) -> Iterator[Difference]:
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        line_label = _("%(partner)s: budget line %(n)d", partner=label, n=index + 1)
        if old is None or new is None or not all(
                same(old.get(k), new.get(k)) for k in ("category", "amount", "currency")):
            yield Difference(line_label, _line_words(old), _line_words(new))
        if old is not None and new is not None and not (
                same(old.get("rate"), new.get("rate"))
                and old.get("rate_date") == new.get("rate_date")):
            yield Difference(_("%(line)s: exchange rate", line=line_label), _rate_words(old),
                             _rate_words(new))


def _partners(before: list, after: list) -> Iterator[Difference]:
    old_by_id = {p.get("organisation_id"): p for p in before}
    new_by_id = {p.get("organisation_id"): p for p in after}
    rows = [(n, p.get("organisation_id")) for n, p in enumerate(after, start=1)]
    rows += [(n, p.get("organisation_id")) for n, p in enumerate(before, start=1)
             if p.get("organisation_id") not in new_by_id]
    for number, organisation_id in rows:
        old, new = old_by_id.get(organisation_id), new_by_id.get(organisation_id)
        label = _("Partner %(n)d (%(name)s)", n=number, name=(new or old or {}).get("name"))
        if old is None:
            yield Difference(label, None, _("added to the consortium"))
            continue
        if new is None:
            yield Difference(label, _("in the consortium"), _("removed from the consortium"))
            continue
        for key in dict.fromkeys([*old, *new]):
            if key in _PARTNER_SKIP:
                continue
            words = {"cofinancing_rate": percent_words, "confirmed": yes_no, "endorsed": yes_no,
                     "region": _region}.get(key, _generic)
            field = str(PARTNER_LABELS.get(key, key.replace("_", " ")))
            yield from _pair(f"{label}: {field}", old.get(key), new.get(key), words)
        yield from _budget(label, old.get("budget") or [], new.get("budget") or [])


def _rows(before: list, after: list, heading: str, labels: dict, name_key: str,
          summary: Callable[[dict], str]) -> Iterator[Difference]:
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        label = _("%(heading)s %(n)d (%(name)s)", heading=heading, n=index + 1,
                  name=(new or old or {}).get(name_key) or "—")
        if old is None or new is None:
            yield Difference(label, old and summary(old), new and summary(new))
            continue
        for key in dict.fromkeys([*old, *new]):
            field = str(labels.get(key, key.replace("_", " ")))
            yield from _pair(f"{label}: {field}", old.get(key), new.get(key), _generic)


def _indicator_words(row: dict) -> str:
    return _("%(name)s: from %(baseline)s to %(target)s %(unit)s", name=row.get("name"),
             baseline=number_words(row.get("baseline")) or "—",
             target=number_words(row.get("target")) or "—", unit=row.get("unit") or "").strip()


def _milestone_words(row: dict) -> str:
    return _("Month %(n)s: %(title)s", n=row.get("month"), title=row.get("title"))


def _background_words(row: dict) -> str:
    return f"{row.get('title')} ({background_kind_name(row.get('kind'))}, {row.get('name')})"


def _ip(before: dict, after: dict) -> Iterator[Difference]:
    """The IP section: who owns the results, the access rights, and the background IP rows by
    their position (a row's owner in words, by its name)."""
    yield from _pair(_("Ownership of results"), before.get("results_ownership"),
                     after.get("results_ownership"), ownership_name)
    yield from _pair(_("Access rights"), before.get("access_rights"),
                     after.get("access_rights"))
    old_rows, new_rows = before.get("background") or [], after.get("background") or []
    for index in range(max(len(old_rows), len(new_rows))):
        old = old_rows[index] if index < len(old_rows) else None
        new = new_rows[index] if index < len(new_rows) else None
        label = _("Background IP %(n)d (%(owner)s)", n=index + 1,
                  owner=(new or old or {}).get("name") or "—")
        if old is None or new is None:
            yield Difference(label, old and _background_words(old),
                             new and _background_words(new))
            continue
        words = {"organisation_id": lambda _v, row: row.get("name"),
                 "kind": lambda v, _row: background_kind_name(v) if v else None}
        for key, field in BACKGROUND_LABELS.items():
            if not same(old.get(key), new.get(key)):
                say = words.get(key, lambda v, _row: _text(v))
                yield Difference(f"{label}: {field}", say(old.get(key), old),
                                 say(new.get(key), new))


def _documents(before: list, after: list) -> Iterator[Difference]:
    def words(document: dict) -> str:
        return f"{document.get('filename')} ({attachment_kind_name(document.get('kind'))})"

    old = {d.get("sha256"): d for d in before}
    new = {d.get("sha256"): d for d in after}
    for sha, document in new.items():
        if sha not in old:
            yield Difference(_("Document %(name)s", name=words(document)), None, _("attached"))
    for sha, document in old.items():
        if sha not in new:
            yield Difference(_("Document %(name)s", name=words(document)), _("attached"),
                             _("removed"))


def differences(before: dict, after: dict) -> list[Difference]:
    """Every real difference between two snapshot contents, in the order of the content."""
    found = list(_top(before, after))
    found += _partners(before.get("partners") or [], after.get("partners") or [])
    found += _rows(before.get("indicators") or [], after.get("indicators") or [],
                   _("Indicator"), INDICATOR_LABELS, "name", _indicator_words)
    found += _rows(before.get("milestones") or [], after.get("milestones") or [],
                   _("Milestone"), MILESTONE_LABELS, "title", _milestone_words)
    found += _ip(before.get("ip") or {}, after.get("ip") or {})
    found += _documents(before.get("attachments") or [], after.get("attachments") or [])
    return found
