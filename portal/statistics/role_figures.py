"""The figures of the other roles' dashboards, each from one statement and drawn beside a table
of the same figures: a national contact point's organisations and clusters per moderation
status, a co-funder's envelopes (committed and remaining, per call) and an expert's
assignments per status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import joinedload

from portal.calls.committed import committed_of
from portal.calls.models import CallEnvelope
from portal.extensions import db
from portal.reference.queries import state_name
from portal.registry.labels import STATUS_NAMES as PROFILE_STATUS_NAMES
from portal.registry.models import Cluster, Organisation, ProfileStatus
from portal.review.labels import ASSIGNMENT_STATUS_NAMES
from portal.review.models import Assignment, AssignmentStatus
from portal.statistics.charts import bar_chart, stacked_bar_chart
from portal.statistics.pipeline import RECENT, Line

ORGANISATIONS, CLUSTERS = 0, 1


def profiles(states: Iterable[str]) -> list[Line]:
    """The organisations, then the clusters, of each of ``states`` (in their order) per
    moderation status; a cluster counts for the state it is coordinated from."""
    states = sorted(set(states))
    if not states:
        return []
    rows = union_all(
        select(literal(ORGANISATIONS).label("kind"), Organisation.state_code.label("state"),
               Organisation.status.label("status"), func.count(Organisation.id).label("number"))
        .where(Organisation.state_code.in_(states))
        .group_by(Organisation.state_code, Organisation.status),
        select(literal(CLUSTERS), Cluster.state_code, Cluster.status, func.count(Cluster.id))
        .where(Cluster.state_code.in_(states)).group_by(Cluster.state_code, Cluster.status))
    lines = {(kind, state): Line(index, _profile_title(kind, state))
             for index, (state, kind) in enumerate(
                 (state, kind) for state in states for kind in (ORGANISATIONS, CLUSTERS))}
    for kind, state, status, number in db.session.execute(select(rows.subquery())):
        lines[(kind, state)].counts[status] = number
    return list(lines.values())


def _profile_title(kind: int, state: str) -> str:
    if kind == ORGANISATIONS:
        return _("Organisations of %(state)s", state=state_name(state))
    return _("Clusters of %(state)s", state=state_name(state))


def profile_series() -> list[tuple[str, str]]:
    return [(status.value, str(PROFILE_STATUS_NAMES[status])) for status in ProfileStatus]


def profiles_chart(lines: list[Line], locale: str) -> Markup:
    return stacked_bar_chart("chart-profiles", _("Organisations and clusters per moderation status"),
                             profile_series(), [(line.title, line.counts) for line in lines],
                             locale)


@dataclass(frozen=True)
class Envelope:
    """One national envelope a co-funder holds: what adopted decisions commit from it and what
    remains, in the envelope's currency (``remaining`` is below zero when it is overdrawn)."""

    call_id: int
    title: str
    language: str
    state: str
    currency: str
    amount: Decimal
    committed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed


def envelopes(organisation_ids: Iterable[int]) -> list[Envelope]:
    """The envelopes of the :data:`RECENT` newest calls the organisations co-fund, the newest
    call first: two statements (the envelopes, and what the calls' decisions commit)."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return []
    found = list(db.session.scalars(
        select(CallEnvelope).options(joinedload(CallEnvelope.call))
        .where(CallEnvelope.co_funder_organisation_id.in_(ids))
        .order_by(CallEnvelope.call_id.desc(), CallEnvelope.state_code).limit(RECENT)))
    committed = committed_of(envelope.call_id for envelope in found)
    return [Envelope(envelope.call_id, envelope.call.title, envelope.call.language,
                     envelope.state_code, envelope.currency, envelope.amount,
                     committed.get(envelope.call_id, {}).get(envelope.state_code, Decimal(0)))
            for envelope in found]


def envelope_series() -> list[tuple[str, str]]:
    return [("committed", _("Committed")), ("remaining", _("Remaining"))]


def envelope_charts(rows: list[Envelope], locale: str) -> list[tuple[str, Markup]]:
    """One chart per currency (amounts in two currencies share no scale): each envelope a bar,
    its committed part and what remains, its total the envelope; whole units of the currency."""
    charts = []
    for currency in sorted({row.currency for row in rows}):
        bars = [(row.title, {"committed": max(row.committed, Decimal(0)),
                             "remaining": max(row.remaining, Decimal(0))})
                for row in rows if row.currency == currency]
        charts.append((currency, stacked_bar_chart(
            f"chart-envelopes-{currency.lower()}",
            _("My national envelopes, per call, in %(currency)s", currency=currency),
            envelope_series(), bars, locale)))
    return charts


def assignments(expert_id: int) -> list[tuple[str, int]]:
    """The expert's assignments per status, in the order of the workflow, the statuses they
    have only."""
    counts = dict(db.session.execute(
        select(Assignment.status, func.count(Assignment.id))
        .where(Assignment.expert_id == expert_id).group_by(Assignment.status)).all())
    return [(status.value, counts[status.value]) for status in AssignmentStatus
            if counts.get(status.value)]


def assignments_chart(rows: list[tuple[str, int]], locale: str) -> Markup:
    return bar_chart("chart-assignments", _("My assignments per status"),
                     [(str(ASSIGNMENT_STATUS_NAMES[status]), number) for status, number in rows],
                     locale)
