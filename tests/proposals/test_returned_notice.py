"""When the secretariat returns a proposal for clarification, its applicants (the creator and
the lead organisation's members) are told, each once in their language, however often the
sweep runs; the other partners are not."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals import notices
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from tests.factories import make_proposal, make_user


def _returned(note="Please attach the consortium agreement."):
    proposal = make_proposal(acronym="BACK")
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    apply_transition(proposal, Action.RETURN_TO_APPLICANT, make_user("secretariat"), note=note)
    return proposal


def _told() -> dict[int, OutboxMessage]:
    found: dict[int, OutboxMessage] = {}
    for message in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.template == "proposal_returned")):
        assert message.user_id not in found, "told twice"
        found[message.user_id] = message
    return found


def test_the_applicants_are_told_once_when_their_proposal_is_returned(session):
    proposal = _returned()
    lead, partner = proposal.partners[0].organisation, proposal.partners[1].organisation
    russian = make_user(f"org_admin:{lead.id}", language="ru")
    partner_member = make_user(f"org_member:{partner.id}")
    now = utcnow()
    assert notices.tell_returned(now) == 2
    assert notices.tell_returned(now + timedelta(minutes=10)) == 0
    told = _told()
    assert set(told) == {proposal.created_by_id, russian.id}
    assert partner_member.id not in told
    english = told[proposal.created_by_id]
    assert "BACK" in english.subject and "Please attach the consortium agreement." in english.body
    assert told[russian.id].language == "ru" and "Здравствуйте" in told[russian.id].body


def test_a_return_long_ago_is_not_told_of(session):
    _returned()
    assert notices.tell_returned(utcnow() + notices.LOOKBACK + timedelta(hours=1)) == 0
