"""The worker's part in the review (DESIGN 4.5): assigning experts to an eligible proposal,
replacing an expert who left, moving a proposal to consolidation, and the hourly sweep of
reminders and overdue assignments. Each task loads by id, returns early when the state no
longer calls for it (a repeated delivery changes nothing), calls a service and commits once."""

from __future__ import annotations

import logging

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.review import panels, sweeps

log = logging.getLogger(__name__)
TIME_LIMIT = 120


@portal_task(time_limit=TIME_LIMIT, soft_time_limit=TIME_LIMIT - 20)
def assign_experts(proposal_id: int) -> str:
    """An eligible proposal gets the call's number of experts and goes into review."""
    filled = panels.assign_experts(proposal_id)
    if filled is None:
        db.session.rollback()
        return "nothing to do"
    db.session.commit()
    if filled.shortfall:
        log.warning("proposal %s is %d experts short", proposal_id, filled.shortfall)
    return f"assigned {len(filled.new)}"


@portal_task(time_limit=TIME_LIMIT, soft_time_limit=TIME_LIMIT - 20)
def replace_expert(assignment_id: int) -> str:
    """Fill the seat of an expert who declined, declared a conflict or was overdue."""
    filled = panels.replace_expert(assignment_id)
    if filled is None:
        db.session.rollback()
        return "nothing to do"
    db.session.commit()
    return f"assigned {len(filled.new)}"


@portal_task(time_limit=TIME_LIMIT, soft_time_limit=TIME_LIMIT - 20)
def consolidate_reviews(proposal_id: int) -> str:
    """Move a proposal whose reviews are in to consolidation."""
    moved = panels.consolidate_reviews(proposal_id)
    db.session.commit()
    return "consolidation" if moved else "nothing to do"


@portal_task(time_limit=600, soft_time_limit=540)
def send_reminders() -> int:
    """Hourly: reminders 7 and 2 days before the due date and 1 day after, each once; overdue
    assignments 3 days after, replaced; panels left short are topped up or consolidated."""
    now = utcnow()
    sent = sweeps.send_reminders(now)
    sweeps.mark_overdue(now)
    db.session.commit()
    short = sweeps.short_panels()
    db.session.rollback()
    for proposal_id in short:
        send_now(consolidate_reviews, proposal_id)
    return sent
