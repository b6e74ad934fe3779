"""The dashboards' figures: the secretariat's pipeline (proposals per status, per call) and the
council's outcomes (items adopted, rejected or without consensus, per vote session). Each is one
``GROUP BY`` statement over the most recent calls or sessions, and its chart and table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import exists, func, select

from portal.calls.models import Call
from portal.council.labels import OUTCOME_NAMES
from portal.council.models import AgendaItem, VoteSession
from portal.council.tally import Outcome
from portal.extensions import db
from portal.proposals.labels import STATUS_NAMES
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus
from portal.statistics.charts import stacked_bar_chart

#: How many calls and sessions a dashboard shows, the most recent first.
RECENT = 8


@dataclass
class Line:
    """A call's proposals per status, or a session's items per outcome."""

    key: int
    title: str
    counts: dict[str, int] = field(default_factory=dict)
    at: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def pipeline() -> list[Line]:
    """Proposals per status of the :data:`RECENT` calls with proposals, the newest first."""
    recent = (select(Call.id).where(exists().where(Proposal.call_id == Call.id))
              .order_by(Call.opens_at.desc(), Call.id.desc()).limit(RECENT).scalar_subquery())
    lines: dict[int, Line] = {}
    for call_id, title, opens_at, status, number in db.session.execute(
            select(Call.id, Call.title, Call.opens_at, Proposal.status, func.count(Proposal.id))
            .join(Proposal, Proposal.call_id == Call.id).where(Call.id.in_(recent))
            .group_by(Call.id, Call.title, Call.opens_at, Proposal.status)):
        line = lines.setdefault(call_id, Line(call_id, title, at=opens_at))
        line.counts[status] = number
    return sorted(lines.values(), key=lambda line: (line.at, line.key), reverse=True)


def outcomes() -> list[Line]:
    """Items per outcome of the :data:`RECENT` sessions with a counted item, the latest first."""
    recent = (select(VoteSession.id)
              .where(exists().where(AgendaItem.session_id == VoteSession.id,
                                    AgendaItem.outcome.is_not(None)))
              .order_by(VoteSession.closes_at.desc(), VoteSession.id.desc()).limit(RECENT)
              .scalar_subquery())
    lines: dict[int, Line] = {}
    for session_id, title, closes_at, outcome, number in db.session.execute(
            select(VoteSession.id, VoteSession.title, VoteSession.closes_at, AgendaItem.outcome,
                   func.count(AgendaItem.id))
            .join(AgendaItem, AgendaItem.session_id == VoteSession.id)
            .where(VoteSession.id.in_(recent), AgendaItem.outcome.is_not(None))
            .group_by(VoteSession.id, VoteSession.title, VoteSession.closes_at,
                      AgendaItem.outcome)):
        line = lines.setdefault(session_id, Line(session_id, title, at=closes_at))
        line.counts[outcome] = number
    return sorted(lines.values(), key=lambda line: (line.at, line.key), reverse=True)


def status_series() -> list[tuple[str, str]]:
    return [(status.value, str(STATUS_NAMES[status])) for status in ProposalStatus]


def outcome_series() -> list[tuple[str, str]]:
    return [(outcome.value, str(OUTCOME_NAMES[outcome.value])) for outcome in Outcome]


def pipeline_chart(lines: list[Line], locale: str) -> Markup:
    return stacked_bar_chart("chart-pipeline", _("Proposals per status, per call"),
                             status_series(), [(line.title, line.counts) for line in lines],
                             locale)


def outcomes_chart(lines: list[Line], locale: str) -> Markup:
    return stacked_bar_chart("chart-outcomes", _("Council outcomes per vote session"),
                             outcome_series(), [(line.title, line.counts) for line in lines],
                             locale)
