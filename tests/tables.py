"""Reading a page's list tables as a phone shows them: a table of class ``reflow`` becomes one
card per row, each cell under its column's heading, taken from the cell's ``data-label``."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    headings: list[str] = field(default_factory=list)
    #: Each body row's cells as ``(tag, data-label or None)``.
    rows: list[list[tuple[str, str | None]]] = field(default_factory=list)
    #: Whether the table sits in a scrolling wrapper (``div.table-scroll``).
    wrapped: bool = False


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.divs: list[bool] = []  # for each open <div>: is it a scrolling wrapper
        self.table: Table | None = None
        self.depth = 0  # nested tables inside a reflowed one are not read
        self.heading: list[str] | None = None
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "div":
            self.divs.append("table-scroll" in classes)
        elif tag == "table":
            self.depth += 1
            if self.depth == 1 and "reflow" in classes:
                self.table = Table(wrapped=any(self.divs))
        elif self.table is None or self.depth != 1:
            return
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head:
            self.table.rows.append([])
        elif tag == "th" and self.in_head:
            self.heading = []
        elif tag in ("th", "td") and self.table.rows:
            self.table.rows[-1].append((tag, values.get("data-label")))

    def handle_endtag(self, tag):
        if tag == "div" and self.divs:
            self.divs.pop()
        elif tag == "table":
            if self.depth == 1 and self.table is not None:
                self.tables.append(self.table)
                self.table = None
            self.depth -= 1
        elif tag == "thead":
            self.in_head = False
        elif tag == "th" and self.heading is not None and self.table is not None:
            self.table.headings.append(" ".join("".join(self.heading).split()))
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)


def reflow_tables(html: str) -> list[Table]:
    reader = _Reader()
    reader.feed(html)
    return reader.tables


def assert_reflows(html: str, tables: int = 1) -> list[Table]:
    """The page has ``tables`` reflowed tables with rows, none in a scrolling wrapper (one more
    tab stop on a phone for nothing), and each data cell is labelled with its column's heading."""
    found = reflow_tables(html)
    assert len(found) == tables, f"{len(found)} reflowed tables, not {tables}"
    for table in found:
        assert table.rows, "a reflowed table without rows"
        assert not table.wrapped, "a reflowed table still sits in a scrolling wrapper"
        for row in table.rows:
            assert len(row) == len(table.headings), (row, table.headings)
            for heading, (tag, label) in zip(table.headings, row, strict=True):
                if tag == "td":
                    assert label == heading, f"a cell under “{heading}” is labelled {label!r}"
    return found
