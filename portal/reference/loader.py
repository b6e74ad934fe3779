"""Brings the reference tables in line with the files the portal carries (idempotent).

Rows are added or updated by key; nothing is deleted, since profiles may refer to a code that a
later edition of a file no longer lists.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.reference.models import (
    BorderPair,
    MemberState,
    NaceCode,
    Region,
    RegionAlias,
    TechnologyField,
)
from portal.reference.queries import forget_reference_names

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> Iterator[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _names(row: dict) -> dict:
    """The row's ``name_<language>`` columns that are filled in, by language."""
    return {key.removeprefix("name_"): value for key, value in row.items()
            if key.startswith("name_") and value}


def sync_reference_data() -> dict[str, int]:
    """Upsert every reference row; returns how many rows each table holds in the files."""
    session = db.session
    counts: dict[str, int] = {}
    states = list(_rows("member_states.csv"))
    for position, row in enumerate(states):
        session.merge(MemberState(code=row["code"], currency=row["currency"],
                                  names=_names(row), position=position))
    counts["member_states"] = len(states)
    regions = list(_rows("eaeu_regions.csv"))
    for row in regions:
        session.merge(Region(code=row["iso_code"], state_code=row["country"],
                             names=_names(row),
                             category=row["type"]))
    counts["regions"] = len(regions)
    session.flush()
    aliases = list(_rows("region_aliases.csv"))
    for row in aliases:
        session.merge(RegionAlias(alias=row["alias"], region_code=row["region_code"]))
    counts["region_aliases"] = len(aliases)
    counts["border_pairs"] = _sync_borders()
    fields = list(_rows("technology_fields.csv"))
    for position, row in enumerate(fields):
        session.merge(TechnologyField(key=row["key"], names=_names(row), position=position))
    counts["technology_fields"] = len(fields)
    nace = list(_rows("nace_rev2.csv"))
    for row in nace:  # parents come before their children in the file
        session.merge(NaceCode(code=row["code"], level=row["level"],
                               parent_code=row["parent"] or None, names=_names(row)))
        session.flush()
    counts["nace_codes"] = len(nace)
    session.flush()
    forget_reference_names()
    return counts


def _sync_borders() -> int:
    existing = {(p.region_a, p.region_b): p for p in db.session.scalars(select(BorderPair))}
    rows = list(_rows("eaeu_border_pairs.csv"))
    for row in rows:
        a, b = sorted((row["region_a"], row["region_b"]))
        pair = existing.get((a, b))
        if pair is None:
            db.session.add(BorderPair(region_a=a, region_b=b, confidence=row["confidence"]))
        else:
            pair.confidence = row["confidence"]
    return len(rows)
