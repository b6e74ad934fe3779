"""The joint R&D's IP indicators of funded projects (DESIGN 4.10): patent applications filed and
licences granted on the project's results. Each report gives them as totals so far, like the
indicators, so a project's count is the one its latest accepted report states (a report that
leaves a count empty keeps the earlier one)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from portal.extensions import db
from portal.projects.models import Report, ReportingPeriod, ReportStatus


@dataclass(frozen=True)
class IpCounts:
    #: ``None`` while no accepted report states the count.
    patents_filed: int | None = None
    licences_granted: int | None = None


def latest_ip_counts(project_ids: list[int] | Select) -> dict[int, IpCounts]:
    """Each project's counts from its accepted reports, in one statement; a project none of
    whose accepted reports states a count is left out."""
    rows = db.session.execute(
        select(Report.project_id, Report.patents_filed, Report.licences_granted)
        .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
        .where(Report.project_id.in_(project_ids), Report.status == ReportStatus.ACCEPTED,
               (Report.patents_filed.is_not(None)) | (Report.licences_granted.is_not(None)))
        .order_by(Report.project_id, ReportingPeriod.number))
    counts: dict[int, IpCounts] = {}
    for project_id, patents, licences in rows:
        before = counts.get(project_id, IpCounts())
        counts[project_id] = IpCounts(
            before.patents_filed if patents is None else patents,
            before.licences_granted if licences is None else licences)
    return counts


def total_ip_counts(project_ids: list[int] | Select) -> IpCounts:
    """The sums over the projects of their latest accepted counts (0 where none is stated)."""
    counts = latest_ip_counts(project_ids).values()
    return IpCounts(sum(c.patents_filed or 0 for c in counts),
                    sum(c.licences_granted or 0 for c in counts))
