"""The council's notices: a session opened, a written procedure about to close without a
state's ballot, a request for reconsideration, a decision in force. Each goes to the right
people, in their language, once, however often the sweep runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.accounts.models import RoleAssignment
from portal.core.db import utcnow
from portal.council import decisions, notices, services
from portal.council.models import Decision
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.registry.models import Organisation
from tests.council.conftest import STATES, open_session, ready_proposal
from tests.factories import make_user


def _told(template: str) -> dict[int, OutboxMessage]:
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template))
    found: dict[int, OutboxMessage] = {}
    for message in messages:
        assert message.user_id not in found, f"{template} sent twice to user {message.user_id}"
        found[message.user_id] = message
    return found


def _council_ids(council) -> set[int]:
    return {user.id for user in (*council.titular.values(), *council.alternate.values())}


def test_every_council_member_and_alternate_is_told_once_when_a_session_opens(council):
    russian = make_user("council_alternate:KZ", language="ru")
    session = open_session(council, [ready_proposal()])
    now = utcnow()
    sent = notices.tell_sessions_opened(now)
    assert notices.tell_sessions_opened(now) == 0
    assert notices.send_notices(now + timedelta(minutes=10)) == 0
    told = _told("council_session_opened")
    assert set(told) == _council_ids(council) | {russian.id} and sent == len(told)
    assert council.secretariat.id not in told
    assert session.title in told[council.titular["RU"].id].subject
    assert told[russian.id].language == "ru" and "Здравствуйте" in told[russian.id].body
    assert told[council.titular["RU"].id].language == "en"
    assert "Hello," in told[council.titular["RU"].id].body


def test_a_session_that_opens_later_is_told_of_when_it_opens(council):
    now = utcnow()
    services.create_vote_session(
        {"title": "Next week", "kind": "meeting", "opens_at": now + timedelta(days=7),
         "closes_at": now + timedelta(days=8), "items": [{"proposal_id": ready_proposal().id}]},
        council.secretariat)
    assert notices.tell_sessions_opened(now) == 0
    assert notices.tell_sessions_opened(now + timedelta(days=7, minutes=1)) == len(
        _council_ids(council))


def _written(council, closes_in, proposals=None):
    return open_session(council, proposals or [ready_proposal(), ready_proposal()],
                        kind="written", closes_in=closes_in)


def test_the_states_without_a_ballot_are_reminded_once_before_a_written_procedure_closes(council):
    russian = make_user("council_member:KG", language="ru")
    session = _written(council, timedelta(hours=30))
    for item in session.items:
        services.cast_ballot(item.id, council.titular["RU"], "for")
    services.cast_ballot(session.items[0].id, council.titular["KZ"], "for")
    now = utcnow()
    sent = notices.remind_closing_procedures(now)
    assert notices.remind_closing_procedures(now) == 0
    told = _told("council_procedure_closing")
    expected = {council.titular[s].id for s in STATES if s != "RU"}
    expected |= {council.alternate[s].id for s in STATES if s != "RU"} | {russian.id}
    assert set(told) == expected and sent == len(expected)
    assert council.titular["RU"].id not in told and council.alternate["RU"].id not in told
    assert "Kazakhstan" in told[council.titular["KZ"].id].body
    assert told[russian.id].language == "ru" and "Здравствуйте" in told[russian.id].body


def test_no_reminder_far_from_the_deadline_nor_for_a_meeting(council):
    _written(council, timedelta(days=5))
    open_session(council, [ready_proposal()], kind="meeting", closes_in=timedelta(hours=5))
    assert notices.remind_closing_procedures(utcnow()) == 0


def _decided(council):
    proposal = ready_proposal()
    session = open_session(council, [proposal])
    services.begin_close(session, council.secretariat)
    [decision] = decisions.tally_session(session.id)
    return proposal, decision


def test_the_secretariat_is_told_once_of_a_request_for_reconsideration(council):
    other_secretary = make_user("secretariat", language="ru")
    _proposal, decision = _decided(council)
    decisions.request_reconsideration(decision.id, council.titular["BY"], "New facts.")
    secretariat = set(db.session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.role == "secretariat")))
    now = utcnow()
    assert notices.tell_reconsiderations(now) == len(secretariat)
    assert notices.tell_reconsiderations(now) == 0
    told = _told("council_reconsideration_requested")
    assert set(told) == secretariat >= {council.secretariat.id, other_secretary.id}
    assert not set(told) & _council_ids(council)
    assert "New facts." in told[council.secretariat.id].body
    assert "Belarus" in told[council.secretariat.id].body
    assert told[other_secretary.id].language == "ru"


@pytest.fixture
def in_force(council):
    proposal, decision = _decided(council)
    db.session.execute(update(Decision).where(Decision.id == decision.id)
                       .values(objection_until=utcnow() - timedelta(minutes=1)))
    db.session.refresh(decision)
    assert decisions.enter_decisions_into_force() == 1
    return proposal, decision


def test_applicants_and_the_council_are_told_once_when_a_decision_enters_into_force(
        council, in_force):
    proposal, decision = in_force
    lead = db.session.get(Organisation, proposal.lead_organisation_id)
    lead_member = make_user(f"org_member:{lead.id}", language="ru")
    outsider = make_user("expert")
    now = utcnow()
    sent = notices.tell_decisions_in_force(now)
    assert notices.send_notices(now) == 0
    told = _told("council_decision_in_force")
    secretariat = set(db.session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.role == "secretariat")))
    expected = _council_ids(council) | secretariat | {proposal.created_by_id, lead_member.id}
    assert set(told) == expected and sent == len(expected)
    assert outsider.id not in told
    assert decision.number in told[proposal.created_by_id].subject
    assert told[lead_member.id].language == "ru" and "Здравствуйте" in told[lead_member.id].body


def test_old_decisions_are_not_told_of(council, in_force):
    assert notices.tell_decisions_in_force(utcnow() + notices.LOOKBACK + timedelta(hours=1)) == 0


def test_the_sweep_is_a_task_on_the_beat_schedule(app):
    from workers.schedule import beat_schedule
    with app.app_context():
        names = {entry["task"] for entry in beat_schedule().values()}
    assert "portal.council.tasks.send_notices" in names
    assert "portal.proposals.tasks.tell_returned" in names
