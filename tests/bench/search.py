"""Search benchmark: p95 latency at 1,000, 10,000 and 100,000 organisations, and index build rate.

``python -m tests.bench.search [--sizes 1000,10000,100000]`` generates organisations on a
scratch database (PostgreSQL when ``DATABASE_URL`` names a server, SQLite otherwise) by
recombining the texts of the demo data and the matching development set (descriptions, offers,
needs in Russian and English; real regions, NACE classes and technology fields), rebuilds the index
in batches, and times the searches the page and the API make: free text in either language, with
and without filters, with facet counts, and filter-only listings. Prints figures; never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select, text

from portal import create_app
from portal.demo.clusters import CLUSTERS
from portal.extensions import db
from portal.reference.models import NaceCode, Region, TechnologyField
from portal.registry.models import Organisation, organisation_technology_field
from portal.search.engine import SearchQuery, search
from portal.search.services import reindex_all
from tests.conftest import app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "matching-dev" / "organisations.jsonl"
KINDS = ["enterprise"] * 8 + ["university", "research_institute", "government",
                              "development_institution", "financial"]
QUERIES = [
    "фармацевтический", "aseptic fill-finish", "клинические исследования", "steel casting",
    "логистика", "solar panels", "software development", "зерно", "medical devices",
    "стерилизация без этиленоксида", "полимерные материалы", "machine tools CNC",
    "субстанция", "cold chain logistics", "искусственный интеллект", "titanium alloys",
    "удобрения", "vaccine production", "испытательная лаборатория", "drone navigation",
]
FILTERS = [{}, {"state": "KZ"}, {"technology_field": "pharmaceuticals_biotech_medical"},
           {"nace": "21"}, {"state": "RU", "kind": "enterprise"}]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def phrases() -> dict[str, dict[str, list]]:
    """Texts by language: descriptions, offers, needs and names, from the demo and the dev set."""
    pool = {lang: {"description": [], "offers": [], "needs": [], "name": []} for lang in ("ru", "en")}
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        profile = json.loads(line)
        texts = pool[profile["language"]]
        texts["description"].append(profile["description"])
        texts["offers"] += profile["offers"]
        texts["needs"] += profile["needs"]
        texts["name"].append(profile["name"])
    for cluster in CLUSTERS:
        for member in cluster.members:
            texts = pool[member.language]
            texts["description"].append(member.description)
            texts["offers"] += member.offers
            texts["needs"] += member.needs
            texts["name"].append(member.name)
    return pool


def generate(count: int, start: int, rng: random.Random, pool, regions, fields, nace) -> list[int]:
    """Insert ``count`` published organisations with recombined texts; their ids."""
    rows, links = [], []
    for number in range(start, start + count):
        language = "ru" if rng.random() < 0.55 else "en"
        texts = pool[language]
        state, region = rng.choice(regions)
        rows.append({
            "name": f"{rng.choice(texts['name'])} {number}", "kind": rng.choice(KINDS),
            "state_code": state, "region_code": region, "language": language,
            "description": rng.choice(texts["description"]),
            "offers": rng.sample(texts["offers"], rng.randint(1, 3)),
            "needs": rng.sample(texts["needs"], rng.randint(0, 3)),
            "nace_codes": [rng.choice(nace)], "status": "published",
            "external_ref": f"bench-{number}", "version": 1})
    db.session.execute(insert(Organisation), rows)
    ids = list(db.session.scalars(select(Organisation.id).where(
        Organisation.external_ref.in_([row["external_ref"] for row in rows]))))
    for organisation_id in ids:
        for key in rng.sample(fields, rng.randint(1, 2)):
            links.append({"organisation_id": organisation_id, "field_key": key})
    db.session.execute(insert(organisation_technology_field), links)
    db.session.commit()
    return sorted(ids)


def grow(target: int, have: int, rng, pool, regions, fields, nace) -> tuple[float, float]:
    """Add organisations up to ``target`` and rebuild the index as ``portal search reindex``
    does; (generation s, indexing docs/s)."""
    started = time.perf_counter()
    for start in range(have, target, 5000):
        generate(min(5000, target - start), start, rng, pool, regions, fields, nace)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    written = reindex_all(batch_size=1000)
    rate = written / (time.perf_counter() - started)
    analyse()
    return generated, rate


def analyse() -> None:
    """Fresh planner statistics; on PostgreSQL a VACUUM too, as autovacuum leaves a table that
    has stopped growing (its visibility map lets index-only scans skip the table)."""
    if db.engine.dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def time_searches(rounds: int = 3) -> tuple[dict[str, list[float]], int]:
    """Timings by kind of search, and how many of the searches counted their total exactly."""
    timings: dict[str, list[float]] = {"text": [], "text+filter": [], "filter only": []}
    exact = 0
    for _round in range(rounds):
        for q in QUERIES:
            for filters in FILTERS:
                label = "text" if not filters else "text+filter"
                elapsed, counted = _timed(SearchQuery(q=q, **filters))
                timings[label].append(elapsed)
                exact += counted
        for filters in FILTERS:
            elapsed, counted = _timed(SearchQuery(**filters))
            timings["filter only"].append(elapsed)
            exact += counted
    return timings, exact


def _timed(query: SearchQuery) -> tuple[float, bool]:
    started = time.perf_counter()
    result = search(query)
    elapsed = (time.perf_counter() - started) * 1000
    db.session.rollback()
    return elapsed, result.total_exact


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="portal-search-bench-"))
    url = create_scratch_database(folder, "searchbench")
    try:
        app = create_app(app_settings(folder, url))
        migrate_to_head(app)
        backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, database {backend}")
        with app.test_request_context():
            run(sizes)
            db.session.remove()
            db.engine.dispose()
    finally:
        drop_scratch_database(url)


def run(sizes: list[int]) -> None:
    rng = random.Random(20261123)
    pool = phrases()
    regions = [(r.state_code, r.code) for r in db.session.scalars(select(Region).order_by(Region.code))]
    fields = list(db.session.scalars(select(TechnologyField.key).order_by(TechnologyField.key)))
    nace = list(db.session.scalars(select(NaceCode.code).where(NaceCode.level == "class")
                                   .order_by(NaceCode.code)))
    have, p95s = 0, {}
    for size in sizes:
        generated, rate = grow(size, have, rng, pool, regions, fields, nace)
        have = size
        postings = db.session.scalar(text("SELECT count(*) FROM search_posting"))
        db.session.rollback()
        load = os.getloadavg()[0]
        timings, exact = time_searches()
        summary = ", ".join(f"{label}: median {statistics.median(v):.1f} ms, p95 "
                            f"{percentile(v, 0.95):.1f} ms" for label, v in timings.items())
        every = [value for values in timings.values() for value in values]
        p95s[size] = percentile(every, 0.95)
        print(f"{size:>7} organisations ({postings} postings; generated in {generated:.0f} s, "
              f"indexed at {rate:.0f} documents/s): {summary}; all searches p95 "
              f"{p95s[size]:.1f} ms; exact totals {exact} of {len(every)} (load average "
              f"{load:.1f} before, {os.getloadavg()[0]:.1f} after)",
              flush=True)
    if len(p95s) > 1:
        first, last = min(p95s), max(p95s)
        print(f"p95 growth from {first} to {last}: {p95s[last] / p95s[first]:.1f}×")


if __name__ == "__main__":
    main()
