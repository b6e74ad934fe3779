"""Accountability (DESIGN 4.8): an indicator's progress, the straight line it is expected to
follow, and when a project is "at risk". Pure functions of numbers and dates.

Progress is ``(value − baseline) / (target − baseline)``: 0 at the baseline, 1 at the target
(more than 1 beyond it, negative when the value moved away from it). The expected progress on a
day is the share of the project's duration elapsed by then. An indicator is **behind** when,
at the end of the last period with an accepted value, its progress falls short of the expected
progress by more than :data:`AT_RISK_MARGIN`; a project is **at risk** when one of its
indicators is behind or one of its reports is overdue (not submitted by its due moment, or
returned and not submitted again by then).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

#: How far (as a share of the way from baseline to target) an indicator may trail the straight
#: line before its project is at risk: a quarter of the way.
AT_RISK_MARGIN = Decimal("0.25")


def progress(value: Decimal | None, baseline: Decimal | None,
             target: Decimal | None) -> Decimal | None:
    """The share of the way from baseline to target that ``value`` has come, or ``None`` when
    it cannot be told (no value, no target, or a target equal to the baseline)."""
    if value is None or target is None:
        return None
    start = baseline if baseline is not None else Decimal(0)
    if target == start:
        return None
    return (Decimal(value) - start) / (Decimal(target) - start)


def expected_progress(starts_on: date, ends_on: date, on: date) -> Decimal:
    """The share of the project's days elapsed at the end of ``on``, between 0 and 1."""
    total = (ends_on - starts_on).days + 1
    elapsed = (on - starts_on).days + 1
    return min(max(Decimal(elapsed) / Decimal(total), Decimal(0)), Decimal(1))


def is_behind(actual: Decimal | None, expected: Decimal,
              margin: Decimal = AT_RISK_MARGIN) -> bool:
    """Whether an indicator trails the straight line by more than ``margin``; an indicator
    whose progress cannot be told is not behind."""
    return actual is not None and actual < expected - margin
