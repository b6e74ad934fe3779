"""Charts drawn on the server as SVG markup: no script, no font or file from anywhere, readable
at 390 px (a ``viewBox`` 360 units wide drawn at the width of its container).

Each chart is an image with a name (``role="img"``, ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``); the page puts a table of the same figures beside it, which is what a
screen reader reads. Labels are escaped; numbers are written for the reader's locale by Babel.
These are pure functions: the same figures give the same markup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from babel.numbers import format_decimal
from markupsafe import Markup

Number = int | Decimal

WIDTH = 360
FONT_SIZE = 12
#: Width of the label column and most characters of a label drawn in it; the table beside the
#: chart always has the whole label (and so does the bar's tooltip).
LABEL_WIDTH, LABEL_CHARS = 152, 19
BAR_X = LABEL_WIDTH + 6
#: The longest bar, leaving room for its value after it.
BAR_SPAN = 120
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


#: The markup of the parts; :meth:`Markup.format` escapes every value put in them.
_OPEN = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
    'width="100%" role="img" aria-labelledby="{id}-title {id}-desc" '
    'font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="{font}">'
    '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>')
_CLOSE = Markup("</svg>")
_BAR = Markup(
    '<g><title>{label}: {value}</title>'
    '<text x="{label_x}" y="{y:.1f}" text-anchor="end" fill="#1b1f24">{short}</text>'
    '<rect x="{x}" y="{top:.1f}" width="{length:.1f}" height="{height}" fill="{colour}"/>'
    '<text x="{value_x:.1f}" y="{y:.1f}" fill="#1b1f24">{value}</text></g>')
_STACK_LABEL = Markup('<g><text x="0" y="{y}" fill="#1b1f24">{label}</text>')
_STACK_PART = Markup(
    '<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{height}" fill="{colour}" '
    'stroke="#ffffff" stroke-width="1"><title>{label}, {series}: {value}</title></rect>')
_STACK_TOTAL = Markup('<text x="{x:.1f}" y="{y}" fill="#1b1f24">{total}</text></g>')
_LEGEND = Markup(
    '<rect x="0" y="{y}" width="{size}" height="{size}" fill="{colour}"/>'
    '<text x="{text_x}" y="{text_y}" fill="#1b1f24">{label}</text>')


def _open(chart_id: str, title: str, description: str, height: int) -> Markup:
    if not _ID.match(chart_id):
        raise ValueError(f"not a chart id: {chart_id!r}")
    return _OPEN.format(width=WIDTH, height=height, id=chart_id, font=FONT_SIZE, title=title,
                        description=description)


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
        length = width(value)
        parts.append(_BAR.format(
            label=label, short=_short(label), value=number_text(value, locale, places),
            label_x=LABEL_WIDTH, y=top + ROW_HEIGHT / 2 + FONT_SIZE / 3, x=BAR_X,
            top=top + (ROW_HEIGHT - BAR_HEIGHT) / 2, length=length, height=BAR_HEIGHT,
            colour=BAR_COLOUR, value_x=BAR_X + length + 4))
    parts.append(_CLOSE)
    return Markup("").join(parts)


def stacked_bar_chart(chart_id: str, title: str, series: Sequence[tuple[str, str]],
                      bars: Sequence[tuple[str, Mapping[str, Number]]], locale: str,
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
        parts.append(_STACK_LABEL.format(y=top + FONT_SIZE, label=_short(label, 50)))
        x = 0.0
        for key, series_label in shown:
            if not values.get(key):
                continue
            length = width(values[key]) * (WIDTH - 60) / BAR_SPAN
            parts.append(_STACK_PART.format(
                x=x, y=top + FONT_SIZE + 4, length=length, height=BAR_HEIGHT,
                colour=colour[key], label=label, series=series_label,
                value=number_text(values[key], locale)))
            x += length
        parts.append(_STACK_TOTAL.format(x=x + 4, y=top + FONT_SIZE + 4 + BAR_HEIGHT - 3,
                                         total=number_text(total, locale)))
    for index, (key, label) in enumerate(shown):
        top = bar_rows + 8 + index * ROW_HEIGHT
        parts.append(_LEGEND.format(y=top, size=BAR_HEIGHT, colour=colour[key],
                                    text_x=BAR_HEIGHT + 6, text_y=top + BAR_HEIGHT - 3,
                                    label=_short(label, 48)))
    parts.append(_CLOSE)
    return Markup("").join(parts)


#: Where each member state stands in a network chart, roughly as on a map (west to the left);
#: other keys are set on a circle after these.
NETWORK_HEIGHT = 300
PLACES = {"BY": (62, 92), "RU": (190, 52), "KZ": (292, 138), "KG": (262, 246), "AM": (92, 226)}
NODE_RADIUS, NODE_GROWTH = 15, 15
LINE_WIDTH, LINE_GROWTH = 2, 10
LINE_COLOUR, NODE_COLOUR = "#6d8fb0", "#0a5fa3"
_LINE = Markup(
    '<g><title>{tooltip}</title>'
    '<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="{width:.1f}" '
    'stroke-linecap="round"/>'
    '<rect x="{box_x:.1f}" y="{box_y:.1f}" width="{box_w:.1f}" height="16" rx="3" fill="#ffffff" '
    'stroke="{colour}"/>'
    '<text x="{mid_x:.1f}" y="{text_y:.1f}" text-anchor="middle" fill="#1b1f24">{value}</text></g>')
_NODE = Markup(
    '<g><title>{tooltip}</title>'
    '<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="{colour}"/>'
    '<text x="{x}" y="{value_y:.1f}" text-anchor="middle" fill="#ffffff" font-weight="bold">'
    '{value}</text>'
    '<text x="{x}" y="{label_y:.1f}" text-anchor="middle" fill="#1b1f24" stroke="#ffffff" '
    'stroke-width="3" paint-order="stroke">{label}</text></g>')


def _places(keys: Sequence[str]) -> dict[str, tuple[float, float]]:
    others = [key for key in keys if key not in PLACES]
    places = {key: PLACES[key] for key in keys if key in PLACES}
    for index, key in enumerate(others):
        angle = 2 * math.pi * index / len(others)
        places[key] = (WIDTH / 2 + 110 * math.sin(angle), NETWORK_HEIGHT / 2 - 100 * math.cos(angle))
    return places


def network_chart(chart_id: str, title: str,
                  nodes: Sequence[tuple[str, str, int, str]],
                  links: Sequence[tuple[str, str, int, str]], locale: str,
                  description: str = "") -> Markup:
    """Nodes ``(key, label, value, tooltip)`` as circles growing with their value, the value
    inside and the label below; links ``(key, key, weight, tooltip)`` as lines between them
    growing with their weight, the weight on the line. Member states stand roughly where
    they are on a map (:data:`PLACES`)."""
    places = _places([key for key, *_rest in nodes])
    largest_node = max((value for _key, _label, value, _tip in nodes), default=0) or 1
    largest_link = max((weight for _a, _b, weight, _tip in links), default=0) or 1
    parts = [_open(chart_id, title, description, NETWORK_HEIGHT)]
    for a, b, weight, tooltip in links:
        if a not in places or b not in places:
            continue
        (x1, y1), (x2, y2) = places[a], places[b]
        value = number_text(weight, locale)
        box_w = 8 + 7 * len(value)
        mid_x, mid_y = (x1 + x2) / 2, (y1 + y2) / 2
        parts.append(_LINE.format(
            tooltip=tooltip, x1=x1, y1=y1, x2=x2, y2=y2, colour=LINE_COLOUR,
            width=LINE_WIDTH + LINE_GROWTH * weight / largest_link, value=value,
            box_x=mid_x - box_w / 2, box_y=mid_y - 8, box_w=box_w, mid_x=mid_x,
            text_y=mid_y + FONT_SIZE / 3))
    for key, label, value, tooltip in nodes:
        x, y = places[key]
        radius = NODE_RADIUS + NODE_GROWTH * (max(0, value) / largest_node) ** 0.5
        parts.append(_NODE.format(
            tooltip=tooltip, x=x, y=y, radius=radius, colour=NODE_COLOUR,
            value=number_text(value, locale), value_y=y + FONT_SIZE / 3, label=_short(label, 24),
            label_y=y + radius + FONT_SIZE + 2))
    parts.append(_CLOSE)
    return Markup("").join(parts)
