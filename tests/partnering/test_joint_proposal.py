"""Starting a joint proposal from an accepted expression of interest: who may, from which
interest, to which call; both organisations in the draft; a second start opens the first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, ValidationError
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.partnering import services
from portal.proposals import joint
from portal.proposals.models import Proposal
from portal.proposals.services import withdraw_proposal
from portal.proposals.workflow import ProposalStatus
from portal.registry.models import ProfileStatus
from tests.factories import make_call, make_organisation, make_user


@pytest.fixture
def published(parties):
    parties.owner_org.status = parties.other_org.status = ProfileStatus.PUBLISHED
    db.session.flush()
    return parties


@pytest.fixture
def call(session):
    return make_call(title="Joint medical lines")


@pytest.fixture
def pending(published, ad):
    return services.express_interest(ad.id, published.other_org.id, "We need EO sterilisation.",
                                     published.sender)


@pytest.fixture
def accepted(published, pending):
    return services.accept_interest(pending.id, published.owner)


def partner_ids(proposal: Proposal) -> list[int]:
    return [partner.organisation_id for partner in proposal.partners]


def test_the_sender_starts_a_draft_it_leads_with_the_ads_organisation_as_partner(
        session, published, accepted, call, ad):
    proposal, created = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    assert created
    assert proposal.status == ProposalStatus.DRAFT and proposal.call_id == call.id
    assert proposal.lead_organisation_id == published.other_org.id
    assert sorted(partner_ids(proposal)) == sorted([published.owner_org.id,
                                                    published.other_org.id])
    assert proposal.interest_id == accepted.id and proposal.created_by_id == published.sender.id
    assert proposal.title == ad.title and proposal.acronym == "DM-SV"
    assert [f.key for f in proposal.technology_fields] == ["pharmaceuticals_biotech_medical"]
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "proposal.create",
                                                    AuditEntry.object == f"proposal:{proposal.id}"))
    assert entry.data["interest"] == f"interest:{accepted.id}"
    asked = session.scalars(select(OutboxMessage.recipient).where(
        OutboxMessage.template == "proposal_confirmation_request"))
    assert published.owner.email in set(asked)  # the partner is asked to confirm, as usual


def test_the_ads_owner_starts_one_it_leads_with_the_sender_as_partner(published, accepted, call):
    proposal, created = joint.start_joint_proposal(accepted.id, call.id, published.owner)
    assert created and proposal.lead_organisation_id == published.owner_org.id
    assert sorted(partner_ids(proposal)) == sorted([published.owner_org.id,
                                                    published.other_org.id])


def test_a_pending_or_declined_interest_starts_nothing(session, published, pending, call):
    with pytest.raises(ConflictError):
        joint.start_joint_proposal(pending.id, call.id, published.sender)
    services.decline_interest(pending.id, published.owner)
    with pytest.raises(ConflictError):
        joint.start_joint_proposal(pending.id, call.id, published.sender)
    assert session.scalar(select(Proposal.id)) is None


def test_someone_on_neither_side_does_not_learn_of_the_interest(published, accepted, call):
    stranger_org = make_organisation(state="KZ", region="KZ-55", status=ProfileStatus.PUBLISHED)
    for outsider in (published.outsider, make_user(f"org_admin:{stranger_org.id}"),
                     make_user("secretariat"), make_user("cluster_manager:1")):
        with pytest.raises(NotFound):
            joint.start_joint_proposal(accepted.id, call.id, outsider)


def test_a_closed_a_future_or_an_unknown_call_is_refused(session, published, accepted):
    now = utcnow()
    closed = make_call(opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1))
    future = make_call(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=60))
    for call_id in (closed.id, future.id, 999_999, "1", None, True):
        with pytest.raises(ValidationError) as caught:
            joint.start_joint_proposal(accepted.id, call_id, published.sender)
        assert "call_id" in caught.value.fields
    assert session.scalar(select(Proposal.id)) is None


def test_an_unpublished_partner_is_refused_by_the_proposal_rules_and_nothing_is_kept(
        session, published, accepted, call):
    published.owner_org.status = ProfileStatus.PENDING
    with pytest.raises(ValidationError) as caught:
        joint.start_joint_proposal(accepted.id, call.id, published.sender)
    assert "partners.1.organisation_id" in caught.value.fields
    assert session.scalar(select(Proposal.id)) is None


def test_starting_again_opens_the_same_draft(session, published, accepted, call):
    first, _ = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    colleague = make_user(f"org_admin:{published.other_org.id}")
    again, created = joint.start_joint_proposal(accepted.id, call.id, colleague)
    assert again.id == first.id and not created
    assert len(session.scalars(select(Proposal.id)).all()) == 1


def test_another_call_another_lead_or_a_withdrawn_draft_make_a_new_one(
        session, published, accepted, call):
    first, _ = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    other_call = make_call(title="Industrial cooperation")
    to_other_call, created = joint.start_joint_proposal(accepted.id, other_call.id,
                                                        published.sender)
    assert created and to_other_call.id != first.id
    owners, created = joint.start_joint_proposal(accepted.id, call.id, published.owner)
    assert created and owners.lead_organisation_id == published.owner_org.id
    withdraw_proposal(first.id, published.sender, note="Starting over.")
    fresh, created = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    assert created and fresh.id not in (first.id, to_other_call.id, owners.id)


def test_the_database_keeps_one_live_draft_per_interest_lead_and_call(
        session, published, accepted, call):
    first, _ = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    copy = Proposal(call_id=call.id, title="Copy", acronym="COPY", interest_id=accepted.id,
                    lead_organisation_id=first.lead_organisation_id,
                    created_by_id=published.sender.id)
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(copy)
        session.flush()


def test_two_simultaneous_starts_end_on_the_same_draft(
        session, published, accepted, call, monkeypatch):
    first, _ = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    looked_up = []

    def missed_once(*args):
        """The second request looked before the first one's draft was written."""
        looked_up.append(args)
        return None if len(looked_up) == 1 else first

    monkeypatch.setattr(joint, "_live_proposal", missed_once)
    again, created = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    assert again.id == first.id and not created and len(looked_up) == 2
    assert len(session.scalars(select(Proposal.id)).all()) == 1


def test_the_interests_proposals_are_listed_for_those_who_may_see_them(
        published, accepted, call):
    proposal, _ = joint.start_joint_proposal(accepted.id, call.id, published.sender)
    assert joint.proposals_from_interest(accepted, published.owner) == [proposal]
    assert joint.proposals_from_interest(accepted, published.outsider) == []
