"""Charts drawn on the server as SVG markup: no script, no font or file from anywhere, readable
at 390 px (a ``viewBox`` 360 units wide drawn at the width of its container).

Each chart is an image with a name (``role="img"``, ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``); the page puts a table of the same figures beside it, which is what a
screen reader reads. Labels are escaped; numbers are written for the reader's locale by Babel.
These are pure functions: the same figures give the same markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from babel.numbers import format_decimal
from markupsafe import Markup, escape

Number = int | Decimal

WIDTH = 360
FONT_SIZE = 12
#: Width of the label column and most characters of a label drawn in it; the table beside the
#: chart always has the whole label (and so does the bar's tooltip).
LABEL_WIDTH, LABEL_CHARS = 132, 20
BAR_X = LABEL_WIDTH + 6
#: The longest bar, leaving room for its value after it.
BAR_SPAN = 150
ROW_HEIGHT, BAR_HEIGHT = 22, 14
BAR_COLOUR = "#0a5fa3"
#: Colours of a stacked bar's parts, told apart by the legend (and the table) as well.
PALETTE = ("#0a5fa3", "#e67e22", "#1d6b32", "#b00020", "#6a3d9a", "#8c6d1f", "#17becf",
           "#e377c2", "#525a63", "#2ca02c", "#ff7f0e", "#1f3b73", "#9edae5", "#c49c94",
           "#bcbd22", "#7f7f7f")
_ID = re.compile(r"^[a-z][a-z0-9-]{0,60}$")


def number_text(value: Number, locale: str, places: int = 0) -> str:
    """``value`` written for ``locale`` (grouping, decimal sign), with ``places`` decimals."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=locale)


def _short(label: str, chars: int = LABEL_CHARS) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _open(chart_id: str, title: str, description: str, height: int) -> str:
    if not _ID.match(chart_id):
        raise ValueError(f"not a chart id: {chart_id!r}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" '
            f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'font-family="Liberation Sans, Arial, Helvetica, sans-serif" '
            f'font-size="{FONT_SIZE}">'
            f'<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>')


def _scale(largest: Number) -> Callable[[Number], float]:
    largest = float(largest) if largest and largest > 0 else 1.0
    return lambda value: max(0.0, float(value)) / largest * BAR_SPAN


def bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, Number]], locale: str,
              places: int = 0, description: str = "") -> Markup:
    """Horizontal bars, one per ``(label, value)`` in the order given, each with its value."""
    height = max(1, len(bars)) * ROW_HEIGHT + 8
    width = _scale(max((value for _label, value in bars), default=0))
    parts = [_open(chart_id, title, description, height)]
    for index, (label, value) in enumerate(bars):
        top = 4 + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2 + FONT_SIZE / 3
        length = width(value)
        parts.append(
            f'<g><title>{escape(label)}: {escape(number_text(value, locale, places))}</title>'
            f'<text x="{LABEL_WIDTH}" y="{middle:.1f}" text-anchor="end" fill="#1b1f24">'
            f'{escape(_short(label))}</text>'
            f'<rect x="{BAR_X}" y="{top + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
            f'width="{length:.1f}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            f'<text x="{BAR_X + length + 4:.1f}" y="{middle:.1f}" fill="#1b1f24">'
            f'{escape(number_text(value, locale, places))}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bar_chart(chart_id: str, title: str, series: Sequence[tuple[str, str]],
                      bars: Sequence[tuple[str, Mapping[str, int]]], locale: str,
                      description: str = "") -> Markup:
    """One bar per ``(label, {series key: value})``, its parts in the order of ``series``
    (``(key, label)``), the label above the bar and the total after it; a legend below names
    the series that occur."""
    shown = [(key, label) for key, label in series
             if any(values.get(key) for _bar, values in bars)]
    colour = {key: PALETTE[index % len(PALETTE)] for index, (key, _label) in enumerate(shown)}
    bar_rows = len(bars) * (ROW_HEIGHT + FONT_SIZE + 4)
    height = bar_rows + len(shown) * ROW_HEIGHT + 12
    width = _scale(max((sum(values.values()) for _bar, values in bars), default=0))
    parts = [_open(chart_id, title, description, height)]
    for index, (label, values) in enumerate(bars):
        top = 4 + index * (ROW_HEIGHT + FONT_SIZE + 4)
        total = sum(values.get(key, 0) for key, _label in shown)
        parts.append(f'<g><text x="0" y="{top + FONT_SIZE}" fill="#1b1f24">'
                     f'{escape(_short(label, 50))}</text>')
        x = 0.0
        for key, series_label in shown:
            if not values.get(key):
                continue
            length = width(values[key]) * (WIDTH - 60) / BAR_SPAN
            parts.append(
                f'<rect x="{x:.1f}" y="{top + FONT_SIZE + 4}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour[key]}" stroke="#ffffff" stroke-width="1">'
                f'<title>{escape(label)}, {escape(series_label)}: '
                f'{escape(number_text(values[key], locale))}</title></rect>')
            x += length
        parts.append(f'<text x="{x + 4:.1f}" y="{top + FONT_SIZE + 4 + BAR_HEIGHT - 3}" '
                     f'fill="#1b1f24">{escape(number_text(total, locale))}</text></g>')
    for index, (key, label) in enumerate(shown):
        top = bar_rows + 8 + index * ROW_HEIGHT
        parts.append(f'<rect x="0" y="{top}" width="{BAR_HEIGHT}" height="{BAR_HEIGHT}" '
                     f'fill="{colour[key]}"/><text x="{BAR_HEIGHT + 6}" '
                     f'y="{top + BAR_HEIGHT - 3}" fill="#1b1f24">{escape(_short(label, 48))}'
                     f'</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
