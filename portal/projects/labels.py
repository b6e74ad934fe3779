"""The words of funded projects on pages: a report's status, what a partner or the secretariat
may do with a period's report, and the budget categories of spending (the proposals' own)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.projects.models import ReportStatus
from portal.proposals.labels import CATEGORY_NAMES

REPORT_STATUS_NAMES = {
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.SUBMITTED: _l("Submitted, awaiting assessment"),
    ReportStatus.ACCEPTED: _l("Accepted"),
    ReportStatus.RETURNED: _l("Returned for changes"),
}

#: The state of a period without a report.
NO_REPORT = _l("Not started")
NOT_YET_OPEN = _l("Opens when the period begins")

#: What the workspace offers for a period's report, by the key the view computes.
REPORT_ACTION_NAMES = {
    "write": _l("Write the report"),
    "continue": _l("Continue the report"),
    "submit": _l("Check and submit"),
    "assess": _l("Assess the report"),
    "read": _l("Read the report"),
}

OUTCOME_NAMES = {
    ReportStatus.ACCEPTED: _l("Accepted"),
    ReportStatus.RETURNED: _l("Returned"),
}


def report_status_name(status: str | None) -> str:
    return str(REPORT_STATUS_NAMES.get(status, NO_REPORT)) if status else str(NO_REPORT)


def report_action_name(action: str) -> str:
    return str(REPORT_ACTION_NAMES.get(action, action))


def outcome_name(outcome: str | None) -> str:
    return str(OUTCOME_NAMES.get(outcome, "")) if outcome else ""


def category_name(category: str) -> str:
    return str(CATEGORY_NAMES.get(category, category))
