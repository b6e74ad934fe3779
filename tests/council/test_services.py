"""Vote sessions, ballots, recusals, the tally into decisions, entry into force and
reconsideration (DESIGN 4.6), through the services and the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import exc, select, update

from portal.core.db import utcnow
from portal.core.errors import ConflictError, PermissionDenied, ValidationError
from portal.council import decisions, seats, services
from portal.council.models import (
    Ballot,
    CouncilSeat,
    Decision,
    SessionStatus,
    VoteSession,
)
from portal.council.tally import Seat
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus
from portal.review.models import ConsensusReport
from tests.council.conftest import STATES, open_session, ready_proposal
from tests.factories import make_user


def _vote_all(council, item, choices: dict[str, str]):
    for state, choice in choices.items():
        services.cast_ballot(item.id, council.titular[state], choice)


def _close_and_tally(council, vote_session):
    services.close_session(vote_session.id, council.secretariat)
    return decisions.tally_session(vote_session.id)


def test_creating_a_session_puts_its_proposals_on_the_agenda_with_the_calls_rule(council, qm_call):
    proposal = ready_proposal(qm_call)

    vote_session = open_session(council, [proposal])

    assert proposal.status == ProposalStatus.ON_AGENDA
    [item] = vote_session.items
    assert (item.rule, item.sensitive, item.outcome) == ("qualified_majority", False, None)


def test_a_session_refuses_a_proposal_that_is_not_ready_for_the_council(council):
    proposal = ready_proposal()
    proposal.status = ProposalStatus.IN_REVIEW  # test set-up: any status but ready_for_council

    with pytest.raises(ValidationError) as refused:
        open_session(council, [proposal])

    assert "items" in refused.value.fields


def test_only_the_secretariat_creates_sessions(council):
    proposal = ready_proposal()
    now = utcnow()
    with pytest.raises(PermissionDenied):
        services.create_vote_session({"title": "x", "kind": "meeting", "opens_at": now,
                                      "closes_at": now + timedelta(days=1),
                                      "items": [{"proposal_id": proposal.id}]},
                                     council.titular["KZ"])


def test_a_session_must_close_after_it_opens(council):
    proposal = ready_proposal()
    now = utcnow()
    with pytest.raises(ValidationError) as refused:
        services.create_vote_session({"title": "x", "kind": "written", "opens_at": now,
                                      "closes_at": now - timedelta(hours=1),
                                      "items": [{"proposal_id": proposal.id}]},
                                     council.secretariat)
    assert "closes_at" in refused.value.fields


def test_consensus_adopts_when_every_state_votes_and_none_objects(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    _vote_all(council, item, {"AM": "for", "BY": "for", "KG": "abstain", "KZ": "for", "RU": "for"})

    [decision] = _close_and_tally(council, vote_session)

    assert decision.outcome == "adopted" and item.outcome == "adopted"
    assert proposal.status == ProposalStatus.APPROVED
    assert vote_session.status == SessionStatus.CLOSED
    assert decision.number == f"{decision.decided_at.year}/1"
    assert decision.objection_until - decision.decided_at == timedelta(days=10)
    assert {b["state"]: b["choice"] for b in decision.ballots}["KG"] == "abstain"


def test_consensus_is_blocked_by_one_objection(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    _vote_all(council, item, {"AM": "for", "BY": "for", "KG": "for", "KZ": "for", "RU": "against"})

    [decision] = _close_and_tally(council, vote_session)

    assert decision.outcome == "no_consensus"
    assert proposal.status == ProposalStatus.NO_CONSENSUS


def test_a_missing_state_is_recorded_as_absent_in_the_decision(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    _vote_all(council, item, {"AM": "for", "BY": "for", "KG": "for", "KZ": "for"})

    [decision] = _close_and_tally(council, vote_session)

    assert decision.outcome == "no_consensus"
    assert {"state": "RU", "seat": 1, "choice": None} in decision.ballots


def test_a_sensitive_item_is_decided_by_consensus_whatever_the_calls_rule(council, qm_call):
    plain, sensitive = ready_proposal(qm_call), ready_proposal(qm_call)
    vote_session = open_session(council, [plain, sensitive], rule_sensitive={sensitive.id})
    choices = {"AM": "for", "BY": "for", "KG": "for", "KZ": "for", "RU": "against"}
    for item in vote_session.items:
        _vote_all(council, item, choices)

    made = {d.proposal_id: d for d in _close_and_tally(council, vote_session)}

    assert made[plain.id].outcome == "adopted" and made[plain.id].rule == "qualified_majority"
    assert made[sensitive.id].outcome == "no_consensus" and made[sensitive.id].rule == "consensus"


def test_qualified_majority_rejects_three_of_five(council, qm_call):
    proposal = ready_proposal(qm_call)
    vote_session = open_session(council, [proposal])
    _vote_all(council, vote_session.items[0], {"AM": "for", "BY": "for", "KZ": "for"})

    [decision] = _close_and_tally(council, vote_session)

    assert decision.outcome == "rejected" and proposal.status == ProposalStatus.REJECTED


@pytest.fixture
def board(council):
    """Board mode: a second titular per state, on seat 2."""
    second = {}
    for state in STATES:
        second[state] = make_user(f"council_member:{state}")
        seats.assign_seat(state, 1, council.titular[state], council.secretariat)
        seats.assign_seat(state, 2, second[state], council.secretariat)
    return second


@pytest.mark.parametrize(("votes_for", "outcome"), [(6, "rejected"), (7, "adopted")])
def test_board_mode_needs_seven_of_ten_seats(council, board, qm_call, votes_for, outcome):
    proposal = ready_proposal(qm_call)
    vote_session = open_session(council, [proposal], seats_per_state=2)
    [item] = vote_session.items
    voters = [voter for state in STATES for voter in (council.titular[state], board[state])]
    for index, voter in enumerate(voters):
        services.cast_ballot(item.id, voter, "for" if index < votes_for else "abstain")

    [decision] = _close_and_tally(council, vote_session)

    assert decision.outcome == outcome
    assert len(decision.ballots) == 10
    assert {"state": "RU", "seat": 2, "choice": "abstain"} in decision.ballots


def test_seat_of_follows_the_role_then_the_seat_rows(council):
    assert seats.seat_of(council.titular["KZ"]) == Seat("KZ", 1)
    assert seats.seat_of(council.alternate["KZ"]) is None
    other = make_user("council_member:KZ")
    seats.assign_seat("KZ", 1, other, council.secretariat)
    assert seats.seat_of(council.titular["KZ"]) is None
    assert seats.seat_of(other) == Seat("KZ", 1)
    assert db.session.scalar(select(CouncilSeat.titular_id).where(
        CouncilSeat.state_code == "KZ", CouncilSeat.number == 1)) == other.id


def test_after_recusal_the_alternate_votes_for_the_seat(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    services.cast_ballot(item.id, council.titular["KZ"], "for")
    with pytest.raises(PermissionDenied):
        services.cast_ballot(item.id, council.alternate["KZ"], "against")

    services.recuse(item.id, council.titular["KZ"], "My institute is a partner.")
    with pytest.raises(PermissionDenied):
        services.cast_ballot(item.id, council.titular["KZ"], "for")
    ballot = services.cast_ballot(item.id, council.alternate["KZ"], "against")

    assert (ballot.state_code, ballot.seat_number, ballot.voter_id) == (
        "KZ", 1, council.alternate["KZ"].id)
    assert [b.choice for b in services.counted_ballots(item)] == ["against"]


def test_a_changed_ballot_counts_the_last_one(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    _vote_all(council, item, {state: "for" for state in STATES})
    services.cast_ballot(item.id, council.titular["RU"], "against")
    services.cast_ballot(item.id, council.titular["RU"], "abstain")

    [decision] = _close_and_tally(council, vote_session)

    assert decision.outcome == "adopted"
    assert db.session.scalar(select(db.func.count(Ballot.id)).where(
        Ballot.item_id == item.id, Ballot.state_code == "RU")) == 3


def test_a_ballot_after_the_close_is_refused_with_409(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    services.close_session(vote_session.id, council.secretariat)

    with pytest.raises(ConflictError):
        services.cast_ballot(item.id, council.titular["KZ"], "for")


def test_a_ballot_before_the_session_opens_is_refused(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    vote_session.opens_at = utcnow() + timedelta(hours=1)
    db.session.flush()

    with pytest.raises(ConflictError):
        services.cast_ballot(vote_session.items[0].id, council.titular["KZ"], "for")


def test_the_database_holds_one_counted_ballot_per_item_and_seat(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    voter = council.titular["KZ"]
    db.session.add(Ballot(item_id=item.id, state_code="KZ", seat_number=1, voter_id=voter.id,
                          choice="for", counted=True))
    db.session.flush()

    with pytest.raises(exc.IntegrityError), db.session.begin_nested():
        db.session.add(Ballot(item_id=item.id, state_code="KZ", seat_number=1,
                              voter_id=voter.id, choice="against", counted=True))
        db.session.flush()


def test_a_ballot_that_loses_the_race_for_its_seat_is_refused_with_409(council, monkeypatch):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    [item] = vote_session.items
    voter = council.titular["KZ"]
    original = services.update

    def concurrent_ballot_then_update(*args):
        # Another request's counted ballot lands between this one's update and its insert.
        db.session.add(Ballot(item_id=item.id, state_code="KZ", seat_number=1,
                              voter_id=voter.id, choice="for", counted=True))
        db.session.flush()
        monkeypatch.setattr(services, "update", original)
        return original(Ballot).where(Ballot.id == -1)

    monkeypatch.setattr(services, "update", concurrent_ballot_then_update)
    with pytest.raises(ConflictError):
        services.cast_ballot(item.id, voter, "against")


def test_the_tally_runs_once_and_a_second_run_makes_no_decision(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    _vote_all(council, vote_session.items[0], {state: "for" for state in STATES})
    services.close_session(vote_session.id, council.secretariat)

    assert len(decisions.tally_session(vote_session.id)) == 1
    assert decisions.tally_session(vote_session.id) == []
    assert db.session.scalar(select(db.func.count(Decision.id))) == 1


def test_decision_numbers_count_within_the_year(council):
    first, second = ready_proposal(), ready_proposal()
    vote_session = open_session(council, [first, second])
    numbers = sorted(d.number for d in _close_and_tally(council, vote_session))
    year = utcnow().year
    assert numbers == [f"{year}/1", f"{year}/2"]


def test_conditions_of_the_consensus_report_make_an_adoption_conditional(council):
    proposal = ready_proposal()
    db.session.add(ConsensusReport(proposal_id=proposal.id, author_id=council.secretariat.id,
                                   scores={}, total=4, recommendation="fund_with_conditions",
                                   text="Good.", conditions="Add a data management plan."))
    vote_session = open_session(council, [proposal])
    _vote_all(council, vote_session.items[0], {state: "for" for state in STATES})

    [decision] = _close_and_tally(council, vote_session)

    assert decision.conditions == "Add a data management plan."
    assert proposal.status == ProposalStatus.APPROVED_WITH_CONDITIONS


def test_the_tally_mails_the_applicant_and_the_council(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    _close_and_tally(council, vote_session)

    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert proposal.created_by.email in recipients
    assert council.titular["AM"].email in recipients and council.secretariat.email in recipients


def test_the_deadline_sweep_closes_a_written_procedure(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal], kind="written")
    with pytest.raises(ConflictError):
        services.close_session(vote_session.id, council.secretariat)
    vote_session.closes_at = utcnow() - timedelta(minutes=1)
    vote_session.opens_at = utcnow() - timedelta(hours=2)
    db.session.flush()

    assert decisions.close_due_sessions() == 1
    assert vote_session.status == SessionStatus.CLOSING
    assert decisions.close_due_sessions() == 0


def _decided(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    _vote_all(council, vote_session.items[0], {state: "for" for state in STATES})
    [decision] = _close_and_tally(council, vote_session)
    return proposal, decision


def test_a_decision_enters_into_force_when_the_window_passes(council):
    _proposal, decision = _decided(council)
    assert decisions.enter_decisions_into_force() == 0

    assert decisions.enter_decisions_into_force(decision.objection_until) == 1
    assert decision.entered_into_force_at == decision.objection_until


def test_reconsideration_puts_the_proposal_back_before_the_council(council):
    proposal, decision = _decided(council)

    decisions.request_reconsideration(decision.id, council.titular["BY"], "New facts.")

    assert proposal.status == ProposalStatus.READY_FOR_COUNCIL
    assert decision.reconsideration_requested_at is not None
    assert decisions.enter_decisions_into_force(decision.objection_until) == 0
    with pytest.raises(ConflictError):
        decisions.request_reconsideration(decision.id, council.titular["BY"], "Again.")
    decisions.request_reconsideration(decision.id, council.titular["AM"], "Agreed.")
    again = open_session(council, [proposal])
    assert again.items[0].proposal_id == proposal.id


def test_reconsideration_after_the_window_is_refused(council):
    _proposal, decision = _decided(council)
    db.session.execute(update(Decision).where(Decision.id == decision.id)
                       .values(objection_until=utcnow() - timedelta(minutes=1)))
    db.session.refresh(decision)

    with pytest.raises(ConflictError):
        decisions.request_reconsideration(decision.id, council.titular["BY"], "Late.")


def test_a_session_keeps_its_status_closed_after_the_tally(council):
    proposal = ready_proposal()
    vote_session = open_session(council, [proposal])
    _close_and_tally(council, vote_session)
    assert db.session.get(VoteSession, vote_session.id).closed_at is not None
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.NO_CONSENSUS


def test_of_two_unseated_council_members_the_first_holds_the_seat(council):
    second = make_user("council_member:KZ")

    assert seats.seat_of(council.titular["KZ"]) == Seat("KZ", 1)
    assert seats.seat_of(second) is None
    seats.assign_seat("KZ", 2, second, council.secretariat)
    assert seats.seat_of(second) == Seat("KZ", 2)


def test_the_seat_command_names_a_titular(runner, council):
    second = make_user("council_member:RU", email="second-ru@example.org")
    db.session.commit()

    result = runner.invoke(args=["council", "seat", "ru", "2", "second-ru@example.org"])

    assert result.exit_code == 0, result.output
    assert seats.seat_of(second) == Seat("RU", 2)
    assert runner.invoke(args=["council", "seat", "ZZ", "1"]).exit_code != 0
