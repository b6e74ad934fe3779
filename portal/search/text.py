"""Text to terms: Unicode casefold, ё→е, word tokens, Snowball stems (Russian or English by script).

Pure functions; the same steps run on documents when they are indexed and on queries, so whatever
they do to a word they do on both sides.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-я]")
#: British spellings folded into American ones before stemming (sterilisation → sterilization).
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$")
#: Russian derivational endings left by the inflectional stemmer, stripped so that an adjective
#: meets its noun (фармацевтическ, фармацевтик → фармацевт; медицинск → медицин).
_RUSSIAN_DERIVATIONS = ("ическ", "ческ", "ск", "ик")
_MIN_RUSSIAN_BASE = 3

_RUSSIAN = snowballstemmer.stemmer("russian")
_ENGLISH = snowballstemmer.stemmer("english")

#: Frequent words that carry no meaning for a search, in both languages.
_STOP_WORDS = (
    "a an and are as at be by for from in into is its of on or our the their this to we with "
    "without who which that per "
    "и в во на с со по для из к ко о об от до за при под над не без или а но как что это мы наш "
    "наша наше наши их его ее её у же ли бы все всех также том так чем то")
STOP_WORDS = frozenset(_STOP_WORDS.split())


def normalise(text: str) -> str:
    return (text or "").casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    """The word tokens of ``text``, normalised, in order (numbers kept, punctuation dropped)."""
    return _WORD.findall(normalise(text))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(stem, start, end)`` of each word of ``text`` that is not a stop word, with its place in
    ``text`` (casefolding keeps Russian and English strings the same length), for highlights."""
    found = []
    for match in _WORD.finditer(normalise(text)):
        if match.group() not in STOP_WORDS:
            found.append((stem(match.group()), match.start(), match.end()))
    return found


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one normalised word, Russian if it has Cyrillic letters, English otherwise."""
    if _CYRILLIC.search(word):
        base = _RUSSIAN.stemWord(word)
        for ending in _RUSSIAN_DERIVATIONS:
            if base.endswith(ending) and len(base) - len(ending) >= _MIN_RUSSIAN_BASE + (
                    ending == "ик") * 2:
                return base[: -len(ending)]
        return base
    if word.isdigit():
        return word
    return _ENGLISH.stemWord(_BRITISH.sub(r"iz\1", word))


def stems(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The stems of ``text`` in order; stop words dropped unless asked to keep them (phrases)."""
    return [stem(word) for word in words(text) if keep_stop_words or word not in STOP_WORDS]
