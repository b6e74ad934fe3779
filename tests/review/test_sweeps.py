"""The review sweep: reminders 7 and 2 days before the due date and 1 day after, each once; three
days after it the assignment is overdue, the secretariat is told and a replacement queued."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals.workflow import ProposalStatus
from portal.review import panels, services, sweeps
from portal.review.models import Assignment, AssignmentStatus
from tests.factories import make_user
from tests.review.support import eligible_proposal, make_panel_pool

DUE = datetime(2026, 12, 31, 12, tzinfo=UTC)
COMMENTS = {"excellence": "Strong.", "impact": "Clear.", "implementation": "Feasible."}
SCORES = {"excellence": 4, "impact": 4, "implementation": 4}


@pytest.fixture(autouse=True)
def english(session):
    with force_locale("en"):
        yield


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "enqueue", lambda name, *args: calls.append((name, *args)))
    monkeypatch.setattr(sweeps, "enqueue", lambda name, *args: calls.append((name, *args)))
    return calls


@pytest.mark.parametrize(("now", "kind"), [
    (DUE - timedelta(days=8), None),
    (DUE - timedelta(days=7), "7_days_before"),
    (DUE - timedelta(days=2, seconds=1), "7_days_before"),
    (DUE - timedelta(days=2), "2_days_before"),
    (DUE + timedelta(hours=23), "2_days_before"),
    (DUE + timedelta(days=1), "1_day_after"),
    (DUE + timedelta(days=3), None),
])
def test_the_reminder_due_at_each_moment(now, kind):
    assert sweeps.reminder_due(DUE, now) == kind


def _review():
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    return proposal, list(db.session.scalars(select(Assignment).where(
        Assignment.proposal_id == proposal.id).order_by(Assignment.id)))


def test_each_reminder_is_sent_once(session, queued):
    _proposal, assignments = _review()
    due = assignments[0].due_at
    assert sweeps.send_reminders(due - timedelta(days=6)) == 3
    assert sweeps.send_reminders(due - timedelta(days=5)) == 0
    assert sweeps.send_reminders(due - timedelta(days=1)) == 3
    assert sweeps.send_reminders(due + timedelta(days=1, hours=1)) == 3
    assert sweeps.send_reminders(due + timedelta(days=2)) == 0
    subjects = [m.subject for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == assignments[0].expert.email))]
    assert sum("due soon" in s for s in subjects) == 2 and sum("is late" in s for s in subjects) == 1


def test_three_days_late_the_assignment_is_overdue_told_and_replaced(session, queued):
    staff = make_user("secretariat")
    proposal, assignments = _review()
    for assignment in assignments[:2]:
        services.accept_assignment(assignment.id, assignment.expert, True)
        services.submit_review(assignment.id, assignment.expert, SCORES, COMMENTS, "fund")
    late = assignments[2]
    assert sweeps.mark_overdue(late.due_at + timedelta(days=3)) == 1
    assert sweeps.mark_overdue(late.due_at + timedelta(days=3)) == 0
    db.session.refresh(late)
    assert late.status == AssignmentStatus.OVERDUE
    assert ("portal.review.tasks.replace_expert", late.id) in queued
    assert any("overdue" in m.subject for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == staff.email)))
    # the replacement is asked; when they too run out of time and nobody is left, the two
    # reviews in go to consolidation
    while (filled := panels.replace_expert(late.id)) and filled.new:
        late = filled.new[0]
        sweeps.mark_overdue(late.due_at + timedelta(days=3))
    assert proposal.status == ProposalStatus.CONSOLIDATION
