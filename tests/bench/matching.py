"""Partner-matching benchmark: index build time and size, match latency, the exhaustive
ranking's latency and the served ranking's recall@10 against it, at 1,000, 10,000 and 100,000
organisations. Run ``python -m tests.bench.matching``.

The vectors are synthetic (896 dimensions in two parts, 512 and 384, like the paired sentence
encoders' vectors), of two kinds: ``spread``, drawn around 2,000 flat topics with much noise, a
hard case for the inverted lists; ``realistic``, on a tree of topics calibrated so that after
centring a need's best offer and its spread of cosines to random offers are those of the demo's
real embeddings (about 0.39 and 0.10; the table prints them). Synthetic because embedding
100,000 generated profiles with the encoder would take hours on two cores and measure the
encoder, not the index. Each match is the web process's whole ranking (:func:`rank`): the
inverted-list retrieval, the full scoring of the 200 shortlisted candidates and the sort; the database
reads of a real request (the seeker's vectors, the top names) add a few milliseconds.
Nothing here asserts a speed.
"""

from __future__ import annotations

import os

# One BLAS thread per process, as for the web processes (see the README): the product per match
# is small, and BLAS threads spinning for a core that other processes hold cost more than they save.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import gc
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from portal.matching import index as index_module
from portal.matching import recall

PARTS = (512, 384)  # USE multilingual v3 and multilingual-e5-small side by side
DIM = sum(PARTS)
STATES = {"RU": ["RU-SMO", "RU-KLU", "RU-ALT"], "BY": ["BY-VI", "BY-HM"], "KZ": ["KZ-55", "KZ-35"],
          "KG": ["KG-C"], "AM": ["AM-ER"]}
BORDERS = frozenset({frozenset(("RU-SMO", "BY-VI")), frozenset(("RU-ALT", "KZ-55"))})
FIELDS = ("pharmaceuticals_biotech_medical", "it_electronics", "agro_food", "machinery", "energy")


def _memory() -> dict[str, int]:
    fields = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile"):
                fields[key] = int(value.split()[0]) // 1024
    return fields


def synthetic_profiles(n: int, seed: int = 0) -> list[index_module.Profile]:
    rng = np.random.default_rng(seed)
    topics = index_module.normalise(rng.standard_normal((2000, DIM)).astype(np.float32), PARTS)
    places = [(state, region) for state, regions in STATES.items() for region in regions]

    def texts(count):
        base = topics[rng.integers(0, len(topics), count)]
        return index_module.normalise(base + 0.6 * rng.standard_normal((count, DIM)).astype(np.float32)
                                      / np.sqrt(DIM) * 8, PARTS)

    profiles = []
    for i in range(n):
        state, region = places[i % len(places)]
        profiles.append(index_module.Profile(
            organisation_id=i + 1, state=state, region=region, kind="enterprise",
            language="ru" if i % 2 else "en",
            technology_fields=tuple(FIELDS[j] for j in range(len(FIELDS)) if (i >> j) & 1),
            needs=texts(int(rng.integers(0, 4))), offers=texts(int(rng.integers(1, 4))),
            description=texts(1)[0]))
    return profiles


#: The realistic generator's tree of topics: domains, topics in a domain, subtopics in a topic,
#: and the share of a text's direction that each level and the text's own noise give.
DOMAINS, TOPICS, SUBTOPICS = 10, 12, 10
LEVEL_WEIGHTS = (0.55, 0.30, 0.15, 0.80)


def realistic_profiles(n: int, seed: int = 0) -> list[index_module.Profile]:
    """Profiles whose vectors have the statistics of real embeddings after centring (see
    :func:`statistics_of`): texts on a tree of topics (domain, topic, subtopic) with most of each
    text its own, an organisation's offers around one topic of its domain, its needs in its own
    domain or another, its description near its offers; 2–6 needs and 2–6 offers."""
    rng = np.random.default_rng(seed)

    def directions(count):
        return index_module.normalise(rng.standard_normal((count, DIM)).astype(np.float32), PARTS)

    domains = directions(DOMAINS)
    topics = directions(DOMAINS * TOPICS)
    subtopics = directions(DOMAINS * TOPICS * SUBTOPICS)
    a, b, c, d = LEVEL_WEIGHTS

    def texts(leaves):
        topic, domain = leaves // SUBTOPICS, leaves // (SUBTOPICS * TOPICS)
        return index_module.normalise(a * domains[domain] + b * topics[topic] + c * subtopics[leaves]
                                      + d * directions(len(leaves)), PARTS)

    places = [(state, region) for state, regions in STATES.items() for region in regions]
    profiles = []
    for i in range(n):
        state, region = places[i % len(places)]
        topic = int(rng.integers(0, DOMAINS * TOPICS))
        offers = texts(topic * SUBTOPICS + rng.integers(0, SUBTOPICS, int(rng.integers(2, 7))))
        domain = topic // TOPICS if rng.random() < 0.7 else int(rng.integers(0, DOMAINS))
        needed = domain * TOPICS * SUBTOPICS + rng.integers(0, TOPICS * SUBTOPICS,
                                                            int(rng.integers(2, 7)))
        description = index_module.normalise(offers.mean(0) + 0.8 * directions(1)[0], PARTS)
        profiles.append(index_module.Profile(
            organisation_id=i + 1, state=state, region=region, kind="enterprise",
            language="ru" if i % 2 else "en",
            technology_fields=tuple(FIELDS[j] for j in range(len(FIELDS)) if (i >> j) & 1),
            needs=texts(needed), offers=offers, description=description))
    return profiles


GENERATORS = {"spread": synthetic_profiles, "realistic": realistic_profiles}


def statistics_of(index: index_module.Index, needs: int = 200, seed: int = 0) -> dict[str, float]:
    """Of ``needs`` needs drawn from the index (centred vectors): the mean cosine of each to its
    best offer among all, and the mean spread (standard deviation) of its cosines to 1,000
    random offers."""
    rng = np.random.default_rng(seed)
    offers = index.offers.rows
    if not len(index.needs.rows) or not len(offers):
        return {"best": 0.0, "spread": 0.0}
    queries = np.asarray(index.needs.rows[rng.choice(len(index.needs.rows),
                                                     min(needs, len(index.needs.rows)), False)])
    best = np.full(len(queries), -1.0, np.float32)
    for start in range(0, len(offers), 65_536):
        best = np.maximum(best, (offers[start:start + 65_536] @ queries.T).max(0))
    background = np.asarray(offers[rng.choice(len(offers), min(1000, len(offers)), False)]) @ queries.T
    return {"best": float(best.mean()), "spread": float(background.std(0).mean())}


def bench(n: int, queries: int, generator: str = "spread") -> dict:
    profiles = GENERATORS[generator](n)
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as folder:
        start = time.perf_counter()
        index_module.build(Path(folder), profiles, "synthetic", PARTS)
        build_seconds = time.perf_counter() - start
        del profiles
        gc.collect()
        before = _memory()
        index = index_module.open_current(Path(folder))
        measured = recall.measure(index, BORDERS, queries, 10)
        after = _memory()
        shape = statistics_of(index)
        size = sum(f.stat().st_size for f in Path(folder).rglob("*.npy")) // 2**20
        index_module._CACHE.clear()
    return {"generator": generator, "n": n, "build_s": build_seconds, "rate": n / build_seconds,
            "size_mb": size, "p50": recall.percentile(measured.served_ms, 0.5),
            "p95": recall.percentile(measured.served_ms, 0.95),
            "exhaustive_p95": recall.percentile(measured.exhaustive_ms, 0.95),
            "recall": measured.recall, "best": shape["best"], "spread": shape["spread"],
            "rss_before": before["VmRSS"], "rss_after": after["VmRSS"],
            "anon_growth": after["RssAnon"] - before["RssAnon"], "file": after["RssFile"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--generators", default="spread,realistic")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    print("load average: {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    print(f"{'generator':>9} {'organisations':>13} {'build s':>8} {'index MB':>9} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'exh. p95':>8} {'R@10':>6} {'best cos':>8} {'spread':>6} {'RSS MB':>7} "
          f"{'anon +MB':>8}", flush=True)
    for generator in args.generators.split(","):
        for n in args.sizes.split(","):
            r = bench(int(n), args.queries, generator)
            print(f"{r['generator']:>9} {r['n']:>13,} {r['build_s']:>8.1f} {r['size_mb']:>9} "
                  f"{r['p50']:>7.1f} {r['p95']:>7.1f} {r['exhaustive_p95']:>8.0f} "
                  f"{r['recall']:>6.3f} {r['best']:>8.3f} {r['spread']:>6.3f} {r['rss_after']:>7} "
                  f"{r['anon_growth']:>8}", flush=True)
    print("load average: {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    print(f"peak RSS of this process (includes building): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
