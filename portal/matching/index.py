"""The matching index: memory-mapped numpy files shared by every web process.

The worker builds a new index directory from the stored vectors of published organisations and
swaps the ``current`` symlink to it atomically (``os.replace``); a web process maps the files
read-only (``np.load(mmap_mode="r")``), so the OS page cache holds one copy for all processes,
and re-maps when ``current`` points elsewhere. Vectors are float32: numpy has no fast float16 or
int8 matrix product, and the product is what must be fast.

Each text kind (offers, needs, descriptions) is a :class:`VectorSet`. Vectors are centred per language and
role (the mean vector of the needs, or of the offers, written in that language is subtracted and
the row renormalised), which removes the part of a multilingual embedding that says "this is
Russian" or "this is a query" and lets a Russian need meet an English offer on meaning. A vector
made of several encoders' parts (:attr:`Encoder.parts`) is centred and normalised part by part,
so that each encoder weighs the same in a cosine. Descriptions are centred as offers.

Above ``EXACT_LIMIT`` rows a set is split into inverted lists by k-means (rows stored list by
list, contiguous) and a search scans only the lists nearest each query (about ``SCAN_TARGET``
rows a query; the lists of several queries scanned once). That scan only shortlists: the
organisations it finds are scored in full (:mod:`portal.matching.shortlist`).
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from portal.matching.encoders import Role

log = logging.getLogger(__name__)

EXACT_LIMIT = 8_000
#: About this many rows are scanned per query above ``EXACT_LIMIT``.
SCAN_TARGET = 2_000
#: Rows kept per wanted organisation before grouping (an organisation has a few rows).
ROWS_PER_ORGANISATION = 8
KMEANS_SAMPLE = 20_000
KMEANS_ROUNDS = 6
#: A mean of fewer texts is not subtracted: each text would weigh more than 1/20 in it, and
#: subtracting it would take away part of that text's own meaning (a single need would vanish).
MEAN_MIN_TEXTS = 20
#: Bumped when the files change meaning; an index of another format is not opened (rebuild it).
FORMAT = 3


@dataclass
class Profile:
    """What the index keeps of one organisation: where it is, what it is, and its vectors."""

    organisation_id: int
    state: str
    region: str
    kind: str
    language: str
    technology_fields: tuple[str, ...]
    needs: np.ndarray  #: (n, dim), raw encoder output
    offers: np.ndarray
    description: np.ndarray | None = None  #: (dim,)
    positions: dict[str, list[int]] = field(default_factory=dict)


def normalise(rows: np.ndarray, parts: tuple[int, ...] | None = None) -> np.ndarray:
    """Rows scaled to length 1; with ``parts``, each part to length 1, then each row's parts
    to ``sqrt(n) / k`` (``n`` parts, ``k`` of them not zero): a full row to length 1, each part
    to ``1/sqrt(n)``, and a row with a missing (zero) part so that its dot product with a full
    row is the mean cosine of the parts it has (see :mod:`portal.matching.fast`)."""
    if parts and len(parts) > 1:
        pieces = [normalise(rows[..., a:b]) for a, b in _bounds(parts)]
        present = sum((np.abs(piece).max(axis=-1, keepdims=True) > 0).astype(np.float32)
                      for piece in pieces)
        scale = math.sqrt(len(parts)) / np.where(present == 0, 1, present)
        return (np.concatenate(pieces, axis=-1) * scale).astype(np.float32)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return (rows / np.where(norms == 0, 1, norms)).astype(np.float32)


def _bounds(parts: tuple[int, ...]) -> list[tuple[int, int]]:
    return list(itertools.pairwise(np.cumsum((0, *parts)).tolist()))


def _present(rows: np.ndarray, parts: tuple[int, ...]) -> np.ndarray:
    """(rows, parts): whether each part of each row is not zero (a fast row lacks the slow
    encoder's part)."""
    return np.stack([np.abs(rows[:, a:b]).max(axis=1) > 0 if b > a else np.zeros(len(rows), bool)
                     for a, b in _bounds(parts)], axis=1)


ROLE_OF_SET = {"needs": Role.NEED, "offers": Role.OFFER}


def mean_key(language: str, role: Role) -> str:
    return f"{language}/{role}"


def centring_means(profiles: list[Profile], dim: int, parts: tuple[int, ...] | None = None
                   ) -> dict[str, list[float]]:
    """The mean need and the mean offer of each language, keyed by :func:`mean_key`, part by
    part (``parts``): a part's mean is taken over the rows that have that part, and kept only
    when they are ``MEAN_MIN_TEXTS`` or more (else that part is not centred: zero)."""
    parts = parts or (dim,)
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, np.ndarray] = {}
    for p in profiles:
        for name, role in ROLE_OF_SET.items():
            rows = getattr(p, name)
            if len(rows):
                key = mean_key(p.language, role)
                sums[key] = sums.get(key, np.zeros(dim, np.float64)) + rows.sum(0)
                counts[key] = counts.get(key, np.zeros(len(parts), np.int64)) + _present(
                    rows, parts).sum(0)
    means = {}
    for key, total in sums.items():
        mean = np.zeros(dim, np.float64)
        for (a, b), count in zip(_bounds(parts), counts[key], strict=True):
            if count >= MEAN_MIN_TEXTS:
                mean[a:b] = total[a:b] / count
        if mean.any():
            means[key] = mean.astype(np.float32).tolist()
    return means


def centre(rows: np.ndarray, language: str, role: Role, means: dict[str, np.ndarray],
           parts: tuple[int, ...]) -> np.ndarray:
    """Rows of one language and role minus that language's and role's mean, renormalised; a
    part's mean only from the rows that have that part (a missing part stays zero)."""
    mean = means.get(mean_key(language, role))
    if mean is None or not len(rows):
        return normalise(rows, parts)
    present = np.repeat(_present(rows, parts), parts, axis=1)
    return normalise(rows - np.where(present, mean, 0), parts)


def _kmeans(rows: np.ndarray, lists: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    sample = rows[rng.choice(len(rows), min(len(rows), KMEANS_SAMPLE), replace=False)]
    centroids = sample[rng.choice(len(sample), lists, replace=False)].copy()
    for _ in range(KMEANS_ROUNDS):
        nearest = np.argmax(sample @ centroids.T, axis=1)
        for c in range(lists):
            members = sample[nearest == c]
            if len(members):
                centroids[c] = members.mean(0)
        centroids = normalise(centroids)
    return centroids


def _assign(rows: np.ndarray, centroids: np.ndarray, chunk: int = 8192) -> np.ndarray:
    out = np.empty(len(rows), np.int32)
    for start in range(0, len(rows), chunk):
        out[start:start + chunk] = np.argmax(rows[start:start + chunk] @ centroids.T, axis=1)
    return out


def _write_set(folder: Path, name: str, rows: np.ndarray, owner: np.ndarray, position: np.ndarray,
               organisations: int) -> None:
    if len(rows) > EXACT_LIMIT:
        lists = max(16, int(2 * math.sqrt(len(rows))))
        centroids = _kmeans(rows, lists)
        assignment = _assign(rows, centroids)
    else:
        centroids = np.zeros((0, rows.shape[1]), np.float32)
        assignment = np.zeros(len(rows), np.int32)
    order = np.argsort(assignment, kind="stable")
    list_start = np.searchsorted(assignment[order], np.arange(len(centroids) + 1)).astype(np.int64)
    owner, position = owner[order], position[order]
    by_org = np.argsort(owner, kind="stable").astype(np.int32)
    org_start = np.searchsorted(owner[by_org], np.arange(organisations + 1)).astype(np.int64)
    for suffix, array in (("rows", rows[order]), ("owner", owner), ("position", position),
                          ("centroids", centroids), ("list_start", list_start),
                          ("by_org", by_org), ("org_start", org_start)):
        np.save(folder / f"{name}_{suffix}.npy", np.ascontiguousarray(array))


def build(root: Path, profiles: list[Profile], model: str, parts: tuple[int, ...], *,
          change_id: int | None = None, means: dict[str, list[float]] | None = None) -> Path:
    """Write a new index for ``profiles`` under ``root`` and make it current atomically.
    ``change_id``: the last logged change (:mod:`portal.matching.changes`) the profiles include;
    ``means``: centre with these means (an overlay is centred as its base) instead of the
    profiles' own."""
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="build-", dir=root))
    dim = sum(parts)
    means = centring_means(profiles, dim, parts) if means is None else means
    mean_arrays = {k: np.asarray(v, np.float32) for k, v in means.items()}
    states = sorted({p.state for p in profiles})
    regions = sorted({p.region for p in profiles})
    kinds = sorted({p.kind for p in profiles})
    fields = sorted({f for p in profiles for f in p.technology_fields})[:63]
    np.save(folder / "org_ids.npy", np.array([p.organisation_id for p in profiles], np.int64))
    np.save(folder / "org_state.npy", np.array([states.index(p.state) for p in profiles], np.int16))
    np.save(folder / "org_region.npy", np.array([regions.index(p.region) for p in profiles], np.int32))
    np.save(folder / "org_kind.npy", np.array([kinds.index(p.kind) for p in profiles], np.int16))
    np.save(folder / "org_fields.npy", np.array(
        [sum(1 << fields.index(f) for f in p.technology_fields if f in fields) for p in profiles],
        np.int64))
    described = [i for i, p in enumerate(profiles) if p.description is not None]
    descriptions = np.zeros((len(described), dim), np.float32)
    for row, i in enumerate(described):
        descriptions[row] = centre(profiles[i].description[None, :], profiles[i].language,
                                   Role.OFFER, mean_arrays, parts)[0]
    _write_set(folder, "descriptions", descriptions, np.asarray(described, np.int32),
               np.zeros(len(described), np.int16), len(profiles))
    for name in ("needs", "offers"):
        centred = [centre(getattr(p, name), p.language, ROLE_OF_SET[name], mean_arrays, parts)
                   for p in profiles]
        rows = np.concatenate(centred) if centred else np.zeros((0, dim), np.float32)
        owner = np.repeat(np.arange(len(profiles), dtype=np.int32), [len(x) for x in centred])
        position = np.concatenate([
            np.asarray(p.positions.get(name, range(len(part))), np.int16)
            for p, part in zip(profiles, centred, strict=True)]) if centred else np.zeros(0, np.int16)
        _write_set(folder, name, rows.astype(np.float32), owner, position, len(profiles))
    (folder / "meta.json").write_text(json.dumps({
        "format": FORMAT, "model": model, "dim": dim, "parts": list(parts), "states": states,
        "regions": regions, "kinds": kinds,
        "fields": fields, "means": means, "built_at": time.time(), "organisations": len(profiles),
        "change_id": change_id,
    }))
    final = root / f"index-{time.time_ns()}"
    folder.rename(final)
    link = root / f"current-{os.getpid()}.tmp"
    os.symlink(final.name, link)
    os.replace(link, root / "current")
    for old in root.glob("index-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final


class VectorSet:
    """Rows of one kind (offers or needs) with their owners, searchable by maximum cosine."""

    def __init__(self, folder: Path, name: str) -> None:
        def load(suffix):
            return np.load(folder / f"{name}_{suffix}.npy", mmap_mode="r")

        self.rows = np.asarray(load("rows"))  # a plain view of the mapping: no memmap overhead
        self.owner = np.asarray(load("owner"))
        self.position = np.asarray(load("position"))
        self.centroids = np.asarray(load("centroids"))
        self.list_start = np.asarray(load("list_start"))
        self.by_org = np.asarray(load("by_org"))
        self.org_start = np.asarray(load("org_start"))

    def of_organisation(self, row: int) -> np.ndarray:
        """Row numbers of one organisation's vectors."""
        return self.by_org[self.org_start[row]:self.org_start[row + 1]]

    def _ranges_to_scan(self, queries: np.ndarray) -> list[tuple[int, int]]:
        """The row ranges to scan: every row, or the inverted lists nearest each query (about
        :data:`SCAN_TARGET` rows a query), adjacent lists joined."""
        if not len(self.centroids):
            return [(0, len(self.rows))]
        average = max(1.0, len(self.rows) / len(self.centroids))
        probes = min(len(self.centroids), max(4, round(SCAN_TARGET / average)))
        closeness = queries @ self.centroids.T
        nearest = np.unique(np.argpartition(-closeness, probes - 1, axis=1)[:, :probes])
        ranges: list[tuple[int, int]] = []
        for c in nearest:
            a, b = int(self.list_start[c]), int(self.list_start[c + 1])
            if ranges and ranges[-1][1] == a:
                ranges[-1] = (ranges[-1][0], b)
            elif b > a:
                ranges.append((a, b))
        return ranges

    def best_per_organisation(self, queries: np.ndarray, wanted: int | None = None
                              ) -> tuple[np.ndarray, ...]:
        """For each organisation with a scanned row (about the ``wanted`` best, or all): its
        row, best cosine, the row of the best vector and the index of the query that met it,
        best first."""
        ranges = self._ranges_to_scan(queries) if len(queries) else []
        if not ranges:
            return (np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.int64),
                    np.zeros(0, np.int64))
        rows = np.concatenate([np.arange(a, b) for a, b in ranges])
        best = np.empty(len(rows), np.float32)
        which_query = np.empty(len(rows), np.int64)
        done = 0
        for a, b in ranges:  # each range a view of the mapping: no copy of the rows
            similarities = np.asarray(self.rows[a:b] @ queries.T)
            which_query[done:done + b - a] = similarities.argmax(1)
            best[done:done + b - a] = similarities.max(1)
            done += b - a
        keep = wanted * ROWS_PER_ORGANISATION if wanted else len(best)
        if keep < len(best):
            top = np.argpartition(-best, keep - 1)[:keep]
            order = top[np.argsort(-best[top], kind="stable")]
        else:
            order = np.argsort(-best, kind="stable")
        owners = self.owner[rows[order]]
        _unique, first = np.unique(owners, return_index=True)
        first = np.sort(first)
        picked = order[first]
        return owners[first], best[picked], rows[picked], which_query[picked]


class OtherFormat(Exception):
    """The index was written by another version of the portal: `portal matching reindex`."""


class Index:
    """A built index, mapped read-only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.meta = json.loads((folder / "meta.json").read_text())
        if self.meta.get("format") != FORMAT:
            raise OtherFormat(folder.name)
        self.model, self.dim = self.meta["model"], self.meta["dim"]
        self.parts = tuple(self.meta["parts"])
        self.means = {k: np.asarray(v, np.float32) for k, v in self.meta["means"].items()}
        self.organisation_ids = np.asarray(np.load(folder / "org_ids.npy"))
        self.state = np.load(folder / "org_state.npy")
        self.region = np.load(folder / "org_region.npy")
        self.kind = np.load(folder / "org_kind.npy")
        self.fields = np.load(folder / "org_fields.npy")
        self.description_set = VectorSet(folder, "descriptions")
        self.offers = VectorSet(folder, "offers")
        self.needs = VectorSet(folder, "needs")
        self.row_of = {int(org): row for row, org in enumerate(self.organisation_ids)}

    def descriptions(self, rows: np.ndarray) -> np.ndarray:
        """The centred descriptions of organisation ``rows``; zeros for one without."""
        found = np.zeros((len(rows), self.dim), np.float32)
        start, end = self.description_set.org_start[rows], self.description_set.org_start[rows + 1]
        has = end > start
        found[has] = self.description_set.rows[self.description_set.by_org[start[has]]]
        return found

    def centre(self, rows: np.ndarray, language: str, role: Role) -> np.ndarray:
        """A seeker's raw vectors, centred as the index's vectors are."""
        return centre(rows, language, role, self.means, self.parts)

    def state_code(self, row: int) -> str:
        return self.meta["states"][self.state[row]]

    def region_code(self, row: int) -> str:
        return self.meta["regions"][self.region[row]]

    def kind_of(self, row: int) -> str:
        return self.meta["kinds"][self.kind[row]]

    def fields_of(self, row: int) -> set[str]:
        mask = int(self.fields[row])
        return {name for bit, name in enumerate(self.meta["fields"]) if mask >> bit & 1}


_CACHE: dict[str, tuple[str, Index]] = {}


def open_current(root: Path) -> Index | None:
    """The current index under ``root``, re-mapped when the worker has swapped in a new one."""
    for _attempt in range(3):  # a rebuild may swap and remove the folder between two steps
        try:
            target = os.readlink(root / "current")
        except OSError:
            return None
        cached = _CACHE.get(str(root))
        if cached and cached[0] == target:
            return cached[1]
        try:
            index = Index(root / target)
        except FileNotFoundError:
            continue
        except OtherFormat:
            log.warning("matching: the index %s has another format; run `portal matching "
                        "reindex`", target)
            return None
        _CACHE[str(root)] = (target, index)
        return index
    return None
