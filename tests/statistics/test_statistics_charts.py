"""The charts are well-formed SVG images with a name, escaped labels and local numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from portal.statistics.charts import BAR_SPAN, bar_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314  (the portal's own markup)


def test_a_bar_chart_is_valid_svg_named_by_its_title_and_description():
    root = _parse(bar_chart("chart-states", "Proposals per state", [("Russia", 3), ("Kazakhstan", 1)],
                            "en", description="Submitted proposals"))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-states-title chart-states-desc"
    assert root.find(f"{SVG}title").text == "Proposals per state"
    assert root.find(f"{SVG}title").get("id") == "chart-states-title"
    assert root.find(f"{SVG}desc").text == "Submitted proposals"
    assert root.get("viewBox").startswith("0 0 360 ") and root.get("width") == "100%"
    assert len(root.findall(f"{SVG}g")) == 2


def test_labels_and_titles_are_escaped():
    markup = bar_chart("chart-x", "A <b>title</b> & more", [("R&D <script>", 2)], "en")

    root = _parse(markup)
    assert "<script>" not in markup and "<b>" not in markup
    assert root.find(f"{SVG}title").text == "A <b>title</b> & more"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "R&D <script>" in texts


def test_the_longest_bar_fills_the_span_and_the_others_are_in_proportion():
    root = _parse(bar_chart("chart-x", "T", [("a", 4), ("b", 1), ("c", 0)], "en"))

    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths == [BAR_SPAN, BAR_SPAN / 4, 0.0]


def test_numbers_are_written_for_the_readers_locale():
    bars = [("a", Decimal("1234567.5"))]
    english = [t.text for t in _parse(bar_chart("chart-x", "T", bars, "en", places=2))
               .iter(f"{SVG}text")]
    russian = [t.text for t in _parse(bar_chart("chart-x", "T", bars, "ru", places=2))
               .iter(f"{SVG}text")]

    assert "1,234,567.50" in english
    assert "1\xa0234\xa0567,50" in russian


def test_a_long_label_is_shortened_in_the_chart_but_whole_in_its_tooltip():
    label = "Pharmaceuticals, biotechnology and medical industry"
    root = _parse(bar_chart("chart-x", "T", [(label, 1)], "en"))

    assert root.find(f"{SVG}g/{SVG}title").text == f"{label}: 1"
    shown = next(t.text for t in root.iter(f"{SVG}text"))
    assert shown.endswith("…") and len(shown) <= 20


def test_a_chart_with_no_bars_is_still_valid():
    root = _parse(bar_chart("chart-x", "Nothing yet", [], "en"))

    assert root.find(f"{SVG}title").text == "Nothing yet"


def test_a_stacked_bar_has_a_part_per_series_and_a_legend_of_the_series_that_occur():
    series = [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved & <b>")]
    markup = stacked_bar_chart("chart-pipeline", "Pipeline", series,
                               [("Call <1>", {"submitted": 3, "approved": 1}),
                                ("Call 2", {"submitted": 2})], "en")

    root = _parse(markup)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Pipeline"
    parts = [rect.find(f"{SVG}title").text for rect in root.iter(f"{SVG}rect")
             if rect.find(f"{SVG}title") is not None]
    assert parts == ["Call <1>, Submitted: 3", "Call <1>, Approved & <b>: 1",
                     "Call 2, Submitted: 2"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Draft" not in texts and "Submitted" in texts and "Approved & <b>" in texts
    assert "4" in texts and "2" in texts


def test_a_chart_id_that_is_not_a_plain_name_is_refused():
    with pytest.raises(ValueError):
        bar_chart('x" onload="alert(1)', "T", [], "en")
