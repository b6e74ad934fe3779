"""The review's predicates know the state of the assignment and of the proposal, so that the
page, the API and the service refuse alike."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.errors import ConflictError, PermissionDenied
from portal.extensions import db
from portal.proposals.workflow import ProposalStatus
from portal.review import panels, permissions, services
from portal.review.models import Assignment
from tests.factories import make_user
from tests.review.support import eligible_proposal, make_panel_pool


@pytest.fixture(autouse=True)
def english(session):
    with force_locale("en"):
        yield


@pytest.fixture
def assignment(session, monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda name, *args: None)
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    return db.session.scalars(select(Assignment).where(Assignment.proposal_id == proposal.id)
                              .order_by(Assignment.id)).first()


def test_an_invited_expert_may_answer_and_declare_but_not_yet_review(assignment):
    expert = assignment.expert
    assert permissions.can_answer(expert, assignment)
    assert permissions.can_declare_conflict(expert, assignment)
    assert not permissions.can_review(expert, assignment)
    assert isinstance(permissions.refusal_to_review(expert, assignment), ConflictError)


def test_an_expert_may_no_longer_answer_once_the_assignment_is_declined(assignment):
    services.decline_assignment(assignment.id, assignment.expert, "Too busy.")
    assert not permissions.can_answer(assignment.expert, assignment)
    assert not permissions.can_declare_conflict(assignment.expert, assignment)
    assert isinstance(permissions.refusal_to_answer(assignment.expert, assignment), ConflictError)


def test_nobody_but_the_assigned_expert_may_answer(assignment):
    stranger = make_user("expert")
    assert isinstance(permissions.refusal_to_answer(stranger, assignment), PermissionDenied)


def test_an_accepted_expert_may_review_only_while_the_proposal_is_in_review(assignment):
    services.accept_assignment(assignment.id, assignment.expert, True)
    assert permissions.can_review(assignment.expert, assignment)
    assert not permissions.can_answer(assignment.expert, assignment)
    proposal = services.get_proposal(assignment.proposal_id)
    proposal.status = ProposalStatus.CONSOLIDATION
    assert not permissions.can_review(assignment.expert, assignment)
    assert not permissions.can_declare_conflict(assignment.expert, assignment)


def test_the_secretariat_designates_only_an_expert_who_accepted(assignment):
    secretariat = make_user("secretariat")
    assert isinstance(permissions.refusal_to_designate(secretariat, assignment), ConflictError)
    services.accept_assignment(assignment.id, assignment.expert, True)
    assert permissions.can_designate_rapporteur(secretariat, assignment)
    assert not permissions.can_designate_rapporteur(assignment.expert, assignment)
