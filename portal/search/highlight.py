"""Matched words marked in a text, escaped: ``<mark>`` around what the query found."""

from __future__ import annotations

from markupsafe import Markup, escape

from portal.search.lexicon import matched_spans


def highlight(text: str, terms: list[str] | set[str], limit: int | None = 300) -> Markup:
    """``text`` (shortened around its first match to about ``limit`` characters) with each word
    the query matched, by stem or by lexicon concept, wrapped in ``<mark>``; the rest escaped."""
    text = text or ""
    spans = matched_spans(text, set(terms)) if terms else []
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - limit // 4, len(text) - limit))
        end = start + limit
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(Markup("<mark>%s</mark>") % text[span_start:span_end])
        position = span_end
    parts.append(escape(text[position:end]))
    if start > 0:
        parts.insert(0, escape("… "))
    if end < len(text):
        parts.append(escape(" …"))
    return escape("").join(parts)
