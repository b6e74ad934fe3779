"""The statistics of a co-funded call: each national envelope with what the call's adopted
decisions committed from it and what remains (DESIGN 4.10)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from portal.calls.models import CallEnvelope
from portal.council.models import Decision
from portal.extensions import db
from tests.factories import make_approved_proposal, make_call, make_organisation


def test_a_call_row_gives_each_envelope_committed_and_remaining(client, session):
    co_funder = make_organisation("KZ", "KZ-35", status="published")
    call = make_call(budget=None)
    call.envelopes = [CallEnvelope(state_code="KZ", amount=Decimal("9000000"), currency="KZT",
                                   co_funder_organisation_id=co_funder.id)]
    proposal = make_approved_proposal(call=call)
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))
    # Set-up: the commitment the council would have recorded with the decision.
    decision.commitments = [{"state": "KZ", "amount": "2500000.00", "currency": "KZT",
                             "co_funder_organisation_id": co_funder.id}]
    db.session.commit()

    rows = client.get("/api/v1/statistics?currency=RUB").get_json()["by_call"]
    [row] = [row for row in rows if row["call_id"] == call.id]
    assert row["envelopes"] == [{"state": "KZ", "amount": "9000000.00", "currency": "KZT",
                                 "committed": "2500000.00", "remaining": "6500000.00"}]
    page = client.get("/statistics", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "National envelopes of" in page and "KZT6,500,000" in page
