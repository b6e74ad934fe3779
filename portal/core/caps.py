"""How much background work one object may cost, whatever is stored for it.

The forms and the API bound what a user may write; these caps bound what the worker and the
web process read, by themselves: an import, an old row or a future field may hold more. Each is
applied in one place: :func:`embedded_texts` where the matcher picks a profile's needs and
offers, :func:`clip` at the entry of every text encoder, :func:`indexed_texts` where the search
indexer reads a document's field. Texts beyond a cap are still stored and shown; they are only
not embedded or indexed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from portal.core import limits

#: Needs embedded per organisation, and offers likewise: the first ones in the profile's order.
#: As many as a profile may hold, so that every need and offer a user writes is matched.
EMBEDDED_TEXTS_PER_KIND = limits.STATEMENTS_MAX
#: Characters of one text an encoder reads: its start, a long paragraph (90 to 110 words, about
#: 200 tokens of multilingual-e5-small, inside its 512-token window). The encoders' work grows
#: with the text (USE's memory by about 3.6 KB a character, e5's time), so this bounds the cost
#: of every text, a description included.
ENCODED_CHARACTERS = 1_000
#: Texts of one field of a search document that are indexed (offers, needs, names…).
INDEXED_TEXTS_PER_FIELD = 100
#: Characters of one field of a search document that are indexed, over all its texts in order.
INDEXED_CHARACTERS_PER_FIELD = 20_000


def clip(text: str, limit: int = ENCODED_CHARACTERS) -> str:
    """The start of ``text``, at most ``limit`` characters."""
    return text[:limit]


def embedded_texts(texts: Iterable[object] | None,
                   limit: int = EMBEDDED_TEXTS_PER_KIND) -> list[tuple[int, str]]:
    """``(position, text)`` of the first ``limit`` texts of a list that say something, with
    their place in the list; anything that is not a string (a stored value of another type) is
    passed over."""
    return list(islice(_nonblank(texts), limit))


def _nonblank(texts: Iterable[object] | None) -> Iterator[tuple[int, str]]:
    for position, text in enumerate(texts or ()):
        if isinstance(text, str) and text and not text.isspace():
            yield position, text


def indexed_texts(texts: Iterable[object] | None) -> list[str]:
    """The texts of one search field that are indexed: strings only, in order, at most
    :data:`INDEXED_TEXTS_PER_FIELD` of them and :data:`INDEXED_CHARACTERS_PER_FIELD`
    characters in all (the last one cut)."""
    kept, left = [], INDEXED_CHARACTERS_PER_FIELD
    for _position, text in islice(_nonblank(texts), INDEXED_TEXTS_PER_FIELD):
        if left <= 0:
            break
        kept.append(text[:left])
        left -= len(kept[-1])
    return kept
