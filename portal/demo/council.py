"""The demo's open vote session: a written procedure, open for two weeks, with every proposal
the demo brought to ``ready_for_council``, so that a newcomer can vote with the demo council
logins. Runs after the demo proposals; makes nothing when there is none, or when it exists."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from portal.accounts import services as accounts
from portal.core.db import utcnow
from portal.council import services as council
from portal.council.models import VoteSession
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus

DEMO_SESSION_TITLE = "Письменная процедура совета (demo)"


def load_council(secretariat_email: str, created: Counter) -> None:
    if db.session.scalar(select(VoteSession.id).where(VoteSession.title == DEMO_SESSION_TITLE)):
        return
    ready = list(db.session.scalars(select(Proposal.id).where(
        Proposal.status == ProposalStatus.READY_FOR_COUNCIL).order_by(Proposal.id)))
    secretariat = accounts.user_by_email(secretariat_email)
    if not ready or secretariat is None:
        return
    now = utcnow()
    council.create_vote_session({
        "title": DEMO_SESSION_TITLE, "kind": "written", "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=14), "seats_per_state": 1,
        "items": [{"proposal_id": proposal_id} for proposal_id in ready]}, secretariat)
    created["vote sessions created"] += 1
