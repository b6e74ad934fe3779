"""Partners for a cooperation ad: the ad is the seeker, its text a need (a request) or an offer
(an offer), its technology fields its own; the ranking is :func:`portal.matching.services.rank`.

The ad's text is embedded on the fly (one short text, with the encoder the index was built
with; a process keeps the vectors of the texts it has embedded) and quoted in the reasons by its
title. An anonymous ad seen by a reader who may not know its organisation is ranked without the
organisation's region and kind, so that no reason (a bordering region, a missing helix role)
gives the organisation away.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sqlalchemy import select

from portal.extensions import db
from portal.matching.encoders import Role, encoder_named
from portal.matching.reasons import Reader, explain
from portal.matching.services import Match, Seeker, borders, current_index, rank, resolve_texts
from portal.partnering.models import Ad, AdKind
from portal.partnering.permissions import owns_ad
from portal.partnering.reader_view import AdView, ad_view, owners_view
from portal.registry.models import Organisation

OFFER_KINDS = frozenset({AdKind.TECHNOLOGY_OFFER, AdKind.BUSINESS_OFFER})


def is_offer(ad: Ad) -> bool:
    """An offer meets others' needs; a request (R&D request and partner search included) is a
    need that others' offers meet."""
    return ad.kind in OFFER_KINDS


def ad_seeker(ad: Ad, view: AdView) -> Seeker:
    """The seeker :func:`rank` sees for ``ad``: where its owner is and what it is as far as the
    reader's ``view`` knows (the owner itself is left out of the ranking either way)."""
    texts = (ad.title,)
    return Seeker(organisation_id=ad.organisation_id, state=view.state,
                  region=view.region or "", kind=view.owner_kind or "",
                  technology_fields=frozenset(f.key for f in ad.technology_fields),
                  need_texts=() if is_offer(ad) else texts,
                  offer_texts=texts if is_offer(ad) else ())


@lru_cache(maxsize=256)
def _ad_vector(model: str, text: str, role: Role) -> np.ndarray | None:
    """An ad's text embedded by the encoder ``model`` (once per process for a given text: an
    ad's page is read far more often than it is edited); None if the encoder is missing here."""
    encoder = encoder_named(model)
    if encoder is None:
        return None
    vector = encoder.encode([text], role)[0]
    vector.setflags(write=False)
    return vector


def find_ad_matches(ad: Ad, view: AdView | None = None, *, limit: int | None = 10,
                    scope: str = "other_states") -> list[Match]:
    """Organisations for an ad, best first, the ad's own organisation never among them, for a
    reader whose ``view`` of the ad it is (see the module's docstring; by default the owner's
    own view, which knows everything)."""
    view = view or owners_view(ad)
    hidden = view.organisation is None
    index = current_index()
    role = Role.OFFER if is_offer(ad) else Role.NEED
    vector = _ad_vector(index.model, f"{ad.title}. {ad.body}", role) if index is not None else None
    if vector is None:
        return []
    rows = index.centre(vector[None, :], ad.language, role)
    empty = rows[:0]
    needs, offers = (empty, rows) if is_offer(ad) else (rows, empty)
    matches = rank(index, ad_seeker(ad, view), needs, offers, scope, borders(), limit)
    if hidden:
        for match in matches:
            match.helix_role = None
    resolve_texts(matches)
    return matches


def ad_suggestions(ad: Ad, reader, *, limit: int = 10, scope: str = "other_states"
                   ) -> list[tuple[Match, Organisation, list[str]]]:
    """``(match, partner, reasons)`` for the reader of an ad, hidden as the ad's anonymity asks,
    the reasons written for the ad's owner ("your region") or for the staff ("the region of the
    ad's organisation"); no one else sees an ad's suggestions
    (:func:`~portal.partnering.permissions.can_see_ad_matches`)."""
    written_for = Reader.OWNER if owns_ad(reader, ad) else Reader.AD_STAFF
    matches = find_ad_matches(ad, ad_view(ad, reader), limit=limit, scope=scope)
    partners = {o.id: o for o in db.session.scalars(select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in matches])))}
    return [(m, partners[m.organisation_id], explain(m, written_for)) for m in matches]
