"""The declared workflow table of DESIGN 4.3."""

from __future__ import annotations

import pytest

from portal.proposals.workflow import (
    BEFORE_DECISION,
    TRANSITIONS,
    Action,
    Party,
    ProposalStatus,
    actions_from,
    transition_for,
)


def test_each_state_and_action_has_at_most_one_row():
    keys = [(row.source, row.action) for row in TRANSITIONS]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("status", list(ProposalStatus), ids=str)
def test_the_lead_may_withdraw_exactly_until_a_decision(status):
    row = transition_for(status, Action.WITHDRAW)
    if status in BEFORE_DECISION:
        assert row is not None and row.target == ProposalStatus.WITHDRAWN
        assert row.parties == {Party.APPLICANT}
    else:
        assert row is None


def test_eligibility_and_the_tally_are_the_workers_alone():
    worker_actions = {Action.MARK_ELIGIBLE, Action.MARK_INELIGIBLE, Action.START_REVIEW,
                      Action.CONSOLIDATE, Action.ADOPT, Action.ADOPT_WITH_CONDITIONS,
                      Action.REJECT, Action.RECORD_NO_CONSENSUS}
    for row in TRANSITIONS:
        assert (row.parties == {Party.WORKER}) == (row.action in worker_actions), row


def test_every_status_but_the_last_can_be_left_and_every_one_reached():
    reached = {ProposalStatus.DRAFT} | {row.target for row in TRANSITIONS}
    assert reached == set(ProposalStatus)
    dead_ends = {status for status in ProposalStatus if not actions_from(status)}
    assert dead_ends == {ProposalStatus.COMPLETED, ProposalStatus.WITHDRAWN}


def test_an_unknown_action_or_status_finds_no_row():
    assert transition_for("draft", "approve_everything") is None
    assert transition_for("lost", Action.SUBMIT) is None
