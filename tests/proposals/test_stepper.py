"""The steps of a proposal's review path, computed from its status and history alone: which are
done and when, where the proposal is, which lie ahead or will not be reached, and who acts next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from flask_babel import force_locale

from portal.proposals.stepper import (
    NEXT_ACTOR,
    STEPS,
    Actor,
    StepKey,
    StepState,
    compute_steps,
)
from portal.proposals.workflow import ProposalStatus, transition_for

S, K = ProposalStatus, StepKey
DONE, CURRENT, UPCOMING, NOT_REACHED = (StepState.DONE, StepState.CURRENT, StepState.UPCOMING,
                                        StepState.NOT_REACHED)
START = datetime(2027, 3, 12, 11, 5, tzinfo=UTC)


@dataclass(frozen=True)
class Change:
    at: datetime
    from_status: str
    to_status: str


def path(*statuses: ProposalStatus) -> list[Change]:
    """The history of a proposal that went through ``statuses`` in order, a day apart."""
    return [Change(START + timedelta(days=n), source, target)
            for n, (source, target) in enumerate(pairwise(statuses))]


MAIN = (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.IN_REVIEW, S.CONSOLIDATION, S.READY_FOR_COUNCIL,
        S.ON_AGENDA, S.APPROVED, S.IN_IMPLEMENTATION, S.COMPLETED)


def states(stepper) -> dict[StepKey, StepState]:
    return {step.key: step.state for step in stepper.steps}


def test_every_status_but_withdrawn_belongs_to_exactly_one_step():
    held = [status for _key, statuses in STEPS for status in statuses]
    assert sorted(held) == sorted(set(ProposalStatus) - {S.WITHDRAWN})
    assert set(NEXT_ACTOR) == set(ProposalStatus)


def test_a_draft_is_in_preparation_with_everything_ahead_and_the_lead_applicant_next():
    stepper = compute_steps(S.DRAFT, [], "Smolensk Medical")
    assert states(stepper) == {K.PREPARATION: CURRENT, K.ELIGIBILITY: UPCOMING,
                               K.REVIEW: UPCOMING, K.COUNCIL: UPCOMING, K.DECISION: UPCOMING,
                               K.IMPLEMENTATION: UPCOMING}
    assert stepper.current.status == S.DRAFT and stepper.current.since is None
    assert stepper.next_actor is Actor.LEAD_APPLICANT


@pytest.mark.parametrize(("status", "current", "actor"), [
    (S.SUBMITTED, K.ELIGIBILITY, Actor.PORTAL),
    (S.ELIGIBLE, K.REVIEW, Actor.PORTAL),
    (S.IN_REVIEW, K.REVIEW, Actor.EXPERTS),
    (S.CONSOLIDATION, K.REVIEW, Actor.RAPPORTEUR),
    (S.READY_FOR_COUNCIL, K.COUNCIL, Actor.SECRETARIAT),
    (S.ON_AGENDA, K.COUNCIL, Actor.DELEGATIONS),
    (S.APPROVED, K.DECISION, Actor.SECRETARIAT),
    (S.IN_IMPLEMENTATION, K.IMPLEMENTATION, Actor.PARTNERS),
], ids=str)
def test_on_the_main_path_the_steps_before_are_done_and_those_after_to_come(
        status, current, actor):
    stepper = compute_steps(status, path(*MAIN[:MAIN.index(status) + 1]))
    keys = [key for key, _statuses in STEPS]
    here = keys.index(current)
    assert [step.state for step in stepper.steps] == (
        [DONE] * here + [CURRENT] + [UPCOMING] * (len(keys) - here - 1))
    assert stepper.current.key is current and stepper.current.status == status
    assert stepper.next_actor is actor
    assert all(step.done_at is not None for step in stepper.steps if step.state is DONE)


def test_a_step_is_dated_when_the_proposal_left_it_and_the_current_one_since_it_arrived():
    stepper = compute_steps(S.IN_REVIEW, path(S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.IN_REVIEW))
    preparation, eligibility, review = stepper.steps[:3]
    assert preparation.done_at == START
    assert eligibility.done_at == START + timedelta(days=1)
    assert review.state is CURRENT and review.since == START + timedelta(days=2)
    assert review.done_at is None


def test_a_completed_project_ends_the_path_with_nobody_to_act():
    stepper = compute_steps(S.COMPLETED, path(*MAIN))
    assert [step.state for step in stepper.steps] == [DONE] * 5 + [CURRENT]
    assert stepper.next_actor is None and stepper.next_actor_name is None


def test_an_ineligible_proposal_stops_at_the_check_and_the_secretariat_may_override():
    stepper = compute_steps(S.INELIGIBLE, path(S.DRAFT, S.SUBMITTED, S.INELIGIBLE))
    assert states(stepper) == {K.PREPARATION: DONE, K.ELIGIBILITY: CURRENT,
                               K.REVIEW: NOT_REACHED, K.COUNCIL: NOT_REACHED,
                               K.DECISION: NOT_REACHED, K.IMPLEMENTATION: NOT_REACHED}
    assert stepper.current.status == S.INELIGIBLE
    assert stepper.next_actor is Actor.SECRETARIAT
    assert transition_for(S.INELIGIBLE, "override_eligibility") is not None


def test_an_override_carries_an_ineligible_proposal_on_to_the_review():
    history = path(S.DRAFT, S.SUBMITTED, S.INELIGIBLE, S.ELIGIBLE)
    stepper = compute_steps(S.ELIGIBLE, history)
    assert states(stepper)[K.ELIGIBILITY] is DONE
    assert stepper.steps[1].done_at == history[-1].at


@pytest.mark.parametrize("outcome", [S.REJECTED, S.NO_CONSENSUS], ids=str)
def test_a_rejection_or_no_consensus_stops_at_the_decision_and_a_state_may_reconsider(outcome):
    stepper = compute_steps(outcome, path(*MAIN[:7], outcome))
    assert [step.state for step in stepper.steps] == [DONE] * 4 + [CURRENT, NOT_REACHED]
    assert stepper.current.status == outcome
    assert stepper.next_actor is Actor.MEMBER_STATES


def test_an_approval_with_conditions_waits_on_the_secretariat_with_implementation_ahead():
    stepper = compute_steps(S.APPROVED_WITH_CONDITIONS,
                            path(*MAIN[:7], S.APPROVED_WITH_CONDITIONS))
    assert [step.state for step in stepper.steps] == [DONE] * 4 + [CURRENT, UPCOMING]
    assert stepper.next_actor is Actor.SECRETARIAT


def test_a_returned_proposal_is_back_in_preparation_and_the_later_steps_are_to_come_again():
    history = path(S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.RETURNED_TO_APPLICANT)
    stepper = compute_steps(S.RETURNED_TO_APPLICANT, history)
    assert [step.state for step in stepper.steps] == [CURRENT] + [UPCOMING] * 5
    assert stepper.current.since == history[-1].at
    assert stepper.next_actor is Actor.LEAD_APPLICANT


def test_a_resubmitted_proposal_dates_its_preparation_by_the_latest_submission():
    history = path(S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.RETURNED_TO_APPLICANT, S.SUBMITTED)
    stepper = compute_steps(S.SUBMITTED, history)
    assert stepper.steps[0].state is DONE and stepper.steps[0].done_at == history[-1].at


@pytest.mark.parametrize(("before", "stopped_at"), [
    (S.DRAFT, K.PREPARATION), (S.SUBMITTED, K.ELIGIBILITY), (S.IN_REVIEW, K.REVIEW),
    (S.ON_AGENDA, K.COUNCIL)], ids=str)
def test_a_withdrawn_proposal_stops_at_the_step_it_was_withdrawn_from(before, stopped_at):
    stepper = compute_steps(S.WITHDRAWN, path(*MAIN[:MAIN.index(before) + 1], S.WITHDRAWN))
    keys = [key for key, _statuses in STEPS]
    here = keys.index(stopped_at)
    assert [step.state for step in stepper.steps] == (
        [DONE] * here + [CURRENT] + [NOT_REACHED] * (len(keys) - here - 1))
    assert stepper.current.status == S.WITHDRAWN
    assert stepper.next_actor is None


def test_the_next_actor_is_named_in_the_readers_language_with_the_lead_organisation(app):
    with app.test_request_context(), force_locale("ru"):
        assert compute_steps(S.DRAFT, [], "Smolensk Medical").next_actor_name.endswith(
            "Smolensk Medical")
        assert compute_steps(S.READY_FOR_COUNCIL, []).next_actor_name == "Секретариат"
        assert compute_steps(S.IN_REVIEW, []).next_actor_name == "Эксперты"
    with app.test_request_context(), force_locale("en"):
        assert compute_steps(S.DRAFT, [], "Smolensk Medical").next_actor_name == (
            "The lead applicant, Smolensk Medical")
        assert compute_steps(S.ON_AGENDA, []).next_actor_name == (
            "The delegations of the member states in the council")
