"""The review services: assignment by the worker, the expert's answers, the review, the
consolidation and the consensus report."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals.workflow import ProposalStatus
from portal.registry.models import Cluster, ClusterMember
from portal.review import panels, permissions, services
from portal.review.models import Assignment, AssignmentStatus, ExpertProfile
from tests.factories import make_organisation, make_user
from tests.review.support import eligible_proposal, make_expert, make_panel_pool

SCORES = {"excellence": 4, "impact": "3.5", "implementation": 3}
COMMENTS = {"excellence": "Strong.", "impact": "Clear.", "implementation": "Feasible."}


@pytest.fixture(autouse=True)
def english(session):
    with force_locale("en"):
        yield


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "enqueue", lambda name, *args: calls.append((name, *args)))
    return calls


def _mails_to(user):
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email)))


def _assigned(proposal):
    return list(db.session.scalars(select(Assignment).where(Assignment.proposal_id == proposal.id)
                                   .order_by(Assignment.id)))


def test_an_eligible_proposal_gets_three_experts_from_two_states_and_goes_into_review(session):
    make_panel_pool()
    proposal = eligible_proposal()
    filled = panels.assign_experts(proposal.id)
    assert proposal.status == ProposalStatus.IN_REVIEW
    assigned = _assigned(proposal)
    assert len(assigned) == 3 and filled.shortfall == 0
    assert len({db.session.get(ExpertProfile, a.expert_id).state_code for a in assigned}) >= 2
    for assignment in assigned:
        assert assignment.status == AssignmentStatus.INVITED
        assert assignment.due_at - assignment.assigned_at == timedelta(days=30)
        mail = _mails_to(assignment.expert)[-1]
        assert proposal.title in mail.body and proposal.summary in mail.body
        assert "Work packages" not in mail.body


def test_assigning_twice_assigns_nobody_twice(session):
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    assert panels.assign_experts(proposal.id) is None
    assert len(_assigned(proposal)) == 3


def test_experts_affiliated_with_a_partner_or_its_cluster_are_never_assigned(session):
    lead, other = make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")
    sibling, manager = make_organisation("RU", "RU-SMO"), make_organisation("RU", "RU-SMO")
    cluster = Cluster(name="Smolensk", state_code="RU", region_code="RU-SMO", language="ru",
                      management_organisation_id=manager.id)
    cluster.members = [ClusterMember(organisation_id=lead.id, helix_role="business"),
                       ClusterMember(organisation_id=sibling.id, helix_role="business")]
    db.session.add(cluster)
    db.session.flush()
    barred = [make_expert("KZ", affiliations=[other]), make_expert("AM", affiliations=[sibling]),
              make_expert("KG", affiliations=[manager]), make_expert("KZ", roles=[f"org_member:{lead.id}"])]
    pool = make_panel_pool()
    proposal = eligible_proposal(partners=[lead, other])
    panels.assign_experts(proposal.id)
    chosen = {a.expert_id for a in _assigned(proposal)}
    assert chosen and chosen <= {e.id for e in pool}
    assert not chosen & {e.id for e in barred}


def test_a_shortfall_is_told_to_the_secretariat(session):
    staff = make_user("secretariat")
    make_expert("KZ")
    proposal = eligible_proposal()
    filled = panels.assign_experts(proposal.id)
    assert filled.shortfall == 2
    assert any("Not enough experts" in m.subject for m in _mails_to(staff))


def _accepted(proposal):
    assignments = _assigned(proposal)
    for assignment in assignments:
        services.accept_assignment(assignment.id, assignment.expert, True)
    return assignments


def test_accepting_needs_the_declaration_and_opens_the_full_proposal(session):
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    assignment = _assigned(proposal)[0]
    assert not permissions.can_see_full_proposal(assignment.expert, assignment)
    with pytest.raises(ValidationError) as error:
        services.accept_assignment(assignment.id, assignment.expert, False)
    assert "no_conflict" in error.value.fields
    with pytest.raises(NotFound):
        services.accept_assignment(assignment.id, make_user("expert"), True)
    services.accept_assignment(assignment.id, assignment.expert, True)
    assert assignment.status == AssignmentStatus.ACCEPTED and assignment.declared_at
    assert permissions.can_see_full_proposal(assignment.expert, assignment)
    with pytest.raises(ConflictError):
        services.accept_assignment(assignment.id, assignment.expert, True)


def test_declining_and_declaring_a_conflict_queue_a_replacement(session, queued):
    make_panel_pool()
    make_expert("BY")
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    first, second = _assigned(proposal)[:2]
    with pytest.raises(ValidationError):
        services.decline_assignment(first.id, first.expert, "  ")
    services.decline_assignment(first.id, first.expert, "Travelling")
    services.declare_conflict(second.id, second.expert, "I advise the lead")
    assert ("portal.review.tasks.replace_expert", first.id) in queued
    assert ("portal.review.tasks.replace_expert", second.id) in queued
    assert len(panels.replace_expert(first.id).new) == 2  # one run fills every gap
    assert panels.replace_expert(second.id).new == ()
    assigned = _assigned(proposal)
    assert len([a for a in assigned if a.status == AssignmentStatus.INVITED]) == 3
    assert first.expert_id not in {a.expert_id for a in assigned if a.status == "invited"}
    assert panels.replace_expert(first.id).new == ()


def test_a_review_is_validated_and_the_last_one_queues_the_consolidation(session, queued):
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    assignments = _assigned(proposal)
    with pytest.raises(ConflictError):
        services.submit_review(assignments[0].id, assignments[0].expert, SCORES, COMMENTS, "fund")
    _accepted(proposal)
    with pytest.raises(ValidationError) as error:
        services.submit_review(assignments[0].id, assignments[0].expert,
                               {"excellence": 6, "impact": 3.3, "novelty": 2},
                               {"excellence": "x"}, "maybe")
    assert set(error.value.fields) >= {"scores.excellence", "scores.impact", "scores.novelty",
                                       "scores.implementation", "comments.impact",
                                       "recommendation"}
    for assignment in assignments:
        review = services.submit_review(assignment.id, assignment.expert, SCORES, COMMENTS, "fund")
    assert review.total == Decimal("3.60") and review.scores["impact"] == "3.5"
    assert queued.count(("portal.review.tasks.consolidate_reviews", proposal.id)) == 1
    assert panels.consolidate_reviews(proposal.id)
    assert proposal.status == ProposalStatus.CONSOLIDATION


def test_an_expert_sees_the_other_reviews_only_after_submitting(session, queued):
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    first, second, _third = _accepted(proposal)
    services.submit_review(first.id, first.expert, SCORES, COMMENTS, "fund")
    assert permissions.can_see_reviews(first.expert, proposal)
    assert not permissions.can_see_reviews(second.expert, proposal)
    assert not permissions.can_see_reviews(proposal.created_by, proposal)


def _in_consolidation(queued, scores=(SCORES, SCORES, SCORES)):
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    assignments = _accepted(proposal)
    for assignment, sheet in zip(assignments, scores, strict=True):
        services.submit_review(assignment.id, assignment.expert, sheet, COMMENTS, "fund")
    panels.consolidate_reviews(proposal.id)
    return proposal, assignments


def test_the_consensus_report_locks_and_makes_the_proposal_ready_for_council(session, queued):
    low = {"excellence": 1, "impact": 1, "implementation": 1}
    proposal, assignments = _in_consolidation(queued, (SCORES, SCORES, low))
    staff = make_user("secretariat")
    with pytest.raises(PermissionDenied):
        services.write_consensus_report(proposal.id, assignments[0].expert, SCORES, "fund", "Agreed")
    services.designate_rapporteur(assignments[0].id, staff)
    with pytest.raises(ValidationError) as error:
        services.write_consensus_report(proposal.id, assignments[0].expert, SCORES,
                                        "fund_with_conditions", "", "")
    assert {"text", "conditions"} <= set(error.value.fields)
    draft = services.write_consensus_report(proposal.id, assignments[0].expert, SCORES, "fund",
                                            "First go", lock=False)
    assert draft.locked_at is None and proposal.status == ProposalStatus.CONSOLIDATION
    report = services.write_consensus_report(proposal.id, staff, SCORES, "fund_with_conditions",
                                             "Agreed", "Add a partner")
    assert report.locked_at and report.disagreement and report.total == Decimal("3.60")
    assert proposal.status == ProposalStatus.READY_FOR_COUNCIL
    with pytest.raises(ConflictError):
        services.write_consensus_report(proposal.id, staff, SCORES, "fund", "Again")


def test_when_nobody_is_left_to_ask_the_submitted_reviews_go_to_consolidation(session, queued):
    make_panel_pool()
    proposal = eligible_proposal()
    panels.assign_experts(proposal.id)
    first, second, third = _accepted(proposal)
    services.submit_review(first.id, first.expert, SCORES, COMMENTS, "fund")
    services.submit_review(second.id, second.expert, SCORES, COMMENTS, "fund")
    services.declare_conflict(third.id, third.expert, "")
    while True:
        filled = panels.replace_expert(third.id)
        newest = [a for a in _assigned(proposal) if a.status == AssignmentStatus.INVITED]
        if not newest:
            break
        services.decline_assignment(newest[0].id, newest[0].expert, "Busy")
        third = newest[0]
    assert filled.new == ()
    assert proposal.status == ProposalStatus.CONSOLIDATION
