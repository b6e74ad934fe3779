"""The proposal tasks: the eligibility check of a submission, the reminders to partners that
have not confirmed or been endorsed, and the reconciliation that re-sends a lost worker step.
Thin and idempotent: load by id, return early when the state no longer calls for the work, call
a service, commit once."""

from __future__ import annotations

from datetime import timedelta

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.proposals import notices
from portal.proposals.models import Proposal
from portal.proposals.requests import send_partner_reminders
from portal.proposals.screening import screen_proposal
from portal.proposals.transitions import waiting_for_worker


@portal_task(time_limit=120, soft_time_limit=100)
def check_eligibility(proposal_id: int) -> str:
    """Screen a submitted proposal (DESIGN 4.4); a proposal no longer ``submitted`` (already
    screened, withdrawn) is left alone, so a repeated delivery changes nothing."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        return "missing"
    passed = screen_proposal(proposal)
    if passed is None:
        db.session.rollback()
        return "skipped"
    db.session.commit()
    return "eligible" if passed else "ineligible"


@portal_task(time_limit=600, soft_time_limit=540)
def remind_partners() -> int:
    """Chase the partners of drafts that have not confirmed or been endorsed."""
    sent = send_partner_reminders()
    db.session.commit()
    return sent


#: How long a proposal may wait in a status the worker must act on before its task is sent again.
RECONCILE_AFTER = timedelta(minutes=10)


@portal_task
def reconcile() -> int:
    """Send again the worker step of every proposal that has waited too long for it (DESIGN
    4.9: the state is recorded first, so a lost message delays the work but never loses it)."""
    owed = waiting_for_worker(utcnow() - RECONCILE_AFTER)
    db.session.rollback()
    for name, proposal_id in owed:
        send_now(name, proposal_id)
    return len(owed)


@portal_task(time_limit=300, soft_time_limit=240)
def tell_returned() -> int:
    """Every ten minutes: the applicants of a proposal returned to them are told, each once."""
    sent = notices.tell_returned(utcnow())
    db.session.commit()
    return sent
