"""The reporting schedule and the progress rules (pure functions)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.projects import progress, schedule


def test_a_month_later_is_the_last_day_of_a_shorter_month():
    assert schedule.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert schedule.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_the_work_starts_the_day_after_signing_and_lasts_the_duration():
    assert schedule.project_dates(date(2026, 1, 31), 24) == (date(2026, 2, 1), date(2028, 1, 31))


def test_periods_cover_the_project_and_the_last_is_the_final_report():
    periods = schedule.periods(date(2026, 3, 2), date(2026, 10, 1), 6)

    assert [(p.starts_on, p.ends_on, p.final) for p in periods] == [
        (date(2026, 3, 2), date(2026, 9, 1), False),
        (date(2026, 9, 2), date(2026, 10, 1), True)]
    assert periods[0].due_on == date(2026, 10, 1)
    assert periods[1].due_on == date(2026, 11, 30)


def test_a_period_shorter_than_a_month_is_refused():
    with pytest.raises(ValueError):
        schedule.periods(date(2026, 1, 1), date(2026, 12, 31), 0)


def test_a_report_is_due_by_the_end_of_its_day_in_the_calls_zone():
    assert schedule.due_moment(date(2026, 7, 1), "Asia/Almaty") == datetime(2026, 7, 1, 19,
                                                                              tzinfo=UTC)


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    assert progress.progress(Decimal(5), Decimal(0), Decimal(10)) == Decimal("0.5")
    assert progress.progress(Decimal(80), Decimal(100), Decimal(60)) == Decimal("0.5")
    assert progress.progress(None, Decimal(0), Decimal(10)) is None
    assert progress.progress(Decimal(3), Decimal(3), Decimal(3)) is None


def test_an_indicator_is_behind_only_beyond_the_margin():
    expected = progress.expected_progress(date(2026, 1, 1), date(2026, 12, 31),
                                          date(2026, 7, 1))
    assert Decimal("0.49") < expected < Decimal("0.51")
    assert not progress.is_behind(Decimal("0.3"), expected)
    assert progress.is_behind(Decimal("0.2"), expected)
    assert not progress.is_behind(None, expected)
