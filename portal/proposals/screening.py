"""The worker's eligibility check of a submitted proposal (DESIGN 4.4): every reason stored,
the status moved through the table by the worker, the applicant told in their language."""

from __future__ import annotations

from datetime import datetime

from portal.accounts.models import User
from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.proposals import facts
from portal.proposals.eligibility import Reason
from portal.proposals.models import Proposal
from portal.proposals.requests import proposal_link
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus


def screen_proposal(proposal: Proposal, now: datetime | None = None) -> bool | None:
    """Check a submitted proposal; ``None`` when it is no longer waiting for the check."""
    if proposal.status != ProposalStatus.SUBMITTED:
        return None
    now = now or utcnow()
    reasons = facts.check(proposal, proposal.submitted_at or now)
    proposal.eligibility_passed = not reasons
    proposal.eligibility_reasons = [reason.as_dict() for reason in reasons]
    proposal.eligibility_checked_at = now
    apply_transition(proposal, Action.MARK_INELIGIBLE if reasons else Action.MARK_ELIGIBLE,
                     None, now=now)
    applicant = db.session.get(User, proposal.created_by_id)
    if applicant is not None and applicant.is_active:
        mail_user(applicant, "proposal_eligibility", proposal=proposal,
                  reasons=[Reason.from_dict(r) for r in proposal.eligibility_reasons],
                  link=proposal_link(proposal))
    return proposal.eligibility_passed
