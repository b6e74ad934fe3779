"""Matching services: embed a profile's texts, rebuild the host's index, rank partners.

``embed_organisation`` runs in the worker (:mod:`portal.matching.tasks`); ``find_matches`` runs
in the web process against the host's copy of the index and the changes logged since it was
built (:mod:`portal.matching.replica`). A profile change
reaches the worker through :func:`_queue_embedding`, a session listener:
when an organisation's needs, offers, description, technology fields or status change in a
flush, ``portal.matching.tasks.embed_organisation`` is queued, to be sent after the commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import delete, event, inspect, select, tuple_
from sqlalchemy.orm import Session

from portal.core.caps import embedded_texts
from portal.core.jobs import enqueue
from portal.extensions import db
from portal.matching import fast, replica
from portal.matching.encoders import Role, encoder_named, get_encoder, text_hash
from portal.matching.index import Index
from portal.matching.models import OrganisationVector, VectorKind
from portal.matching.scoring import DEFAULT_WEIGHTS, Features, score
from portal.matching.shortlist import (
    chunks_in_scope,
    neighbour_regions,
    rows_in_scope,
    served_shortlist,
)
from portal.reference.models import BorderPair
from portal.registry.models import HELIX_OF_KIND, Organisation, ProfileStatus

log = logging.getLogger(__name__)

SCOPES = ("other_states", "cross_border", "all")
#: Candidates kept from the retrieval step and scored in full.
SHORTLIST = 200


#: A need asks; an offer and a description answer (see :class:`Role`).
ROLE_OF_KIND = {VectorKind.NEED: Role.NEED, VectorKind.OFFER: Role.OFFER,
                VectorKind.DESCRIPTION: Role.OFFER}


def _texts(organisation: Organisation) -> list[tuple[VectorKind, int, str]]:
    """The texts of a profile that have a vector: its first needs and offers (see
    :mod:`portal.core.caps`) and its description."""
    texts = [(VectorKind.NEED, i, t) for i, t in embedded_texts(organisation.needs)]
    texts += [(VectorKind.OFFER, i, t) for i, t in embedded_texts(organisation.offers)]
    texts += [(VectorKind.DESCRIPTION, 0, t) for _i, t in embedded_texts([organisation.description])]
    return texts


def embed_organisation(organisation_id: int, encoder=None) -> int:
    """Store a vector for each embedded need and offer (the first ones, :mod:`portal.core.caps`)
    and the description of an organisation; a text whose hash (text and encoder) is unchanged
    keeps its vector. Returns the number embedded; see :func:`store_encoded` for the commit."""
    return embed_organisations([organisation_id], encoder)


def embed_organisations(organisation_ids: list[int], encoder=None) -> int:
    """:func:`embed_organisation` for several organisations, with one call to the encoder."""
    encoder = encoder or get_encoder()
    stale = []
    for organisation_id in organisation_ids:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is not None:
            stale += _stale_texts(organisation, encoder.name)
    return store_encoded(stale, encoder, encoder.name)


def store_encoded(wanted: list[tuple], encoder, model: str) -> int:
    """Encode the wanted texts (items of :func:`_stale_texts`) with one call per role and store
    each vector, named ``model``, whose text is still the organisation's at its place. Returns
    the number wanted; flushes.

    The encoder runs between two transactions, holding nothing: the reads' transaction (with the
    deletion of removed texts' vectors) is committed first, so call this with nothing of your own
    pending. On SQLite every transaction takes the one write lock, and a batch of a slow encoder
    takes minutes. A profile edited meanwhile keeps what its own task stores."""
    db.session.commit()
    encoded: list[tuple[tuple, np.ndarray]] = []
    for role in Role:
        texts = [item for item in wanted if ROLE_OF_KIND[item[1]] == role]
        if texts:
            encoded += zip(texts, encoder.encode([item[3] for item in texts], role), strict=True)
    ids = {item[0] for item in wanted}
    now = current_texts(ids)
    rows = {(row.organisation_id, row.kind, row.position): row
            for row in db.session.scalars(select(OrganisationVector).where(
                OrganisationVector.organisation_id.in_(ids)))}
    for (organisation_id, kind, position, text, _digest, _row), vector in encoded:
        if now.get(organisation_id, {}).get((str(kind), position)) == text:
            store_vector(rows.get((organisation_id, str(kind), position)), organisation_id,
                         str(kind), position, model, text, vector)
    db.session.flush()
    return len(wanted)


def current_texts(organisation_ids: set[int]) -> dict[int, dict[tuple[str, int], str]]:
    """Each organisation's embedded texts by (kind, position), as the database holds them now."""
    organisations = db.session.scalars(select(Organisation).where(
        Organisation.id.in_(sorted(organisation_ids))))
    return {organisation.id: {(str(kind), position): text for kind, position, text
                              in _texts(organisation)}
            for organisation in organisations}


def store_vector(row: OrganisationVector | None, organisation_id: int, kind: str, position: int,
                 model: str, text: str, vector: np.ndarray) -> None:
    """Set (or add) the vector of one text, named by the model that made it."""
    row = row or OrganisationVector(organisation_id=organisation_id, kind=kind, position=position)
    row.model, row.text_hash = model, text_hash(model, text)
    row.vector = np.asarray(vector, "<f4").tobytes()
    db.session.add(row)


def _stale_texts(organisation: Organisation, model: str) -> list[tuple]:
    """The texts whose vector is missing or outdated; deletes the other vectors (of removed
    texts, or beyond the caps) in one statement, before any is loaded."""
    texts = _texts(organisation)
    _delete_vectors_except(organisation.id, {(str(kind), position) for kind, position, _t in texts})
    existing = {(row.kind, row.position): row for row in db.session.scalars(
        select(OrganisationVector).where(OrganisationVector.organisation_id == organisation.id))}
    stale = []
    for kind, position, text in texts:
        digest = text_hash(model, text)
        row = existing.get((str(kind), position))
        if row is None or row.text_hash != digest or row.model != model:
            stale.append((organisation.id, kind, position, text, digest, row))
    return stale


def _delete_vectors_except(organisation_id: int, kept: set[tuple[str, int]]) -> None:
    of_organisation = delete(OrganisationVector).where(
        OrganisationVector.organisation_id == organisation_id)
    if not kept:
        db.session.execute(of_organisation)
        return
    db.session.execute(
        of_organisation.where(
            tuple_(OrganisationVector.kind, OrganisationVector.position).not_in(sorted(kept)))
        .execution_options(synchronize_session=False))


def rebuild_index(encoder=None) -> Path | None:
    """Build this host's copy of the index of published organisations from the stored vectors
    and swap it in (:func:`portal.matching.replica.build_copy`)."""
    return replica.build_copy(encoder)


def current_index() -> Index | None:
    """This host's copy of the index with the changes logged since it was built."""
    return replica.current_index()


@lru_cache(maxsize=1)
def _borders_cached(_key: str) -> frozenset[frozenset[str]]:
    return frozenset(frozenset((a, b)) for a, b in db.session.execute(
        select(BorderPair.region_a, BorderPair.region_b)))


def borders() -> frozenset[frozenset[str]]:
    return _borders_cached(current_app.config["SQLALCHEMY_DATABASE_URI"])


#: A text of a profile in the index: its kind and its position among the texts of that kind.
TextRef = tuple[str, int]


@dataclass
class Match:
    organisation_id: int
    score: float
    relation: str
    features: Features
    need: str | None = None  #: the seeker's need that the candidate's ``offer`` meets best
    #: The candidate's offer, and its need that the seeker's ``our_offer`` meets: their (kind,
    #: position) in the index until :func:`resolve_texts` puts the texts in.
    offer: str | TextRef | None = None
    their_need: str | TextRef | None = None
    our_offer: str | None = None
    border: tuple[str, str] | None = None
    shared_fields: list[str] = field(default_factory=list)
    helix_role: str | None = None


@dataclass
class TextVectors:
    """Needs and offers that have a vector, each beside its vector centred as the index's are."""

    needs: tuple[str, ...]
    need_rows: np.ndarray
    offers: tuple[str, ...]
    offer_rows: np.ndarray

    def __add__(self, other: TextVectors) -> TextVectors:
        return TextVectors(self.needs + other.needs, np.vstack([self.need_rows, other.need_rows]),
                           self.offers + other.offers,
                           np.vstack([self.offer_rows, other.offer_rows]))


def no_text_vectors(index: Index) -> TextVectors:
    empty = np.zeros((0, index.dim), np.float32)
    return TextVectors((), empty, (), empty)


def stored_vectors(organisation_ids, model: str
                   ) -> dict[int, dict[tuple[str, int], OrganisationVector]]:
    """The stored vectors of ``model`` (and the fast ones standing for them) of several
    organisations, in one statement: by organisation, then by kind and position."""
    stored: dict[int, dict[tuple[str, int], OrganisationVector]] = {}
    for row in db.session.scalars(select(OrganisationVector).where(
            OrganisationVector.organisation_id.in_(sorted(set(organisation_ids))),
            OrganisationVector.model.in_(fast.stored_models(model)))):
        stored.setdefault(row.organisation_id, {})[(row.kind, row.position)] = row
    return stored


def text_vectors(organisation: Organisation, index: Index,
                 stored: dict[tuple[str, int], OrganisationVector] | None = None) -> TextVectors:
    """An organisation's embedded needs and offers (the first ones, see :mod:`portal.core.caps`)
    with their vectors: the stored one when the index's
    encoder made it from the same text, else encoded now with that encoder (nothing is stored);
    a text no vector can be had for (its encoder is not installed here) is left out. A stored
    fast vector not yet refined is completed by the slow encoder now: a seeker's vectors are
    always full (:mod:`portal.matching.fast`). ``stored`` (:func:`stored_vectors`) saves the
    look-up when several organisations are wanted."""
    encoder = encoder_named(index.model)
    layout = fast.layout_of(encoder)
    if stored is None:
        stored = stored_vectors([organisation.id], index.model).get(organisation.id, {})
    found: dict[Role, tuple[tuple[str, ...], np.ndarray]] = {}
    for kind, role, texts in ((VectorKind.NEED, Role.NEED, organisation.needs),
                              (VectorKind.OFFER, Role.OFFER, organisation.offers)):
        kept, rows, missing, unrefined, fast_rows = [], [], [], [], []
        for position, text in embedded_texts(texts):
            row = stored.get((str(kind), position))
            if row is not None and row.text_hash == text_hash(index.model, text):
                kept.append(text)
                rows.append(np.frombuffer(row.vector, "<f4"))
            elif (layout is not None and row is not None
                  and row.text_hash == text_hash(fast.FAST_MODEL, text)):
                unrefined.append(text)
                fast_rows.append(np.frombuffer(row.vector, "<f4"))
            elif encoder is not None:
                missing.append(text)
        if unrefined and layout is not None:
            kept += unrefined
            rows += list(fast.complete(np.array(fast_rows), unrefined, role, layout))
        if missing and encoder is not None:
            kept += missing
            rows += list(encoder.encode(missing, role))
        matrix = np.array(rows, np.float32).reshape(-1, index.dim)
        found[role] = tuple(kept), index.centre(matrix, organisation.language, role)
    return TextVectors(*found[Role.NEED], *found[Role.OFFER])


def _candidate_rows(index: Index, seeker: Seeker, needs, offers, scope: str,
                    border_set) -> np.ndarray:
    def in_scope(rows):
        return rows_in_scope(index, rows, seeker.organisation_id, seeker.state, seeker.region,
                             scope, border_set)

    if scope == "cross_border":
        return in_scope(np.arange(len(index.organisation_ids)))
    return served_shortlist(index, needs, offers, SHORTLIST, in_scope,
                            lambda rows: _profile_score(index, seeker, rows, border_set))


def _exhaustive_rows(index: Index, seeker: Seeker, needs, offers, scope: str, border_set,
                     limit: int | None) -> np.ndarray:
    """The rows of the ``limit`` best organisations in scope, every one scored in full, a chunk
    at a time (:func:`~portal.matching.shortlist.chunks_in_scope`)."""
    kept = []
    for rows in chunks_in_scope(index, seeker.organisation_id, seeker.state, seeker.region,
                                scope, border_set):
        total = _features(index, seeker, needs, offers, rows, border_set)[0]
        order = np.lexsort((index.organisation_ids[rows], -np.round(total, 4)))[:limit]
        kept.append(rows[order])
    return np.concatenate(kept) if kept else np.zeros(0, np.int64)


@dataclass(frozen=True)
class Seeker:
    """What the ranking needs to know of the seeker, apart from its vectors."""

    organisation_id: int
    state: str
    region: str
    kind: str
    technology_fields: frozenset[str]
    need_texts: tuple[str, ...] = ()
    offer_texts: tuple[str, ...] = ()

    @classmethod
    def of(cls, organisation: Organisation, texts: TextVectors) -> Seeker:
        return cls(organisation.id, organisation.state_code, organisation.region_code,
                   organisation.kind, frozenset(f.key for f in organisation.technology_fields),
                   texts.needs, texts.offers)


def find_matches(organisation_id: int, *, limit: int | None = 10, scope: str = "other_states",
                 exhaustive: bool = False) -> list[Match]:
    """Partners for an organisation, best first (ties by id), each with what explains it;
    ``exhaustive``: every organisation scored, without the shortlist's approximation."""
    index = current_index()
    organisation = db.session.get(Organisation, organisation_id)
    if index is None or organisation is None:
        return []
    vectors = text_vectors(organisation, index)
    matches = rank(index, Seeker.of(organisation, vectors), vectors.need_rows,
                   vectors.offer_rows, scope, borders(), limit, exhaustive=exhaustive)
    resolve_texts(matches)
    return matches


def _best_pairs(queries: np.ndarray, vectors, candidates: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each candidate row: the best cosine between one of ``queries`` and one of its
    vectors, the row of that vector (-1 if none) and the index of that query (-1 if none)."""
    best = np.zeros(len(candidates), np.float32)
    vector_row = np.full(len(candidates), -1, np.int64)
    query = np.full(len(candidates), -1, np.int64)
    starts, ends = vectors.org_start[candidates], vectors.org_start[candidates + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if not len(queries) or not total:
        return best, vector_row, query
    owner = np.repeat(np.arange(len(candidates)), lengths)
    offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    rows = vectors.by_org[np.repeat(starts, lengths) + offsets]
    similarities = np.asarray(vectors.rows[rows]) @ queries.T
    which = similarities.argmax(1)
    value = similarities[np.arange(total), which]
    order = np.lexsort((-value, owner))
    _unique, first = np.unique(owner[order], return_index=True)
    picked = order[first]
    best[owner[picked]] = value[picked]
    vector_row[owner[picked]] = rows[picked]
    query[owner[picked]] = which[picked]
    return best, vector_row, query


def _profile_features(index: Index, seeker: Seeker, candidates: np.ndarray, border_set
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The features that do not rest on text: shared technology fields, a bordering region
    and a complementary helix role, of each candidate row."""
    known = index.meta["fields"]
    mask = sum(1 << known.index(f) for f in seeker.technology_fields if f in known)
    fields = index.fields[candidates]
    union = np.bitwise_count(fields | mask)
    technology = np.where(union > 0, np.bitwise_count(fields & mask) / np.maximum(union, 1), 0.0)
    neighbours = neighbour_regions(seeker.region, border_set)
    bordering = np.isin(index.region[candidates],
                        [i for i, code in enumerate(index.meta["regions"]) if code in neighbours])
    seeker_helix = HELIX_OF_KIND.get(seeker.kind)
    complement = np.array([HELIX_OF_KIND.get(kind) != seeker_helix for kind in index.meta["kinds"]])
    helix = complement[index.kind[candidates]] if len(candidates) else np.zeros(0, bool)
    return technology, bordering, helix


def _profile_score(index: Index, seeker: Seeker, candidates: np.ndarray, border_set
                   ) -> np.ndarray:
    technology, bordering, helix = _profile_features(index, seeker, candidates, border_set)
    weights = DEFAULT_WEIGHTS
    return (weights.technology * technology + weights.border * bordering
            + weights.helix * helix)


def _features(index: Index, seeker: Seeker, needs: np.ndarray, offers: np.ndarray,
              candidates: np.ndarray, border_set) -> tuple:
    """The total score of each candidate row and the features it rests on, at once (numpy)."""
    forward, offer_rows, need_index = _best_pairs(needs, index.offers, candidates)
    reverse, need_rows, offer_index = _best_pairs(offers, index.needs, candidates)
    description = ((index.descriptions(candidates) @ needs.T).max(1) if len(needs)
                   and len(candidates) else np.zeros(len(candidates), np.float32))
    technology, bordering, helix = _profile_features(index, seeker, candidates, border_set)
    weights = DEFAULT_WEIGHTS
    total = (weights.need_offer * forward + weights.need_description * description
             + weights.technology * technology + weights.reverse * reverse
             + weights.border * bordering + weights.helix * helix)
    return (total, forward, offer_rows, need_index, reverse, need_rows, offer_index, description,
            technology, bordering, helix)


@replica.merging_overlay
def rank(index: Index, seeker: Seeker, needs: np.ndarray, offers: np.ndarray, scope: str,
         border_set: frozenset, limit: int | None, *, exhaustive: bool = False) -> list[Match]:
    """Rank the index's organisations for ``seeker`` (centred vectors); no database access.
    The features of every shortlisted candidate (with ``exhaustive``, of every organisation in
    scope) are computed at once (numpy), the :class:`Match` objects only for those returned."""
    if exhaustive:
        candidates = _exhaustive_rows(index, seeker, needs, offers, scope, border_set, limit)
    else:
        candidates = _candidate_rows(index, seeker, needs, offers, scope, border_set)
    (total, forward, offer_rows, need_index, reverse, need_rows, offer_index, description,
     technology, bordering, helix) = _features(index, seeker, needs, offers, candidates,
                                               border_set)
    ids = index.organisation_ids[candidates]
    order = np.lexsort((ids, -np.round(total, 4)))[:limit]
    matches = []
    for i in order:
        row = int(candidates[i])
        region, state = index.region_code(row), index.state_code(row)
        helix_role = HELIX_OF_KIND.get(index.kind_of(row))
        features = Features(need_offer=float(forward[i]), need_description=float(description[i]),
                            technology=float(technology[i]), reverse=float(reverse[i]),
                            borders=bool(bordering[i]), helix_complement=bool(helix[i]))
        matches.append(Match(
            organisation_id=int(ids[i]), score=round(score(features), 4),
            relation=("same_state" if state == seeker.state
                      else "cross_border" if bordering[i] else "transnational"),
            features=features,
            need=_pick(seeker.need_texts, need_index[i]),
            offer=("offer", int(index.offers.position[offer_rows[i]])) if offer_rows[i] >= 0 else None,
            their_need=("need", int(index.needs.position[need_rows[i]])) if need_rows[i] >= 0 else None,
            our_offer=_pick(seeker.offer_texts, offer_index[i]),
            border=(seeker.region, region) if bordering[i] else None,
            shared_fields=sorted(seeker.technology_fields & index.fields_of(row)),
            helix_role=helix_role if helix[i] else None))
    return matches


def _pick(texts: tuple[str, ...], i) -> str | None:
    return texts[int(i)] if 0 <= int(i) < len(texts) else None


def resolve_texts(matches: list[Match]) -> None:
    """Replace the (kind, position) placeholders by the candidate's own texts; drops, in place,
    the matches of organisations deleted or unpublished since the index was built."""
    ids = [m.organisation_id for m in matches]
    organisations = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids),
                                   Organisation.status == ProfileStatus.PUBLISHED))} if ids else {}
    matches[:] = [m for m in matches if m.organisation_id in organisations]
    for match in matches:
        organisation = organisations[match.organisation_id]
        match.offer = _text(organisation.offers, match.offer)
        match.their_need = _text(organisation.needs, match.their_need)


def _text(texts: list[str], ref) -> str | None:
    if not ref:
        return None
    _kind, position = ref
    return texts[position] if 0 <= position < len(texts or []) else None


# The listener: a changed profile is re-embedded by the worker after the commit.
_WATCHED = ("needs", "offers", "description", "status", "technology_fields", "region_code")


#: Organisations per embedding task when a flush changes many (an import flushes 500 at once).
EMBED_BATCH = 500


@event.listens_for(Session, "after_flush")
def _queue_embedding(session: Session, _context) -> None:
    if not current_app:
        return
    changed = [obj.id for obj in list(session.new) + list(session.dirty)
               if isinstance(obj, Organisation) and (obj in session.new or any(
                   inspect(obj).attrs[name].history.has_changes() for name in _WATCHED))]
    if len(changed) == 1:
        enqueue("portal.matching.tasks.embed_organisation", changed[0])
    for start in range(0, len(changed) if len(changed) > 1 else 0, EMBED_BATCH):
        enqueue("portal.matching.tasks.embed_organisations", changed[start:start + EMBED_BATCH])

