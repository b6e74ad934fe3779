"""Matching services: embed a profile's texts, rebuild the shared index, rank partners.

``embed_organisation`` and ``rebuild_index`` run in the worker (tasks ``EMBED_ORGANISATION`` and
``REBUILD_MATCHING_INDEX``); ``find_matches`` runs in the web process against the memory-mapped
index. A profile change reaches the worker through :func:`_queue_embedding`, a session listener:
when an organisation's needs, offers, description, technology fields or status change in a
flush, ``EMBED_ORGANISATION`` is queued, to be sent after the commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import delete, event, inspect, select
from sqlalchemy.orm import Session

from portal.core.jobs import TaskName, enqueue
from portal.extensions import db
from portal.matching import index as index_module
from portal.matching.encoders import get_encoder, text_hash
from portal.matching.index import Index, Profile, centre
from portal.matching.models import OrganisationVector, VectorKind
from portal.matching.scoring import Features, jaccard, score
from portal.reference.models import BorderPair
from portal.registry.models import Organisation, ProfileStatus

log = logging.getLogger(__name__)

SCOPES = ("other_states", "cross_border", "all")
#: Candidates kept from the retrieval step and scored in full.
SHORTLIST = 200
HELIX_OF_KIND = {
    "enterprise": "business", "university": "academia", "research_institute": "academia",
    "government": "government", "development_institution": "intermediary",
    "financial": "intermediary",
}


def _texts(organisation: Organisation) -> list[tuple[str, int, str]]:
    texts = [(VectorKind.NEED, i, t) for i, t in enumerate(organisation.needs or []) if t.strip()]
    texts += [(VectorKind.OFFER, i, t) for i, t in enumerate(organisation.offers or []) if t.strip()]
    if (organisation.description or "").strip():
        texts.append((VectorKind.DESCRIPTION, 0, organisation.description))
    return texts


def embed_organisation(organisation_id: int, encoder=None) -> int:
    """Store a vector for each need, offer and the description of an organisation; a text whose
    hash (text and encoder) is unchanged keeps its vector. Returns the number embedded; flushes."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        return 0
    encoder = encoder or get_encoder()
    existing = {(row.kind, row.position): row for row in db.session.scalars(
        select(OrganisationVector).where(OrganisationVector.organisation_id == organisation_id))}
    wanted, stale = {}, []
    for kind, position, text in _texts(organisation):
        digest = text_hash(encoder.name, text)
        row = existing.get((str(kind), position))
        wanted[(str(kind), position)] = True
        if row is None or row.text_hash != digest or row.model != encoder.name:
            stale.append((kind, position, text, digest, row))
    for key, row in existing.items():
        if key not in wanted:
            db.session.delete(row)
    if stale:
        vectors = encoder.encode([text for _k, _p, text, _d, _r in stale])
        for (kind, position, _text, digest, row), vector in zip(stale, vectors, strict=True):
            row = row or OrganisationVector(organisation_id=organisation_id, kind=str(kind),
                                            position=position)
            row.text_hash, row.model = digest, encoder.name
            row.vector = np.asarray(vector, "<f4").tobytes()
            db.session.add(row)
    db.session.flush()
    return len(stale)


def index_root() -> Path:
    return Path(current_app.config["PORTAL_DATA_DIR"]) / "matching"


def _profiles(model: str) -> list[Profile]:
    vectors: dict[int, list[OrganisationVector]] = {}
    for row in db.session.scalars(select(OrganisationVector).where(OrganisationVector.model == model)
                                  .order_by(OrganisationVector.organisation_id,
                                            OrganisationVector.kind, OrganisationVector.position)):
        vectors.setdefault(row.organisation_id, []).append(row)
    profiles = []
    organisations = db.session.scalars(select(Organisation).where(
        Organisation.status == ProfileStatus.PUBLISHED).order_by(Organisation.id))
    for organisation in organisations:
        rows = vectors.get(organisation.id, [])
        by_kind = {kind: [r for r in rows if r.kind == kind] for kind in VectorKind}

        def matrix(kind, rows=by_kind):
            return np.array([np.frombuffer(r.vector, "<f4") for r in rows[kind]], np.float32)

        description = by_kind[VectorKind.DESCRIPTION]
        profiles.append(Profile(
            organisation_id=organisation.id, state=organisation.state_code,
            region=organisation.region_code, kind=organisation.kind, language=organisation.language,
            technology_fields=tuple(f.key for f in organisation.technology_fields),
            needs=matrix(VectorKind.NEED).reshape(-1, _dim(rows)),
            offers=matrix(VectorKind.OFFER).reshape(-1, _dim(rows)),
            description=np.frombuffer(description[0].vector, "<f4") if description else None,
            positions={"needs": [r.position for r in by_kind[VectorKind.NEED]],
                       "offers": [r.position for r in by_kind[VectorKind.OFFER]]}))
    return profiles


def _dim(rows: list[OrganisationVector]) -> int:
    return len(rows[0].vector) // 4 if rows else get_encoder().dim


def rebuild_index(encoder=None) -> Path:
    """Build the index of published organisations from the stored vectors and swap it in."""
    encoder = encoder or get_encoder()
    profiles = _profiles(encoder.name)
    path = index_module.build(index_root(), profiles, encoder.name, encoder.dim)
    log.info("matching index rebuilt: %d organisations, %s", len(profiles), encoder.name)
    return path


def current_index() -> Index | None:
    return index_module.open_current(index_root())


@lru_cache(maxsize=1)
def _borders_cached(_key: str) -> frozenset[frozenset[str]]:
    return frozenset(frozenset((a, b)) for a, b in db.session.execute(
        select(BorderPair.region_a, BorderPair.region_b)))


def borders() -> frozenset[frozenset[str]]:
    return _borders_cached(current_app.config["SQLALCHEMY_DATABASE_URI"])


@dataclass
class Match:
    organisation_id: int
    score: float
    relation: str
    features: Features
    need: str | None = None  #: the seeker's need that the candidate's ``offer`` meets best
    offer: str | None = None
    their_need: str | None = None  #: the candidate's need that the seeker's ``our_offer`` meets
    our_offer: str | None = None
    border: tuple[str, str] | None = None
    shared_fields: list[str] = field(default_factory=list)
    helix_role: str | None = None


def _seeker_vectors(seeker: Organisation, index: Index) -> tuple[np.ndarray, np.ndarray]:
    rows = list(db.session.scalars(select(OrganisationVector).where(
        OrganisationVector.organisation_id == seeker.id, OrganisationVector.model == index.model)))
    if rows:
        needs = sorted((r.position, np.frombuffer(r.vector, "<f4")) for r in rows if r.kind == "need")
        offers = sorted((r.position, np.frombuffer(r.vector, "<f4")) for r in rows if r.kind == "offer")
        need_rows = np.array([v for _p, v in needs], np.float32).reshape(-1, index.dim)
        offer_rows = np.array([v for _p, v in offers], np.float32).reshape(-1, index.dim)
    else:  # not embedded yet: embed on the fly, store nothing
        encoder = get_encoder()
        need_rows = encoder.encode([t for t in seeker.needs or [] if t.strip()])
        offer_rows = encoder.encode([t for t in seeker.offers or [] if t.strip()])
    return (centre(need_rows, seeker.language, index.means),
            centre(offer_rows, seeker.language, index.means))


def _candidate_rows(index: Index, seeker: Organisation, needs, offers, scope: str,
                    border_set) -> np.ndarray:
    if scope == "cross_border":
        neighbours = {r for pair in border_set if seeker.region_code in pair for r in pair}
        neighbours.discard(seeker.region_code)
        codes = [i for i, code in enumerate(index.meta["regions"]) if code in neighbours]
        return np.flatnonzero(np.isin(index.region, codes))
    if len(needs):
        owners, *_ = index.offers.best_per_organisation(needs)
    else:
        owners, *_ = index.needs.best_per_organisation(offers)
    own = index.row_of.get(seeker.id)
    keep = owners != own if own is not None else np.ones(len(owners), bool)
    if scope == "other_states":
        states = index.meta["states"]
        same = states.index(seeker.state_code) if seeker.state_code in states else -1
        keep &= index.state[owners] != same
    return owners[keep][:SHORTLIST]


def _best_pair(queries: np.ndarray, vectors, rows: np.ndarray) -> tuple[float, int, int]:
    if not len(queries) or not len(rows):
        return 0.0, -1, -1
    similarities = np.asarray(vectors.rows[np.sort(rows)] @ queries.T)
    ordered = np.sort(rows)
    flat = int(similarities.argmax())
    i, j = divmod(flat, similarities.shape[1])
    return float(similarities[i, j]), int(ordered[i]), j


def find_matches(organisation_id: int, *, limit: int | None = 10, scope: str = "other_states"
                 ) -> list[Match]:
    """Partners for an organisation, best first (ties by id), each with what explains it."""
    index = current_index()
    seeker = db.session.get(Organisation, organisation_id)
    if index is None or seeker is None:
        return []
    needs, offers = _seeker_vectors(seeker, index)
    border_set = borders()
    seeker_fields = {f.key for f in seeker.technology_fields}
    seeker_helix = HELIX_OF_KIND.get(seeker.kind)
    need_texts = [t for t in seeker.needs or [] if t.strip()]
    offer_texts = [t for t in seeker.offers or [] if t.strip()]
    matches = []
    for row in _candidate_rows(index, seeker, needs, offers, scope, border_set):
        row = int(row)
        if index.organisation_ids[row] == seeker.id:
            continue
        forward, offer_row, need_i = _best_pair(needs, index.offers, index.offers.of_organisation(row))
        reverse, need_row, offer_i = _best_pair(offers, index.needs, index.needs.of_organisation(row))
        description = float((needs @ index.descriptions[row]).max()) if len(needs) else 0.0
        region, state = index.region_code(row), index.state_code(row)
        pair = frozenset((seeker.region_code, region))
        fields = index.fields_of(row)
        helix = HELIX_OF_KIND.get(index.kind_of(row))
        features = Features(need_offer=forward, need_description=description,
                            technology=jaccard(seeker_fields, fields), reverse=reverse,
                            borders=pair in border_set, helix_complement=helix != seeker_helix)
        relation = ("same_state" if state == seeker.state_code
                    else "cross_border" if pair in border_set else "transnational")
        matches.append(Match(
            organisation_id=int(index.organisation_ids[row]), score=round(score(features), 4),
            relation=relation, features=features,
            need=need_texts[need_i] if need_i >= 0 and need_i < len(need_texts) else None,
            offer=("offer", int(index.offers.position[offer_row])) if offer_row >= 0 else None,
            their_need=("need", int(index.needs.position[need_row])) if need_row >= 0 else None,
            our_offer=offer_texts[offer_i] if 0 <= offer_i < len(offer_texts) else None,
            border=(seeker.region_code, region) if pair in border_set else None,
            shared_fields=sorted(seeker_fields & fields),
            helix_role=helix if helix != seeker_helix else None))
    matches.sort(key=lambda m: (-m.score, m.organisation_id))
    matches = matches[:limit] if limit else matches
    _resolve_texts(matches)
    return matches


def _resolve_texts(matches: list[Match]) -> None:
    """Replace the (kind, position) placeholders by the candidate's own texts."""
    ids = [m.organisation_id for m in matches]
    organisations = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)))} if ids else {}
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


@event.listens_for(Session, "after_flush")
def _queue_embedding(session: Session, _context) -> None:
    if not current_app or not current_app.config.get("MATCHING_EMBED_ON_CHANGE", True):
        return
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Organisation) and (obj in session.new or any(
                inspect(obj).attrs[name].history.has_changes() for name in _WATCHED)):
            enqueue(TaskName.EMBED_ORGANISATION, obj.id)


def delete_vectors(organisation_id: int) -> None:
    db.session.execute(delete(OrganisationVector).where(
        OrganisationVector.organisation_id == organisation_id))
