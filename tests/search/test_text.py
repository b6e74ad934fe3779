"""Stemming, the lexicon and highlights: pure functions, no database."""

from __future__ import annotations

from portal.search.highlight import highlight
from portal.search.lexicon import lexicon, query_terms, terms
from portal.search.text import normalise, stems


def test_normalising_casefolds_and_reads_yo_as_ye():
    assert normalise("Ёлка STRASSE") == "елка strasse"


def test_an_adjective_and_its_noun_share_a_stem_in_russian():
    assert stems("фармацевтический") == stems("фармацевтика")
    assert stems("медицинские") == stems("медицина")


def test_british_and_american_spellings_share_a_stem():
    assert stems("sterilisation") == stems("sterilization")


def test_stop_words_are_dropped():
    assert stems("for the и в") == []


def test_a_russian_word_and_its_english_translation_meet_on_a_concept():
    assert set(query_terms("фармацевтический")) & set(terms("pharmaceutical plant"))
    assert set(query_terms("розлив")) & set(terms("aseptic fill-finish of vials"))


def test_a_phrase_of_the_lexicon_is_found_in_any_inflection():
    concepts = {t for t in terms("проведение клинических исследований") if t.startswith("~")}
    assert concepts & set(query_terms("clinical trials"))


def test_synonyms_share_a_concept():
    assert set(query_terms("asepsis")) & set(terms("асептический розлив"))


def test_every_lexicon_line_gives_a_concept_in_both_languages():
    concepts_with = {"cyrillic": set(), "latin": set()}
    for phrase, concepts in lexicon().phrases.items():
        script = "cyrillic" if any("а" <= ch <= "я" for ch in "".join(phrase)) else "latin"
        concepts_with[script] |= concepts
    assert len(lexicon().variants) >= 300
    only_one_language = set(lexicon().variants) - (concepts_with["cyrillic"] & concepts_with["latin"])
    assert not only_one_language


def test_highlights_mark_matched_words_and_escape_the_rest():
    marked = highlight("<b>Aseptic</b> розлив & packaging", query_terms("fill-finish"))
    assert str(marked) == "&lt;b&gt;Aseptic&lt;/b&gt; <mark>розлив</mark> &amp; packaging"


def test_highlights_shorten_a_long_text_around_the_first_match():
    text = "word " * 200 + "pharmaceutical " + "word " * 200
    marked = str(highlight(text, query_terms("фармацевтика"), limit=100))
    assert marked.startswith("… ") and marked.endswith(" …")
    assert "<mark>pharmaceutical</mark>" in marked
