"""How large a value from outside may be: one bound per kind of value.

The pages' forms, the JSON API, the services and the import all take their bounds from here, so
that a rule is written once and nothing a check admits can overflow a column, a worker or a
page. Every bound fits the column it guards: a name of :data:`NAME_MAX` fits ``String(200)``,
an amount of :data:`AMOUNT` fits ``Numeric(18, 2)``, and so on.

The checks are pure: each returns what is wrong, in the reader's language, or ``None``; the
caller files the message under the field's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from portal.core import numbers

#: A name or a short title: of an organisation, a cluster, an ad, a criterion, a label's issuer.
NAME_MAX = 200
#: The title of a call, a proposal, a vote session, an indicator or a milestone.
TITLE_MAX = 300
#: A reference or a short label: an organisation's ``external_ref``, a cluster's quality label.
LABEL_MAX = 100
#: A web address.
ADDRESS_MAX = 300
#: One statement of what an organisation offers or needs.
STATEMENT_MAX = 500
#: How many statements an organisation's ``offers`` (and its ``needs``) may hold.
STATEMENTS_MAX = 30
#: A description: of an organisation or a cluster, an ad's text, a message, a reason.
DESCRIPTION_MAX = 10_000
#: A long text: a call's description, a proposal's summary.
LONG_TEXT_MAX = 20_000
#: A document-sized text: a proposal's work plan.
DOCUMENT_MAX = 50_000
#: A list of codes: technology fields, NACE classes, languages. Each code must also exist.
CODES_MAX = 50
#: Rows of a table sent at once: partners, budget lines, indicators, milestones.
ROWS_MAX = 50

#: The largest value of an ``Integer`` column: ids, counts, years.
INTEGER_MAX = 2**31 - 1

#: The first and last day a date from outside may name (deadlines, expiries, vote sessions).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)


@dataclass(frozen=True)
class Range:
    """The values a kind of number may take, and the decimal places its column keeps."""

    low: Decimal
    high: Decimal
    places: int


#: Money in any currency: budgets, grants, budget lines (``Numeric(18, 2)``; a cluster's
#: yearly budget is a ``BigInteger`` of whole units).
AMOUNT = Range(Decimal(0), Decimal(10) ** 13, 2)
#: A share from 0 to 1: co-financing rates (``Numeric(5, 4)``).
FRACTION = Range(Decimal(0), Decimal(1), 4)
#: Units of the quote currency one unit of a currency is worth (``Numeric(18, 8)``), for
#: whatever records exchange rates from outside.
EXCHANGE_RATE = Range(Decimal("0.00000001"), Decimal(10) ** 6, 8)
#: An indicator's baseline or target (``Numeric(18, 4)``).
INDICATOR_VALUE = Range(-Decimal(10) ** 12, Decimal(10) ** 12, 4)
#: A criterion's weight (``Numeric(4, 2)``); the call also refuses a weight of 0.
WEIGHT = Range(Decimal(0), Decimal(99), 2)
#: A score or a threshold on the review scale (``Numeric(4, 2)``).
SCORE = Range(Decimal(0), Decimal(5), 2)


def text_problem(value: str, most: int) -> str | None:
    if len(value) > most:
        return _("At most %(n)d characters.", n=most)
    return None


def count_problem(items: Sequence, most: int) -> str | None:
    if len(items) > most:
        return _("At most %(n)d items.", n=most)
    return None


def statements_problem(items: Sequence[str], most: int = STATEMENTS_MAX,
                       longest: int = STATEMENT_MAX) -> str | None:
    """A list of short texts: at most ``most`` of them, each of ``longest`` characters."""
    problem = count_problem(items, most)
    if problem:
        return problem
    for number, item in enumerate(items, start=1):
        if len(item) > longest:
            return _("Item %(number)d: at most %(n)d characters.", number=number, n=longest)
    return None


def number_problem(value: Decimal | int, bounds: Range) -> str | None:
    """A finite number within ``bounds``; the caller has refused what is not a number."""
    if not bounds.low <= value <= bounds.high:
        return _("Must be between %(low)s and %(high)s.", low=numbers.number(bounds.low),
                 high=numbers.number(bounds.high))
    return None


def integer_problem(value: int, low: int = 0, high: int = INTEGER_MAX) -> str | None:
    if not low <= value <= high:
        return _("Must be between %(low)s and %(high)s.", low=low, high=high)
    return None


def is_id(value) -> bool:
    """Whether ``value`` could be the id of a row; any other number names nothing."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= INTEGER_MAX


def in_places(value: Decimal, bounds: Range) -> Decimal:
    """``value`` rounded to the places its column keeps (once :func:`number_problem` passed)."""
    return value.quantize(Decimal(1).scaleb(-bounds.places))


def date_problem(value: date | datetime) -> str | None:
    """A day (or a moment, by its own day) from :data:`FIRST_DAY` to :data:`LAST_DAY`; such a
    moment converts to any zone without leaving the years a datetime can hold."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        return _("Give a date from %(first)s to %(last)s.", first=FIRST_DAY.isoformat(),
                 last=LAST_DAY.isoformat())
    return None
