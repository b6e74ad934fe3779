"""Importing organisations from JSON Lines, all or nothing: check every line, then write.

:func:`check_lines` reads the reference data and the known references once and checks the whole
file with the pure :mod:`portal.registry.importing`; :func:`import_records` writes the checked
records in batches, with the audit entries the registry services write (each organisation
created, and published if asked). Both only flush: the command or the worker task commits once, so a file with
a bad line, or an import that fails half-way, leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from portal.accounts.models import LANGUAGES
from portal.core import audit
from portal.extensions import db
from portal.reference.models import NaceCode, Region, RegionAlias, TechnologyField
from portal.registry.importing import OrganisationRecord, ParseResult, Reference, parse_lines
from portal.registry.models import Organisation, ProfileStatus

#: Organisations written per flush.
BATCH_SIZE = 500


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    published: int = 0


def load_reference() -> Reference:
    """Regions (former Kazakh codes included), technology fields, NACE classes: three queries."""
    regions = {code: (code, state) for code, state in db.session.execute(
        select(Region.code, Region.state_code))}
    for alias, code in db.session.execute(select(RegionAlias.alias, RegionAlias.region_code)):
        regions[alias] = regions[code]
    fields = frozenset(db.session.scalars(select(TechnologyField.key)))
    nace = frozenset(db.session.scalars(select(NaceCode.code).where(NaceCode.level == "class")))
    return Reference(regions=regions, technology_fields=fields, nace_classes=nace,
                     languages=LANGUAGES)


def known_refs() -> set[str]:
    return set(db.session.scalars(
        select(Organisation.external_ref).where(Organisation.external_ref.is_not(None))))


def check_lines(lines: Iterable[str | bytes], *, update: bool = False) -> ParseResult:
    """Every problem of the file, or its records; reads the database, writes nothing."""
    return parse_lines(lines, load_reference(), known_refs(), update=update)


def import_records(records: Sequence[OrganisationRecord], actor, *, publish: bool = False,
                   progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Create each checked record (or, for a known reference, replace that organisation's
    profile), publish it if asked, write their audit entries, and flush, in batches.
    ``progress(n)`` hears how many records are written after each batch.

    The records were checked by :func:`check_lines` against the same rules as
    ``services.create_organisation``; writing them in batches (two flushes and one append to
    the audit chain per batch, no query per record) is what makes 100,000 lines take a minute
    rather than many: the service, one organisation at a time, costs about 3 ms each.
    """
    summary = ImportSummary()
    fields_by_key = {field.key: field for field in db.session.scalars(select(TechnologyField))}
    for start in range(0, len(records), BATCH_SIZE):
        batch = records[start:start + BATCH_SIZE]
        _write_batch(batch, fields_by_key, actor, publish, summary)
        if progress is not None:
            progress(start + len(batch))
    return summary


def _write_batch(batch: Sequence[OrganisationRecord], fields_by_key: dict[str, TechnologyField],
                 actor, publish: bool, summary: ImportSummary) -> None:
    known = _organisations_by_ref([record.external_ref for record in batch if record.exists])
    written = []
    for record in batch:
        organisation = known.get(record.external_ref)
        published_before = organisation is not None and organisation.status == ProfileStatus.PUBLISHED
        if organisation is None:
            organisation = Organisation(status=ProfileStatus.PENDING)
            db.session.add(organisation)
            summary.created += 1
        else:
            summary.updated += 1
        _set_profile(organisation, record, fields_by_key)
        if publish and not published_before:
            organisation.status = ProfileStatus.PUBLISHED
            summary.published += 1
        written.append((record, organisation, published_before))
    db.session.flush()
    audit.record_many(actor, _audit_entries(written, publish))


def _audit_entries(written, publish: bool) -> Iterator[tuple[str, str, dict]]:
    """The entries the registry services write: a creation (or update), then a publication."""
    for record, organisation, published_before in written:
        obj = f"organisation:{organisation.id}"
        if record.exists:
            yield "organisation.update", obj, {"external_ref": record.external_ref,
                                               "source": "import"}
        else:
            yield "organisation.create", obj, {"name": organisation.name,
                                               "state": organisation.state_code,
                                               "external_ref": record.external_ref,
                                               "source": "import"}
        if publish and not published_before:
            yield "organisation.publish", obj, {}


def _organisations_by_ref(refs: list[str]) -> dict[str, Organisation]:
    if not refs:
        return {}
    return {organisation.external_ref: organisation for organisation in db.session.scalars(
        select(Organisation).where(Organisation.external_ref.in_(refs)))}


def _set_profile(organisation: Organisation, record: OrganisationRecord,
                 fields_by_key: dict[str, TechnologyField]) -> None:
    """The record's profile on a new or known organisation; its status and users stay."""
    organisation.external_ref = record.external_ref
    organisation.name = record.name
    organisation.kind = record.kind
    organisation.state_code = record.state
    organisation.region_code = record.region
    organisation.language = record.language
    organisation.description = record.description
    organisation.offers = list(record.offers)
    organisation.needs = list(record.needs)
    organisation.nace_codes = list(record.nace_codes)
    organisation.website = record.website
    organisation.technology_fields = [fields_by_key[key] for key in record.technology_fields]
