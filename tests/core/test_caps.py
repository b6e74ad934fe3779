"""The caps on the work done for one object: which texts are embedded and indexed."""

from __future__ import annotations

from portal.core.caps import (
    ENCODED_CHARACTERS,
    INDEXED_CHARACTERS_PER_FIELD,
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
