"""Fast vectors standing in for full ones until the slow encoder refines them.

The matcher's vector is two encoders side by side (:class:`~portal.matching.encoders.
PairedEncoder`): USE, about 1,500 texts a second per core, and multilingual-e5, about 48. When a
profile changes, the worker first stores the vectors of the fast encoder alone, named by that
encoder (``model`` = ``use-multilingual-v3``, whose vectors are the same whether USE runs alone
or beside e5), so the profile is matched within seconds; :mod:`portal.matching.refine` replaces
them later with full vectors. A :class:`Layout` says where the fast encoder's part lies in the
full vector, and :func:`in_full_layout` puts a fast vector there with the other parts zero.

How a vector with missing parts is compared (:func:`portal.matching.index.normalise`): each
present part is normalised, then every part is given the length ``sqrt(n) / k`` (``n`` parts in
the layout, ``k`` of them present). A full vector has every part of length ``1/sqrt(n)``, so the
cosine of two full vectors is the mean of the encoders' cosines (each weighed ``1/n``: 1/2 for
two encoders), as before. The dot product of a full vector and a fast one is then exactly the
fast encoder's cosine: the estimate of the full cosine that assumes the slow encoder agrees, on
average, with the fast one. That is an assumption, not a measurement: the two encoders'
cosines of one pair differ (which is why both are used), so a profile not yet refined is ranked
by the fast encoder's judgement alone, on the same scale as a refined one.

Fast against fast would give ``n / k`` times the fast cosine (twice it, with two encoders),
which no scale of a single vector can avoid: the scale that makes fast-against-full right makes
fast-against-fast twice too high. So a fast vector never meets another one in a score: the
index may hold fast rows, but a seeker's vectors (:func:`complete`) are always full, the slow
part of its own texts computed at the time of the query (its fast part is taken from the store,
so only the slow encoder runs, on at most the profile's capped texts). Every cosine in a score
is therefore either a full cosine or, for a candidate not yet refined, its fast encoder's cosine
standing for the full one. When only one encoder is installed, or ``MATCHING_ENCODER`` names
one encoder (``use``, ``e5``, ``lexical``), there is no layout (:func:`layout_of` is None) and
nothing here applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from portal.matching.encoders import Encoder, Role, UniversalSentenceEncoder

#: The encoder whose vectors are stored first: the fast one.
FAST_MODEL = UniversalSentenceEncoder.name


@dataclass(frozen=True)
class Layout:
    """Where the fast encoder's part lies in the vectors of a paired encoder."""

    model: str  #: the full encoder's name
    parts: tuple[int, ...]
    fast: Encoder
    start: int
    end: int
    #: The other encoders, each with its place in the full vector.
    slow: tuple[tuple[Encoder, int, int], ...]

    @property
    def dim(self) -> int:
        return sum(self.parts)


def layout_of(encoder: Encoder | None) -> Layout | None:
    """The layout of a paired encoder that has the fast encoder beside a slower one; None for
    any single encoder (there is nothing to refine)."""
    members = getattr(encoder, "members", ())
    if encoder is None or len(members) < 2 or FAST_MODEL not in [m.name for m in members]:
        return None
    places, start = [], 0
    for member in members:
        places.append((member, start, start + member.dim))
        start += member.dim
    fast = next(place for place in places if place[0].name == FAST_MODEL)
    return Layout(model=encoder.name, parts=tuple(encoder.parts), fast=fast[0], start=fast[1],
                  end=fast[2], slow=tuple(place for place in places if place is not fast))


def stored_models(model: str) -> tuple[str, ...]:
    """The ``model`` values of the stored vectors an index of ``model`` takes: a paired
    encoder's (named ``a+b``) and, when the fast encoder is one of its members, the fast one's."""
    members = model.split("+")
    return (model, FAST_MODEL) if len(members) > 1 and FAST_MODEL in members else (model,)


def in_full_layout(vector: np.ndarray, model: str, layout: Layout | None) -> np.ndarray:
    """A stored vector in the full layout: a full one as it is, a fast one in its place with
    the other parts zero."""
    if layout is None or model != FAST_MODEL:
        return vector
    full = np.zeros(layout.dim, np.float32)
    full[layout.start:layout.end] = vector
    return full


def complete(fast_rows: np.ndarray, texts: list[str], role: Role, layout: Layout) -> np.ndarray:
    """Full vectors of ``texts`` whose fast vectors are ``fast_rows``: the slow parts are
    encoded now, the fast ones reused."""
    full = np.zeros((len(texts), layout.dim), np.float32)
    if not texts:
        return full
    full[:, layout.start:layout.end] = fast_rows
    for encoder, start, end in layout.slow:
        full[:, start:end] = encoder.encode(texts, role)
    return full
