"""The words of the public project pages, the API and the dashboards: a share as a percentage
and why a project is at risk, in the reader's language (a report's status is named in
:mod:`portal.projects.labels`)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from portal.core import numbers
from portal.core.timezones import format_moment
from portal.projects.models import ReportStatus
from portal.projects.risk import RiskCode, RiskReason


def percent(share: Decimal | None) -> str:
    """A share as a percentage in the reader's language (``0.5`` is "50 %")."""
    return numbers.percent(share, places=1)


def describe_risk(reason: RiskReason) -> str:
    """Why the project is at risk, in a sentence."""
    if reason.code == RiskCode.INDICATOR_BEHIND:
        return _("“%(indicator)s” is behind: %(progress)s of the way to its target at the end "
                 "of period %(period)d, where %(expected)s was expected.",
                 indicator=reason.indicator_name, progress=percent(reason.progress),
                 expected=percent(reason.expected), period=reason.period_number)
    due = format_moment(reason.due_at)
    if reason.report_status == ReportStatus.RETURNED:
        return _("The report for period %(period)d was returned and not submitted again by "
                 "its due time, %(due)s.", period=reason.period_number, due=due)
    return _("The report for period %(period)d was due by %(due)s and has not been submitted.",
             period=reason.period_number, due=due)

