"""Reports of a built project written row by row (the report services are the reporting
side's): a period's report in a given status, with indicator values and milestones reached."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.core.db import utcnow
from portal.extensions import db
from portal.projects.models import IndicatorValue, MilestoneReached, Report


def add_report(project, number: int, status: str = "accepted", values: dict | None = None,
               summary: str = "", milestones: dict | None = None) -> Report:
    """The report of period ``number`` in ``status``; ``values`` maps indicator ids to
    cumulative values, ``milestones`` milestone ids to the day they were reached."""
    period = next(p for p in project.periods if p.number == number)
    now = utcnow()
    report = Report(
        period_id=period.id, project_id=project.id, status=status, summary=summary,
        narrative="Internal.", created_by_id=project.created_by_id,
        submitted_at=now if status in ("submitted", "accepted") else None,
        assessed_at=now if status in ("accepted", "returned") else None,
        values=[IndicatorValue(indicator_id=indicator_id, value=Decimal(str(value)))
                for indicator_id, value in (values or {}).items()],
        milestones=[MilestoneReached(milestone_id=milestone_id, reached_on=reached_on,
                                     deliverable="Delivered.")
                    for milestone_id, reached_on in (milestones or {}).items()])
    db.session.add(report)
    db.session.flush()
    return report


def signed_days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)
