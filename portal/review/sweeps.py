"""The hourly sweep of the review (DESIGN 4.5): reminders 7 and 2 days before an assignment's
due date and 1 day after; 3 days after it the assignment is marked ``overdue``, the secretariat
is told and the worker asks a replacement.

Safe to run twice, or in two workers at once: a reminder is recorded in ``review_reminder`` with
``INSERT … ON CONFLICT DO NOTHING`` and mailed only by the run whose insert took; an assignment
becomes overdue by an ``UPDATE`` that only the first run finds still open.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from portal.calls.models import Call
from portal.core import audit
from portal.core.jobs import enqueue
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus
from portal.review.models import (
    ACTIVE_ASSIGNMENT,
    OPEN_ASSIGNMENT,
    Assignment,
    AssignmentStatus,
    ReviewReminder,
    ReviewReminderKind,
)
from portal.review.panels import tell_secretariat
from portal.review.services import assignment_link, report_link

K = ReviewReminderKind
#: Each reminder is due from (due_at + offset) until the next step.
STEPS = ((timedelta(days=-7), K.DAYS_7_BEFORE), (timedelta(days=-2), K.DAYS_2_BEFORE),
         (timedelta(days=1), K.DAY_1_AFTER))
OVERDUE_AFTER = timedelta(days=3)
DAYS = {K.DAYS_7_BEFORE: 7, K.DAYS_2_BEFORE: 2, K.DAY_1_AFTER: 1}


def reminder_due(due_at: datetime, now: datetime) -> ReviewReminderKind | None:
    """The reminder whose time has come for an assignment due at ``due_at``, if any."""
    if now >= due_at + OVERDUE_AFTER:
        return None
    kind = None
    for offset, step in STEPS:
        if now >= due_at + offset:
            kind = step
    return kind


def _record_reminder(assignment_id: int, kind: str, now: datetime) -> bool:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = db.session.execute(
        insert(ReviewReminder.__table__).values(assignment_id=assignment_id, kind=kind, sent_at=now)
        .on_conflict_do_nothing(index_elements=["assignment_id", "kind"])
        .returning(ReviewReminder.__table__.c.id))
    return inserted.first() is not None


def _open_assignments(until: datetime):
    return db.session.scalars(
        select(Assignment).join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(Assignment.status.in_(OPEN_ASSIGNMENT), Assignment.due_at <= until,
               Proposal.status == ProposalStatus.IN_REVIEW)
        .order_by(Assignment.due_at, Assignment.id))


def send_reminders(now: datetime) -> int:
    """Remind each expert with an open assignment 7 and 2 days before its due date and 1 day
    after, each reminder once."""
    sent = 0
    for assignment in list(_open_assignments(now + timedelta(days=7))):
        kind = reminder_due(assignment.due_at, now)
        if kind is None or not _record_reminder(assignment.id, kind, now):
            continue
        if assignment.expert.is_active:
            proposal = db.session.get(Proposal, assignment.proposal_id)
            mail_user(assignment.expert, "review_reminder", proposal=proposal,
                      assignment=assignment, days=DAYS[kind], late=kind == K.DAY_1_AFTER,
                      link=assignment_link(assignment))
        audit.record("assignment.remind", audit.WORKER_ACTOR, f"assignment:{assignment.id}",
                     reminder=str(kind))
        sent += 1
    db.session.flush()
    return sent


def mark_overdue(now: datetime) -> int:
    """Mark open assignments 3 days past due ``overdue``, tell the secretariat, and queue the
    replacement of each."""
    marked = 0
    for assignment in list(_open_assignments(now - OVERDUE_AFTER)):
        changed = db.session.execute(
            update(Assignment).where(Assignment.id == assignment.id,
                                     Assignment.status.in_(OPEN_ASSIGNMENT))
            .values(status=AssignmentStatus.OVERDUE, rapporteur=False)
            .execution_options(synchronize_session=False))
        if changed.rowcount != 1:
            continue
        db.session.refresh(assignment)
        proposal = db.session.get(Proposal, assignment.proposal_id)
        audit.record("assignment.overdue", audit.WORKER_ACTOR, f"assignment:{assignment.id}",
                     proposal=f"proposal:{proposal.id}")
        tell_secretariat("review_overdue", proposal=proposal, assignment=assignment,
                          expert=assignment.expert, link=report_link(proposal))
        enqueue("portal.review.tasks.replace_expert", assignment.id)
        marked += 1
    db.session.flush()
    return marked


def short_panels() -> list[int]:
    """Proposals in review with nobody left to answer but fewer experts than the call asks:
    their consolidation task tops the panel up, or moves them on when nobody is left to ask."""
    active = func.count(Assignment.id).filter(Assignment.status.in_(ACTIVE_ASSIGNMENT))
    waiting = func.count(Assignment.id).filter(Assignment.status.in_(OPEN_ASSIGNMENT))
    rows = db.session.execute(
        select(Proposal.id, Proposal.call_id, active, waiting)
        .outerjoin(Assignment, Assignment.proposal_id == Proposal.id)
        .where(Proposal.status == ProposalStatus.IN_REVIEW)
        .group_by(Proposal.id, Proposal.call_id).order_by(Proposal.id)).all()
    wanted = dict(db.session.execute(select(Call.id, Call.experts_per_proposal)).all())
    return [pid for pid, call_id, seated, open_ in rows
            if not open_ and seated < wanted.get(call_id, 0)]
