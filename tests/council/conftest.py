"""A council of the five member states (a titular and an alternate each), the secretariat, and
proposals brought to ``ready_for_council``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import update

from portal.core.db import utcnow
from portal.council import services
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from tests.factories import make_call, make_proposal, make_user

STATES = ("AM", "BY", "KG", "KZ", "RU")


@dataclass
class Council:
    secretariat: object
    titular: dict = field(default_factory=dict)
    alternate: dict = field(default_factory=dict)


@pytest.fixture
def council(session) -> Council:
    body = Council(secretariat=make_user("secretariat"))
    for state in STATES:
        body.titular[state] = make_user(f"council_member:{state}")
        body.alternate[state] = make_user(f"council_alternate:{state}")
    return body


def ready_proposal(call=None) -> Proposal:
    """A proposal walked to ``ready_for_council``: submitted by its applicant through the
    workflow; the review steps (written in parallel) are stood in for by setting the status
    column directly, which only a test fixture may do."""
    proposal = make_proposal(call=call)
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    for action in (Action.MARK_ELIGIBLE, Action.START_REVIEW):
        apply_transition(proposal, action, None)
    # Test fixture only: consolidation and the locked consensus report belong to the review
    # feature, so the proposal is moved past them by writing the status column.
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(status=ProposalStatus.READY_FOR_COUNCIL))
    db.session.refresh(proposal)
    return proposal


def open_session(council: Council, proposals, *, rule_sensitive=(), kind="meeting",
                 seats_per_state=1, closes_in=timedelta(days=2)):
    now = utcnow()
    values = {"title": "Council meeting", "kind": kind, "opens_at": now - timedelta(hours=1),
              "closes_at": now + closes_in, "seats_per_state": seats_per_state,
              "items": [{"proposal_id": p.id, "sensitive": p.id in rule_sensitive}
                        for p in proposals]}
    return services.create_vote_session(values, council.secretariat)


@pytest.fixture
def qm_call(session):
    return make_call(decision_rule="qualified_majority")
