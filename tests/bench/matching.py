"""Partner-matching benchmark: index build rate, match latency and the process's memory at
1,000, 10,000 and 100,000 organisations. Run ``python -m tests.bench.matching``.

The vectors are synthetic (896 dimensions in two parts, 512 and 384, like the paired sentence
encoders' vectors, drawn around 2,000
topics so that the inverted lists see clustered data, as real profiles are), because embedding
100,000 generated profiles with the encoder would take hours on two cores and measure the
encoder, not the index. Each match is the web process's whole ranking (:func:`rank`): the
inverted-list retrieval, the full scoring of the 200 best candidates and the sort; the database
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
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from portal.matching import index as index_module
from portal.matching.encoders import Role
from portal.matching.services import Seeker, rank

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


def bench(n: int, queries: int) -> dict:
    profiles = synthetic_profiles(n)
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as folder:
        start = time.perf_counter()
        index_module.build(Path(folder), profiles, "synthetic", PARTS)
        build_seconds = time.perf_counter() - start
        seekers = [p for p in profiles if len(p.needs)][:queries]
        del profiles
        gc.collect()
        before = _memory()
        index = index_module.open_current(Path(folder))
        timings = []
        for p in seekers:
            seeker = Seeker(p.organisation_id, p.state, p.region, p.kind, frozenset(p.technology_fields))
            start = time.perf_counter()
            needs = index.centre(p.needs, p.language, Role.NEED)
            offers = index.centre(p.offers, p.language, Role.OFFER)
            rank(index, seeker, needs, offers, "other_states", BORDERS, 10)
            timings.append((time.perf_counter() - start) * 1000)
        after = _memory()
        size = sum(f.stat().st_size for f in Path(folder).rglob("*.npy")) // 2**20
        index_module._CACHE.clear()
    timings.sort()
    return {"n": n, "build_s": build_seconds, "rate": n / build_seconds, "size_mb": size,
            "p50": statistics.median(timings), "p95": timings[int(0.95 * len(timings))],
            "rss_before": before["VmRSS"], "rss_after": after["VmRSS"],
            "anon_growth": after["RssAnon"] - before["RssAnon"], "file": after["RssFile"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rows = [bench(int(n), args.queries) for n in args.sizes.split(",")]
    print(f"{'organisations':>13} {'build s':>8} {'orgs/s':>8} {'index MB':>9} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'RSS MB':>7} {'anon +MB':>8} {'file MB':>8}")
    for r in rows:
        print(f"{r['n']:>13,} {r['build_s']:>8.1f} {r['rate']:>8,.0f} {r['size_mb']:>9} "
              f"{r['p50']:>7.1f} {r['p95']:>7.1f} {r['rss_after']:>7} {r['anon_growth']:>8} {r['file']:>8}")
    if len(rows) > 1:
        print(f"p95 growth {rows[0]['n']:,} → {rows[-1]['n']:,}: {rows[-1]['p95'] / rows[0]['p95']:.1f}×")
    print(f"peak RSS of this process (includes building): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
