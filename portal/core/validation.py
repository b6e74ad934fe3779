"""The problems found in the values of a request: field name → messages in the reader's language.

A service checks every value first, adding what is wrong with each under its field, then calls
:func:`raise_if`, so that the reader is told of every invalid value at once, not one per try.
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.core.errors import ValidationError

Problems = dict[str, list[str]]


def add_problem(problems: Problems, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def raise_if(problems: Problems) -> None:
    """Raise a :class:`ValidationError` carrying every problem, if there is any."""
    if problems:
        raise ValidationError(_("Some values are not valid."), problems)
