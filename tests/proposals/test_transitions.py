"""Every status change goes through the table: parties, guards, history and the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.core.errors import ConflictError, PermissionDenied
from portal.extensions import db
from portal.proposals.models import ProposalSnapshot, StatusChange
from portal.proposals.transitions import apply_transition, available_actions
from portal.proposals.workflow import Action, ProposalStatus
from tests.factories import make_call, make_proposal, make_user


@pytest.fixture(autouse=True)
def english(session):
    with force_locale("en"):
        yield


def test_submitting_writes_the_history_and_the_audit_log(session):
    proposal = make_proposal()
    change = apply_transition(proposal, Action.SUBMIT, proposal.created_by, note="first go")
    assert proposal.status == ProposalStatus.SUBMITTED
    stored = session.scalars(select(StatusChange).where(StatusChange.proposal_id == proposal.id)).one()
    assert (stored.from_status, stored.to_status, stored.action, stored.actor_id, stored.note) == (
        "draft", "submitted", "submit", proposal.created_by_id, "first go")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.object == f"proposal:{proposal.id}")).one()
    assert entry.action == "proposal.submit"
    assert entry.data["source"] == "draft" and entry.data["target"] == "submitted"
    assert change is stored


def test_an_action_not_in_the_table_for_the_status_is_a_conflict(session):
    proposal = make_proposal()
    with pytest.raises(ConflictError):
        apply_transition(proposal, Action.LOCK_REPORT, make_user("secretariat"))
    assert proposal.status == ProposalStatus.DRAFT


def test_a_user_who_is_not_a_party_of_the_row_is_refused(session):
    proposal = make_proposal()
    with pytest.raises(PermissionDenied):
        apply_transition(proposal, Action.SUBMIT, make_user("expert"))


def test_only_the_worker_takes_the_workers_rows(session):
    proposal = make_proposal()
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    with pytest.raises(PermissionDenied):
        apply_transition(proposal, Action.MARK_ELIGIBLE, make_user("secretariat"))
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    assert proposal.status == ProposalStatus.ELIGIBLE
    change = session.scalars(select(StatusChange).where(StatusChange.action == "mark_eligible")).one()
    assert change.actor_id is None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "proposal.mark_eligible")).one()
    assert entry.actor == "worker"


def test_a_closed_call_refuses_the_submission_with_the_reason(session):
    now = utcnow()
    proposal = make_proposal(call=make_call(opens_at=now - timedelta(days=40),
                                            closes_at=now - timedelta(days=1)))
    with pytest.raises(ConflictError, match="not open"):
        apply_transition(proposal, Action.SUBMIT, proposal.created_by)


def test_returning_to_the_applicant_needs_a_reason(session):
    proposal = make_proposal()
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    secretariat = make_user("secretariat")
    with pytest.raises(ConflictError, match="reason"):
        apply_transition(proposal, Action.RETURN_TO_APPLICANT, secretariat, note="  ")
    apply_transition(proposal, Action.RETURN_TO_APPLICANT, secretariat, note="Add the budget")
    assert proposal.status == ProposalStatus.RETURNED_TO_APPLICANT


def test_the_buttons_offer_only_what_the_user_may_do_now(session):
    proposal = make_proposal()
    assert {row.action for row in available_actions(proposal, proposal.created_by)} == {
        Action.SUBMIT, Action.WITHDRAW}
    assert available_actions(proposal, make_user("secretariat")) == []


def test_a_snapshot_cannot_be_changed_or_deleted(session):
    proposal = make_proposal()
    snapshot = ProposalSnapshot(proposal_id=proposal.id, number=1,
                                taken_by_id=proposal.created_by_id, content={"title": "x"})
    session.add(snapshot)
    session.flush()
    for statement in ("UPDATE proposal_snapshot SET content = '{}' WHERE id = :id",
                      "DELETE FROM proposal_snapshot WHERE id = :id"):
        with pytest.raises(DBAPIError, match="immutable"), db.session.begin_nested():
            session.execute(text(statement), {"id": snapshot.id})
