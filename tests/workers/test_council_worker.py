"""The council's tasks in a real worker: a closed meeting is tallied into a decision, a
repeated tally delivery makes no second decision, and the deadline sweep closes a written
procedure and tallies it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.council import services
from portal.council.models import AgendaItem, Decision, SessionStatus, VoteSession
from portal.extensions import db
from portal.proposals.models import Proposal
from tests.council.conftest import STATES, Council, open_session, ready_proposal
from tests.factories import make_user
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def council_ids(portal_app):
    with portal_app.app_context():
        body = Council(secretariat=make_user("secretariat"))
        for state in STATES:
            body.titular[state] = make_user(f"council_member:{state}")
        ids = {"secretariat": body.secretariat.id,
               **{state: user.id for state, user in body.titular.items()}}
        db.session.commit()
    return ids


def _council(ids) -> Council:
    from portal.accounts.models import User

    return Council(secretariat=db.session.get(User, ids["secretariat"]),
                   titular={state: db.session.get(User, ids[state]) for state in STATES})


def _session_with_votes(portal_app, ids, kind: str, choices: dict[str, str]) -> dict:
    with portal_app.app_context():
        council = _council(ids)
        proposal = ready_proposal()
        vote_session = open_session(council, [proposal], kind=kind)
        [item] = vote_session.items
        for state, choice in choices.items():
            services.cast_ballot(item.id, council.titular[state], choice)
        found = {"session": vote_session.id, "item": item.id, "proposal": proposal.id}
        db.session.commit()
    return found


def _state(portal_app, found) -> dict:
    with portal_app.app_context():
        try:
            return {
                "session": db.session.get(VoteSession, found["session"]).status,
                "outcome": db.session.get(AgendaItem, found["item"]).outcome,
                "proposal": db.session.get(Proposal, found["proposal"]).status,
                "decisions": db.session.scalar(select(func.count(Decision.id))
                                               .where(Decision.item_id == found["item"])),
            }
        finally:
            db.session.rollback()


def test_closing_a_meeting_gives_an_outcome_a_decision_and_the_proposal_status(
        portal_app, worker, council_ids):
    found = _session_with_votes(portal_app, council_ids, "meeting",
                                {state: "for" for state in STATES})
    with portal_app.app_context():
        services.close_session(found["session"], _council(council_ids).secretariat)
        db.session.commit()

    wait_until(lambda: _state(portal_app, found)["session"] == SessionStatus.CLOSED, 60,
               what="the tally", log=worker.log_text)

    assert _state(portal_app, found) == {"session": "closed", "outcome": "adopted",
                                         "proposal": "approved", "decisions": 1}


def test_a_repeated_tally_delivery_makes_no_second_decision(portal_app, worker, council_ids):
    found = _session_with_votes(portal_app, council_ids, "meeting", {"KZ": "against"})
    with portal_app.app_context():
        services.close_session(found["session"], _council(council_ids).secretariat)
        db.session.commit()
        send_now("portal.council.tasks.tally_session", found["session"])
        send_now("portal.council.tasks.tally_session", found["session"])

    wait_until(lambda: worker.log_text().count("tally_session[") >= 3 * 2, 60,
               what="three tally deliveries", log=worker.log_text)
    wait_until(lambda: _state(portal_app, found)["session"] == SessionStatus.CLOSED, 60,
               what="the tally", log=worker.log_text)

    assert _state(portal_app, found) == {"session": "closed", "outcome": "no_consensus",
                                         "proposal": "no_consensus", "decisions": 1}


def test_the_deadline_sweep_closes_a_written_procedure(portal_app, worker, council_ids):
    found = _session_with_votes(portal_app, council_ids, "written",
                                {state: "for" for state in STATES})
    with portal_app.app_context():
        now = utcnow()
        db.session.execute(update(VoteSession).where(VoteSession.id == found["session"])
                           .values(opens_at=now - timedelta(hours=2),
                                   closes_at=now - timedelta(minutes=1)))
        db.session.commit()
        send_now("portal.council.tasks.close_due_sessions")

    wait_until(lambda: _state(portal_app, found)["session"] == SessionStatus.CLOSED, 60,
               what="the deadline sweep and the tally", log=worker.log_text)

    assert _state(portal_app, found)["outcome"] == "adopted"
    assert _state(portal_app, found)["decisions"] == 1
