"""What the pages of every feature share: the placing of a service's field errors under the
form's fields."""

from __future__ import annotations

from flask import flash

from portal.core.errors import PortalError


def show_field_errors(form, error: PortalError, renames: dict[str, str] | None = None) -> None:
    """Put a service's field errors under the form's fields; flash what belongs to none."""
    renames = renames or {}
    placed = False
    for name, messages in error.fields.items():
        field = getattr(form, renames.get(name, name), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, *messages]
            placed = True
    if not placed:
        flash(error.message, "error")
