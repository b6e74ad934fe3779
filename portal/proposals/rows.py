"""Rows that grow as needed, without any script: a list starts with the rows the proposal has
plus one empty row; its "Add another" button (``name="add"``, ``value`` the list's name) sends
the whole form back with one more empty row, a row's "Remove" button (``name="remove"``,
``value`` the row's name) without that row, everything typed kept and nothing saved.

A list never holds more rows than the service accepts (:data:`portal.core.limits.ROWS_MAX`):
rows beyond the cap are not even read, and the form says so instead of saving.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from wtforms import FieldList

from portal.core import limits

#: The name of every list's "Add another" button; its value is the list's name.
ADD_BUTTON = "add"
#: The name of every row's "Remove" button; its value is the row's name (``partners-2``).
REMOVE_BUTTON = "remove"


class GrowingList(FieldList):
    """A :class:`~wtforms.FieldList` of as many rows as were sent, at most ``cap``; ``overflow``
    tells that more were sent (or asked for) than the cap allows."""

    def __init__(self, unbound_field, label=None, validators=None, *,
                 cap: int = limits.ROWS_MAX, **kwargs):
        super().__init__(unbound_field, label, validators, min_entries=0, max_entries=None,
                         **kwargs)
        self.cap = cap
        self.overflow = False

    def _extract_indices(self, prefix, formdata):
        indices = sorted(set(super()._extract_indices(prefix, formdata)))
        self.overflow = len(indices) > self.cap
        return indices[:self.cap]

    def add_row(self) -> bool:
        """One more empty row; ``False`` (and ``overflow`` set) when the list is full."""
        if len(self.entries) >= self.cap:
            self.overflow = True
            return False
        self.append_entry()
        return True

    @property
    def full(self) -> bool:
        return len(self.entries) >= self.cap

    def cap_message(self) -> str:
        return _("%(name)s: at most %(n)d rows.", name=self.label.text, n=self.cap)


def growing_lists(form) -> Iterator[GrowingList]:
    for field in form:
        if isinstance(field, GrowingList):
            yield field


def add_empty_rows(form) -> None:
    """The one empty row each list offers when the page is opened."""
    for rows in growing_lists(form):
        if not rows.full:
            rows.append_entry()


def press_row_buttons(form, formdata) -> bool:
    """Apply the "Add another" or "Remove" button that was pressed, if one was: ``True`` when
    one was (the form is then shown again, not saved)."""
    added, removed = formdata.get(ADD_BUTTON), formdata.get(REMOVE_BUTTON)
    if added is None and removed is None:
        return False
    for rows in growing_lists(form):
        if added == rows.name:
            rows.add_row()
        for index, entry in enumerate(rows.entries):
            if entry.name == removed:
                rows.pop_entry(index)
                break
    return True


def cap_problems(form) -> list[str]:
    """A message for each list that was sent more rows than it may hold."""
    return [rows.cap_message() for rows in growing_lists(form) if rows.overflow]
