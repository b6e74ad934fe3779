"""Fast first, refined later: a changed profile is matched within seconds from the fast encoder's
vectors, and the slow encoder replaces them in the background (:mod:`portal.matching.fast`
says how a fast vector stands for a full one).

* :func:`embed_fast` (the task ``embed_organisation(s)``) stores, for each text that has no
  current vector, the fast encoder's vector, named by that encoder; a text whose full or fast
  vector is current keeps it. The texts of a batch are embedded in one call per role.
* :func:`refine_batch` (the task ``refine_vectors``) takes the first ``REFINE_TEXTS`` stored
  fast vectors, by id, and replaces each by the full vector of its text: the slow parts are
  encoded, the fast part is kept. A fast vector whose text changed since is embedded anew in
  full, one of a text that is gone is deleted: each pass shrinks what is left, and a pass that
  finds nothing does nothing (a repeated delivery, a crash after the commit).
* :func:`refinement` is the figure the secretariat sees while the slow encoder catches up.

The refining runs as a chain of short tasks (one batch each, a few seconds of the slow encoder),
each sent to the back of the queue when the one before ends: a profile changed meanwhile waits
behind at most one batch, which is how this work yields to fresh work on a single queue. One
chain runs at a time: it writes its token and a heartbeat to a file in the index's folder
(:func:`claim_chain`); a request for refining while a live chain runs does nothing, and a chain
whose heartbeat is older than ``CHAIN_STALE`` (its worker died) is taken over by the next
request (the beat asks every five minutes). Everything here flushes and the task commits, but
the encoders run between two transactions (see :func:`services.store_encoded`).

When only one encoder is installed, or ``MATCHING_ENCODER`` names one, there is no layout and
none of this runs: a profile is embedded in full as before.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.matching import changes, fast, replica, services
from portal.matching.encoders import Role, get_encoder, text_hash
from portal.matching.fast import FAST_MODEL, Layout
from portal.matching.models import OrganisationVector, VectorKind
from portal.registry.models import Organisation

#: Fast vectors refined per task: about five seconds of the slow encoder on one core.
REFINE_TEXTS = 256
#: Organisations embedded per task at most (what the listener sends, see services).
EMBED_BATCH = services.EMBED_BATCH
#: A chain whose last heartbeat is older than this is dead (a batch takes seconds).
CHAIN_STALE = 120


def current_layout() -> Layout | None:
    """The layout of the app's encoder; None when there is nothing to refine."""
    return fast.layout_of(get_encoder())


def embed_fast(organisation_ids: list[int], layout: Layout) -> int:
    """Store the fast vector of every text of these profiles that has neither a current full
    vector nor a current fast one (the vectors of removed texts are deleted). Returns the
    number embedded; see :func:`services.store_encoded` for the commit."""
    wanted = []
    for organisation_id in organisation_ids:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is not None:
            wanted += [item for item in services._stale_texts(organisation, layout.model)
                       if not _fast_is_current(item)]
    return services.store_encoded(wanted, layout.fast, FAST_MODEL)


def _fast_is_current(item: tuple) -> bool:
    _organisation_id, _kind, _position, text, _digest, row = item
    return (row is not None and row.model == FAST_MODEL
            and row.text_hash == text_hash(FAST_MODEL, text))


def refine_batch(layout: Layout, limit: int = REFINE_TEXTS) -> int:
    """Replace the first ``limit`` fast vectors (by id) by full ones. Returns how many stored
    fast vectors this pass dealt with (0: nothing is left); flushes.

    The slow encoder runs between two transactions, holding nothing: the reads' transaction is
    committed first (call this with nothing of your own pending), since on SQLite every
    transaction takes the one write lock and a batch takes seconds. A vector is stored, and a
    vector of a removed text deleted, only if its row and its text are still what was read: a
    profile edited meanwhile keeps its new fast vector, which the next pass refines."""
    rows = [_Read(row.id, row.organisation_id, row.kind, row.position, row.text_hash, row.vector)
            for row in db.session.scalars(select(OrganisationVector)
                                          .where(OrganisationVector.model == FAST_MODEL)
                                          .order_by(OrganisationVector.id).limit(limit))]
    if not rows:
        return 0
    texts = services.current_texts({row.organisation_id for row in rows})
    db.session.commit()
    vectors = _refined_vectors(rows, texts, layout)
    now = services.current_texts({row.organisation_id for row in rows})
    stored = {row.id: row for row in db.session.scalars(select(OrganisationVector).where(
        OrganisationVector.id.in_([read.id for read in rows])))}
    gone = []
    for read in rows:
        row, text = stored.get(read.id), texts.get(read.organisation_id, {}).get(read.place)
        unchanged = (row is not None and row.model == FAST_MODEL
                     and row.text_hash == read.text_hash
                     and now.get(read.organisation_id, {}).get(read.place) == text)
        if not unchanged:
            continue
        if text is None:
            gone.append(read.id)
        else:
            services.store_vector(row, read.organisation_id, read.kind, read.position,
                                  layout.model, text, vectors[read.id])
    if gone:
        db.session.execute(delete(OrganisationVector).where(OrganisationVector.id.in_(gone))
                           .execution_options(synchronize_session=False))
    for organisation_id in sorted({row.organisation_id for row in rows}):
        changes.record_change(organisation_id)
    db.session.flush()
    return len(rows)


@dataclass(frozen=True)
class _Read:
    """A stored fast vector as the pass read it."""

    id: int
    organisation_id: int
    kind: str
    position: int
    text_hash: str
    vector: bytes

    @property
    def place(self) -> tuple[str, int]:
        return self.kind, self.position


def _refined_vectors(rows: list[_Read], texts: dict, layout: Layout) -> dict[int, np.ndarray]:
    """The full vector of each row whose text is there: a text unchanged since its fast vector
    keeps that part and has the slow parts encoded, a changed one is encoded anew in full."""
    vectors: dict[int, np.ndarray] = {}
    for role in Role:
        kept, changed = [], []
        for read in rows:
            text = texts.get(read.organisation_id, {}).get(read.place)
            if services.ROLE_OF_KIND[VectorKind(read.kind)] != role or text is None:
                continue
            (kept if read.text_hash == text_hash(FAST_MODEL, text) else changed).append(
                (read, text))
        fast_rows = np.array([np.frombuffer(read.vector, "<f4") for read, _text in kept],
                             np.float32).reshape(len(kept), layout.end - layout.start)
        full = fast.complete(fast_rows, [text for _read, text in kept], role, layout)
        anew = get_encoder().encode([text for _read, text in changed], role)
        for (read, _text), vector in zip(kept + changed, [*full, *anew], strict=True):
            vectors[read.id] = vector
    return vectors


def pending_texts() -> int:
    return db.session.scalar(select(func.count()).select_from(OrganisationVector)
                             .where(OrganisationVector.model == FAST_MODEL)) or 0


@dataclass(frozen=True)
class Refinement:
    """How many stored texts the slow encoder has refined, of all those an index takes."""

    refined: int
    total: int

    @property
    def pending(self) -> int:
        return self.total - self.refined

    def as_dict(self) -> dict:
        return {"refined_texts": self.refined, "texts": self.total, "pending_texts": self.pending}


def refinement() -> Refinement | None:
    """The figure for the secretariat; None when there is nothing to refine (one encoder)."""
    layout = current_layout()
    if layout is None:
        return None
    counts = dict(db.session.execute(
        select(OrganisationVector.model, func.count()).where(
            OrganisationVector.model.in_((layout.model, FAST_MODEL)))
        .group_by(OrganisationVector.model)).all())
    refined = counts.get(layout.model, 0)
    return Refinement(refined=refined, total=refined + counts.get(FAST_MODEL, 0))


def _chain_file() -> Path:
    return replica.index_root() / "refine-chain"


def claim_chain(token: str | None, now: float | None = None) -> str | None:
    """The token the calling task refines under, or None if it should stop: a request
    (``token`` None) starts a chain unless a live one runs; a chain's step goes on only while
    the file holds its token. Writes the heartbeat."""
    now = time.time() if now is None else now
    path = _chain_file()
    try:
        holder, beat = path.read_text().split()
        alive = now - float(beat) < CHAIN_STALE
    except (OSError, ValueError):
        holder, alive = "", False
    if token is None:
        if alive:
            return None
        token = secrets.token_hex(8)
    elif token != holder:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{token}")
    partial.write_text(f"{token} {now}")
    partial.replace(path)
    return token


def end_chain(token: str) -> None:
    """Nothing is left: the next request may start a chain at once."""
    path = _chain_file()
    try:
        if path.read_text().split()[0] == token:
            path.unlink()
    except (OSError, IndexError):
        pass
