"""What the pages of every feature share: the placing of a service's field errors under the
form's fields (see :mod:`portal.core.form_errors`)."""

from __future__ import annotations

from portal.core.errors import PortalError
from portal.core.form_errors import place_problems


def show_field_errors(form, error: PortalError, renames: dict[str, str] | None = None) -> None:
    """Put a service's field errors under the form's fields; what belongs to none is shown in
    the page's error summary."""
    place_problems(form, error, renames)
