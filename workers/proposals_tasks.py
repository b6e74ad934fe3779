"""The proposal tasks: the eligibility check of a submission, and the reminders to partners
that have not confirmed or been endorsed. Thin and idempotent: load by id, return early when
the state no longer calls for the work, call a service, commit once."""

from __future__ import annotations

from celery import shared_task

from portal.core.jobs import TaskName
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.requests import send_partner_reminders
from portal.proposals.screening import screen_proposal
from workers.tasks import RELIABLE


@shared_task(name=str(TaskName.CHECK_ELIGIBILITY), time_limit=120, soft_time_limit=100,
             **RELIABLE)
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


@shared_task(name=str(TaskName.PARTNER_REMINDERS), time_limit=600, soft_time_limit=540,
             **RELIABLE)
def remind_partners() -> int:
    """Chase the partners of drafts that have not confirmed or been endorsed."""
    sent = send_partner_reminders()
    db.session.commit()
    return sent
