"""The grant agreements waiting for the secretariat (:mod:`portal.core.waiting`): each approved
proposal whose decision is in force and whose agreement is not recorded yet."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.waiting import MAX_PER_PROVIDER, TaskKind, WaitingTask
from portal.council.models import Decision
from portal.extensions import db
from portal.projects.models import Project
from portal.projects.permissions import may_record_agreement
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus


def agreements_to_record(user, now: datetime) -> list[WaitingTask]:
    """One statement, the decisions that entered into force first coming first."""
    if not may_record_agreement(user):
        return []
    in_force = (select(Decision.proposal_id, Decision.entered_into_force_at)
                .where(Decision.entered_into_force_at.is_not(None)).subquery())
    recorded = select(Project.id).where(Project.proposal_id == Proposal.id)
    rows = db.session.execute(
        select(Proposal.id, Proposal.acronym)
        .join(in_force, in_force.c.proposal_id == Proposal.id)
        .where(Proposal.status == ProposalStatus.APPROVED, ~recorded.exists())
        .order_by(in_force.c.entered_into_force_at, Proposal.id)
        .limit(MAX_PER_PROVIDER))
    found: dict[int, WaitingTask] = {}
    for proposal_id, acronym in rows:
        found.setdefault(proposal_id, WaitingTask(
            TaskKind.RECORD_AGREEMENT,
            _("Record the grant agreement of %(acronym)s", acronym=acronym),
            "proposal", proposal_id, "agreements.agreement_form",
            values={"proposal_id": proposal_id}))
    return list(found.values())
