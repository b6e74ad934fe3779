"""National co-funding in the demo (DESIGN 4.10): the cooperation call has the envelopes of
Russia, Belarus and Kazakhstan with their named co-funders, and the decisions that funded its
projects record each state's commitment. The demo is loaded once for the module, in a
transaction rolled back after it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.calls.models import Call
from portal.council.models import Decision
from portal.demo.cofunding import CO_FUNDERS
from portal.proposals.models import Proposal
from tests.demo.support import demo_in_a_transaction


@pytest.fixture(scope="module")
def loaded(app):
    with demo_in_a_transaction(app) as session:
        yield session


def test_the_co_funded_call_has_the_three_states_envelopes_and_co_funders(loaded):
    [call] = [call for call in loaded.scalars(select(Call)) if call.envelopes]
    assert {e.state_code: e.co_funder.name for e in call.envelopes} == CO_FUNDERS
    assert all(e.co_funder.state_code == e.state_code for e in call.envelopes)


def test_an_adopted_demo_decision_records_its_states_commitments(loaded):
    decision = loaded.scalar(select(Decision).join(Proposal, Proposal.id == Decision.proposal_id)
                             .where(Proposal.acronym == "STERIL-BORDER"))
    assert decision.outcome == "adopted"
    assert {c["state"] for c in decision.commitments} == {"BY", "RU"}
    assert all(float(c["amount"]) > 0 for c in decision.commitments)
