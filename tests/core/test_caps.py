"""The caps on the work done for one object: which texts are embedded and indexed."""

from __future__ import annotations

from portal.core import limits
from portal.core.caps import (
    EMBEDDED_TEXTS_PER_KIND,
    ENCODED_CHARACTERS,
    INDEXED_CHARACTERS_PER_FIELD,
    INDEXED_TEXTS_PER_FIELD,
    clip,
    embedded_texts,
    indexed_texts,
)


def test_embedded_texts_are_the_first_that_say_something_with_their_places():
    texts = ["", "  ", "first", 7, None, "second", "third"]
    assert embedded_texts(texts, limit=2) == [(2, "first"), (5, "second")]
    assert embedded_texts(None) == []


def test_clip_keeps_the_start_of_a_text():
    assert clip("x" * (ENCODED_CHARACTERS + 5)) == "x" * ENCODED_CHARACTERS
    assert clip("short") == "short"


def test_indexed_texts_stop_at_the_field_budget_cutting_the_last_one():
    half = "a" * (INDEXED_CHARACTERS_PER_FIELD // 2)
    assert indexed_texts([half, "", half + "tail", "more"]) == [half, half]


def test_every_value_a_profile_may_hold_is_embedded_and_indexed_whole():
    assert EMBEDDED_TEXTS_PER_KIND >= limits.STATEMENTS_MAX
    assert ENCODED_CHARACTERS >= limits.STATEMENT_MAX
    assert INDEXED_TEXTS_PER_FIELD >= limits.STATEMENTS_MAX
    assert INDEXED_CHARACTERS_PER_FIELD >= limits.STATEMENTS_MAX * limits.STATEMENT_MAX
    assert INDEXED_CHARACTERS_PER_FIELD >= limits.DESCRIPTION_MAX
