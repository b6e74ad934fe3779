"""How long ads and expressions of interest last: pure date arithmetic."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

#: An ad runs for this many months, and a renewal adds as many from the day of renewal.
AD_TERM_MONTHS = 12
#: Reminders of an ad's expiry, by the number of days left when each is due.
REMINDER_DAYS = {"30_days": 30, "7_days": 7}


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later, or the month's last day when it is shorter (31 January
    plus one month is 28 or 29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def ad_expiry(start: datetime) -> datetime:
    return add_months(start, AD_TERM_MONTHS)


def reminder_due(expires_at: datetime, now: datetime) -> str | None:
    """The most urgent reminder due for an ad expiring at ``expires_at``, or None: an ad posted
    with eight days left gets only the 30-day reminder now and the 7-day one a day later."""
    left = expires_at - now
    if left <= timedelta(0):
        return None
    due = [kind for kind, days in REMINDER_DAYS.items() if left <= timedelta(days=days)]
    return min(due, key=REMINDER_DAYS.get) if due else None
