"""The search indexer reads the start of each field of a document, whatever the document holds."""

from __future__ import annotations

from portal.core.caps import INDEXED_CHARACTERS_PER_FIELD, INDEXED_TEXTS_PER_FIELD
from portal.search.documents import Document
from portal.search.indexing import postings
from portal.search.text import stem


def document(**fields) -> Document:
    return Document(kind="organisation", object_id=1, title="Vitebsk", language="ru", public=True,
                    fields={"name": ["Vitebsk"], **fields})


def test_a_field_is_indexed_up_to_its_character_budget():
    start = "стерилизация " * (INDEXED_CHARACTERS_PER_FIELD // 13 + 1)
    weights, _length = postings(document(description=[start + "кобальт"]))
    assert weights[stem("стерилизация")] <= INDEXED_CHARACTERS_PER_FIELD / 13 + 1
    assert stem("кобальт") not in weights


def test_the_budget_of_a_field_spans_its_texts():
    offers = ["облучение " * 1_000] * 3 + ["кобальт"]
    weights, _length = postings(document(offers=offers))
    assert stem("облучение") in weights
    assert stem("кобальт") not in weights


def test_a_document_with_a_hundred_thousand_offers_is_indexed_from_its_first_offers():
    offers = [f"offer{i}" for i in range(100_000)]
    weights, _length = postings(document(offers=offers))
    assert len(weights) <= 1 + INDEXED_TEXTS_PER_FIELD
    assert stem("offer0") in weights and stem("offer99999") not in weights


def test_a_stored_text_that_is_not_a_string_is_passed_over():
    weights, _length = postings(document(offers=[42, None, {"x": 1}, "кобальт"]))
    assert stem("кобальт") in weights
