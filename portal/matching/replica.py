"""Each host's own copy of the matching index, kept current from the database alone.

Web and worker hosts share nothing but the database. A host keeps a copy of the index under its
own ``PORTAL_DATA_DIR/matching`` (the *base*, :mod:`portal.matching.index`), built from the
stored vectors; its ``meta.json`` records the last logged change it includes
(:mod:`portal.matching.changes`). :func:`current_index` gives the base plus an *overlay*: the
organisations changed after it, read from the database and built in memory, the unpublished
ones left out. The overlay is refreshed when the log moves (looked at every
``MATCHING_CHANGES_POLL_SECONDS``, per process), so a changed profile is matched within seconds
on every host without a rebuild.

The ranking (:func:`merging_overlay`, around :func:`portal.matching.services.rank`) ranks the
base without the overlay's organisations, then the overlay, and merges by score: a candidate's
score does not depend on the other candidates. The overlay is centred with the base's means.

The base is rebuilt, by one process per host (a file lock in the data folder), when there is
none, when it is older than :data:`~portal.matching.changes.BASE_MAX_AGE` or when the overlay
would pass :data:`OVERLAY_LIMIT` organisations. A web process builds in a background thread and
serves the old base and overlay meanwhile; only a host with no base and at most
:data:`SYNC_BUILD_LIMIT` published organisations builds before it answers (a few seconds).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from flask import Flask, current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.matching import changes
from portal.matching import index as index_module
from portal.matching.encoders import get_encoder
from portal.matching.index import Index
from portal.matching.profiles import published_profiles
from portal.registry.models import Organisation, ProfileStatus

log = logging.getLogger(__name__)

#: The most organisations an overlay holds; past it the host rebuilds its base.
OVERLAY_LIMIT = 5_000
#: A host with no base builds one before answering only up to this many organisations.
SYNC_BUILD_LIMIT = 2_000


def index_root() -> Path:
    return Path(current_app.config["PORTAL_DATA_DIR"]) / "matching"


@dataclass(frozen=True)
class Replica:
    """A base index with an overlay of the organisations changed since it was built. Reads as
    the base (model, means, ``centre``…); a row of the overlay is numbered after the base's."""

    base: Index
    overlay: Index | None
    #: The base's organisations not to be ranked from it: changed (the overlay has them now)
    #: or no longer published.
    hidden: frozenset[int]

    def __getattr__(self, name: str):
        if name == "base":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.base, name)

    @property
    def row_of(self) -> _Rows:
        return _Rows(self)

    def _part(self, row: int) -> tuple[Index, int]:
        size = len(self.base.organisation_ids)
        if row >= size and self.overlay is not None:
            return self.overlay, row - size
        return self.base, row

    def state_code(self, row: int) -> str:
        part, row = self._part(row)
        return part.state_code(row)

    def region_code(self, row: int) -> str:
        part, row = self._part(row)
        return part.region_code(row)

    def kind_of(self, row: int) -> str:
        part, row = self._part(row)
        return part.kind_of(row)

    def fields_of(self, row: int) -> set[str]:
        part, row = self._part(row)
        return part.fields_of(row)


class _Rows:
    """``row_of`` of a :class:`Replica`: an organisation's row, in the overlay if it is there."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def get(self, organisation_id: int, default=None):
        overlay = self.replica.overlay
        if overlay is not None and organisation_id in overlay.row_of:
            return len(self.replica.base.organisation_ids) + overlay.row_of[organisation_id]
        if organisation_id in self.replica.hidden:
            return default
        return self.replica.base.row_of.get(organisation_id, default)

    def __getitem__(self, organisation_id: int) -> int:
        row = self.get(organisation_id)
        if row is None:
            raise KeyError(organisation_id)
        return row

    def __contains__(self, organisation_id: int) -> bool:
        return self.get(organisation_id) is not None


def merging_overlay(rank):
    """Make ``rank(index, seeker, needs, offers, scope, border_set, limit, …)`` rank a
    :class:`Replica` as one index: the base's matches without the hidden organisations, the
    overlay's, merged by score (ties by id, as ``rank`` orders them)."""

    @functools.wraps(rank)
    def ranked(index, seeker, needs, offers, scope, border_set, limit, *args, **kwargs):
        if not isinstance(index, Replica):
            return rank(index, seeker, needs, offers, scope, border_set, limit, *args, **kwargs)
        wider = None if limit is None else limit + len(index.hidden)
        matches = [m for m in rank(index.base, seeker, needs, offers, scope, border_set, wider,
                                   *args, **kwargs) if m.organisation_id not in index.hidden]
        if index.overlay is not None:
            matches += rank(index.overlay, seeker, needs, offers, scope, border_set, limit,
                            *args, **kwargs)
        matches.sort(key=lambda m: (-m.score, m.organisation_id))
        return matches[:limit]

    return ranked


@contextlib.contextmanager
def _build_lock(root: Path, wait: bool) -> Iterator[bool]:
    """The host's one-builder lock (a file in its data folder); yields whether it is held."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_copy(encoder=None, *, wait: bool = True) -> Path | None:
    """Build this host's base from the stored vectors of published organisations and swap it
    in; None if another process of the host is building and ``wait`` is false."""
    encoder = encoder or get_encoder()
    root = index_root()
    with _build_lock(root, wait) as held:
        if not held:
            return None
        change_id = changes.watermark()
        profiles = published_profiles(encoder.name, encoder.dim)
        path = index_module.build(root, profiles, encoder.name, encoder.parts, change_id=change_id)
    log.info("matching index built: %d organisations, %s, changes up to %d", len(profiles),
             encoder.name, change_id)
    return path


_BUILDING: set[str] = set()
_GUARD = threading.Lock()


def _build_in_background(app: Flask) -> None:
    """Start building the host's base in a thread of this process, unless one is running."""
    root = str(Path(app.config["PORTAL_DATA_DIR"]) / "matching")
    with _GUARD:
        if root in _BUILDING:
            return
        _BUILDING.add(root)

    def run() -> None:
        try:
            with app.app_context():
                try:
                    build_copy(wait=False)
                finally:
                    db.session.remove()
        except Exception:
            log.exception("matching: building the index in the background failed")
        finally:
            with _GUARD:
                _BUILDING.discard(root)

    threading.Thread(target=run, name="matching-index-build", daemon=True).start()


@dataclass
class _Copy:
    """What a process knows of its host's copy: the base it read, the log's state it overlaid."""

    folder: Path
    log_state: tuple[int, int]
    checked: float
    view: Index | Replica


_COPIES: dict[str, _Copy] = {}
_REFRESH = threading.Lock()


def _app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined]


def _published_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation).where(
        Organisation.status == ProfileStatus.PUBLISHED)) or 0


def _base(root: Path) -> Index | None:
    """The host's base; built now when there is none and the portal is small."""
    base = index_module.open_current(root)
    if base is not None:
        return base
    if _published_count() > SYNC_BUILD_LIMIT:
        _build_in_background(_app())
        return None
    build_copy()
    return index_module.open_current(root)


def current_index() -> Index | None:
    """This host's base and the overlay of the changes after it; None while a large host
    builds its first base. A :class:`Replica` is typed as the :class:`Index` it reads as."""
    root = index_root()
    base = _base(root)
    if base is None:
        return None
    with _REFRESH:
        known = _COPIES.get(str(root))
        now = time.monotonic()
        if known and known.folder == base.folder and (
                now - known.checked < current_app.config["MATCHING_CHANGES_POLL_SECONDS"]):
            return cast(Index, known.view)
        change_id = base.meta.get("change_id") or 0
        log_state = changes.state_after(change_id)
        if time.time() - base.meta["built_at"] > changes.BASE_MAX_AGE.total_seconds():
            _build_in_background(_app())
        if not (known and known.folder == base.folder and known.log_state == log_state):
            known = _Copy(base.folder, log_state, now, _overlaid(base, root, change_id))
            _COPIES[str(root)] = known
        known.checked = now
        return cast(Index, known.view)


def _overlaid(base: Index, root: Path, change_id: int) -> Index | Replica:
    ids, more = changes.changed_since(change_id, OVERLAY_LIMIT)
    if more:
        _build_in_background(_app())
    if not ids:
        return base
    profiles = published_profiles(base.model, base.dim, ids)
    return Replica(base, _overlay_index(root, profiles, base) if profiles else None,
                   frozenset(ids))


def _overlay_index(root: Path, profiles, base: Index) -> Index:
    """An index of ``profiles`` centred with the base's means; its files are unlinked once
    mapped (the mapping stays), so nothing is left on disk."""
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="overlay-", dir=root) as scratch:
        folder = index_module.build(Path(scratch), profiles, base.model, base.parts,
                                    means=base.meta["means"])
        return Index(folder)
