"""How the lexical search ranks the known partners of the matching development set.

``python -m tests.bench.search_devset``: imports ``tests/data/matching-dev`` into a scratch
database, searches with each seeker's needs (joined with spaces) as the query, keeps the
candidates of other member states in the search's order (ties by ``ref``), and prints P@5, R@10
and nDCG@10 as the set's README defines them. A figure for the README: partner matching is the
matcher's job; this shows what the search alone does with the same words.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from portal import create_app
from portal.extensions import db
from portal.registry import services as registry
from portal.search.engine import MAX_PER_PAGE, SearchQuery, search
from portal.search.services import reindex_all
from tests.conftest import app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "matching-dev"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def import_profiles(profiles: list[dict]) -> dict[int, str]:
    """Create and publish every profile; ``{organisation id: ref}``."""
    refs = {}
    for profile in profiles:
        organisation = registry.create_organisation(
            name=profile["name"], kind=profile["kind"], state=profile["country"],
            region=profile["region"], language=profile["language"],
            description=profile["description"], offers=profile["offers"], needs=profile["needs"],
            technology_fields=profile["technology_fields"], external_ref=profile["ref"],
            actor="bench")
        registry.publish_organisation(organisation.id, actor="bench")
        refs[organisation.id] = profile["ref"]
    db.session.commit()
    return refs


def ranking(needs: str, refs: dict[int, str]) -> list[str]:
    ranked, page = [], 1
    while True:
        result = search(SearchQuery(q=needs, types=("organisation",), page=page,
                                    per_page=MAX_PER_PAGE), with_facets=False)
        ranked += [refs[hit.object_id] for hit in result.hits]
        if page * MAX_PER_PAGE >= result.total:
            return ranked
        page += 1


def metrics(ranked: list[str], relevant: dict[str, int]) -> tuple[float, float, float]:
    top = ranked[:10]
    precision = sum(ref in relevant for ref in ranked[:5]) / 5
    recall = sum(ref in relevant for ref in top) / len(relevant)
    dcg = sum(relevant.get(ref, 0) / math.log2(i + 2) for i, ref in enumerate(top))
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(relevant.values(), reverse=True)[:10]))
    return precision, recall, dcg / ideal


def evaluate() -> list[tuple[str, int, float, float, float]]:
    profiles = {p["ref"]: p for p in load(DEV_SET / "organisations.jsonl")}
    queries = load(DEV_SET / "queries.jsonl")
    refs = import_profiles(list(profiles.values()))
    reindex_all()
    rows = {"all": [], "cross-lingual": [], "same-language": []}
    for query in queries:
        seeker = profiles[query["seeker"]]
        found = ranking(" ".join(seeker["needs"]), refs)
        ranked = [ref for ref in found if profiles[ref]["country"] != seeker["country"]]
        # candidates the search did not find follow in ``ref`` order, as the README ties them
        ranked += sorted(ref for ref in profiles if ref not in set(found)
                         and profiles[ref]["country"] != seeker["country"])
        scores = metrics(ranked, query["relevant"])
        cross = any(profiles[ref]["language"] != seeker["language"] for ref in query["relevant"])
        rows["all"].append(scores)
        rows["cross-lingual" if cross else "same-language"].append(scores)
    return [(name, len(values), *(sum(v[i] for v in values) / len(values) for i in range(3)))
            for name, values in rows.items()]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="portal-devset-"))
    url = create_scratch_database(folder, "devset")
    try:
        app = create_app(app_settings(folder, url))
        migrate_to_head(app)
        with app.test_request_context():
            print("| search (stems + lexicon, BM25) | queries | n | P@5 | R@10 | nDCG@10 |")
            print("|---|---|---|---|---|---|")
            for name, n, precision, recall, ndcg in evaluate():
                print(f"| lexical search | {name} | {n} | {precision:.3f} | {recall:.3f} | {ndcg:.3f} |")
            db.session.remove()
            db.engine.dispose()
    finally:
        drop_scratch_database(url)


if __name__ == "__main__":
    main()
