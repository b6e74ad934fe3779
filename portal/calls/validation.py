"""Checking values that come from the API or a form: each checker records a message in the
reader's language under the field's name and returns the cleaned value (or ``None``)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from portal.core import limits
from portal.core.validation import Problems, add_problem

#: A whole number as text: ASCII digits only, and few enough to be cheap to read.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")


def text(problems: Problems, field: str, value, limit: int, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        add_problem(problems, field, _("Must be text."))
        return ""
    value = value.strip()
    if required and not value:
        add_problem(problems, field, _("This field is required."))
    elif len(value) > limit:
        add_problem(problems, field, _("At most %(n)d characters.", n=limit))
    return value


def decimal(problems: Problems, field: str, value, required: bool = True,
            bounds: limits.Range | None = None) -> Decimal | None:
    """A finite number; within ``bounds`` (and rounded to the places its column keeps) when
    they are given."""
    if value is None or value == "":
        if required:
            add_problem(problems, field, _("This field is required."))
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        add_problem(problems, field, _("Must be a number."))
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        add_problem(problems, field, _("Must be a number."))
        return None
    if bounds is None:
        return number
    if out_of_bounds := limits.number_problem(number, bounds):
        add_problem(problems, field, out_of_bounds)
        return None
    return limits.in_places(number, bounds)


def integer(problems: Problems, field: str, value, default: int | None = None) -> int | None:
    if value is None or value == "":
        if default is None:
            add_problem(problems, field, _("This field is required."))
        return default
    if isinstance(value, bool):
        add_problem(problems, field, _("Must be a whole number."))
        return None
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
        value = int(value)
    if not isinstance(value, int):
        add_problem(problems, field, _("Must be a whole number."))
        return None
    return value


def in_range(problems: Problems, field: str, value, low, high) -> None:
    if value is not None and not low <= value <= high:
        add_problem(problems, field, _("Must be between %(low)s and %(high)s.", low=low, high=high))


def boolean(problems: Problems, field: str, value, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        add_problem(problems, field, _("Must be true or false."))
        return default
    return value


def moment(problems: Problems, field: str, value) -> datetime | None:
    """An aware datetime from an ISO 8601 string (or a datetime); a time without zone, or on a
    day out of :mod:`portal.core.limits`' range, is refused."""
    if value is None or value == "":
        add_problem(problems, field, _("This field is required."))
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime) or value.tzinfo is None:
        add_problem(problems, field, _("An ISO 8601 time with its zone, e.g. 2026-05-01T09:00:00Z."))
        return None
    if out_of_range := limits.date_problem(value):
        add_problem(problems, field, out_of_range)
        return None
    return value


def string_list(problems: Problems, field: str, value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        add_problem(problems, field, _("Must be a list of texts."))
        return []
    return list(dict.fromkeys(value))
