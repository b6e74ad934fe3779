"""Starting a joint proposal from an accepted expression of interest: who may, from which
interest, to which call; both organisations in the draft; a second start opens the first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts import tokens
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
from tests.pages import signed_in


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


# The page on the interest and the API.

def test_the_interest_page_offers_the_open_calls_and_the_draft_opens_in_the_editor(
        app, client, session, published, accepted, call):
    closed = make_call(title="Closed call", opens_at=utcnow() - timedelta(days=60),
                       closes_at=utcnow() - timedelta(days=1))
    db.session.commit()
    owner = signed_in(app, published.owner)
    page = owner.get(f"/interests/{accepted.id}").get_data(as_text=True)
    assert 'id="joint-heading"' in page and 'name="call_id"' in page
    assert f'<option lang="ru" value="{call.id}">{call.title}</option>' in page
    assert closed.title not in page
    assert "Available once joint proposals open" not in page and "disabled" not in page

    started = owner.post(f"/interests/{accepted.id}/proposal", data={"call_id": call.id})
    proposal = session.scalar(select(Proposal).where(Proposal.interest_id == accepted.id))
    assert started.status_code == 302
    assert started.location.endswith(f"/proposals/{proposal.id}/edit")
    assert proposal.lead_organisation_id == published.owner_org.id
    editor = owner.get(started.location).get_data(as_text=True)
    assert "A draft joint proposal is started" in editor and proposal.acronym in editor

    again = owner.post(f"/interests/{accepted.id}/proposal", data={"call_id": call.id})
    assert again.location == started.location
    assert "already started a proposal to this call" in owner.get(again.location).get_data(
        as_text=True)
    assert len(session.scalars(select(Proposal.id)).all()) == 1
    listed = owner.get(f"/interests/{accepted.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}"' in listed


def test_the_page_says_when_no_call_is_open(app, client, published, accepted):
    db.session.commit()
    page = signed_in(app, published.owner).get(f"/interests/{accepted.id}").get_data(as_text=True)
    assert "No call is open for proposals at the moment" in page
    assert 'name="call_id"' not in page


def test_a_pending_interest_offers_nothing_and_refuses_a_start(
        app, client, session, published, pending, call):
    db.session.commit()
    sender = signed_in(app, published.sender)
    assert 'id="joint-heading"' not in sender.get(f"/interests/{pending.id}").get_data(
        as_text=True)
    refused = sender.post(f"/interests/{pending.id}/proposal", data={"call_id": call.id})
    assert refused.status_code == 302 and refused.location.endswith(f"/interests/{pending.id}")
    assert session.scalar(select(Proposal.id)) is None


def test_a_call_that_is_not_offered_is_refused_on_the_page(
        app, client, session, published, accepted, call):
    db.session.commit()
    owner = signed_in(app, published.owner)
    refused = owner.post(f"/interests/{accepted.id}/proposal", data={"call_id": 999_999})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    assert session.scalar(select(Proposal.id)) is None


def test_an_unpublished_partner_is_explained_on_the_page(
        app, client, session, published, accepted, call):
    published.other_org.status = ProfileStatus.PENDING
    db.session.commit()
    refused = signed_in(app, published.owner).post(f"/interests/{accepted.id}/proposal",
                                                   data={"call_id": call.id})
    assert refused.status_code == 422
    assert "Both organisations need a published profile" in refused.get_data(as_text=True)
    assert session.scalar(select(Proposal.id)) is None


def test_someone_on_neither_side_gets_no_page(app, client, published, accepted, call):
    stranger_org = make_organisation(state="KZ", region="KZ-55")
    stranger = make_user(f"org_member:{stranger_org.id}")
    db.session.commit()
    browser = signed_in(app, stranger)
    assert browser.get(f"/interests/{accepted.id}").status_code == 404
    assert browser.post(f"/interests/{accepted.id}/proposal",
                        data={"call_id": call.id}).status_code == 404
    assert signed_in(app, published.outsider).post(
        f"/interests/{accepted.id}/proposal", data={"call_id": call.id}).status_code == 403


def bearer(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    return {"Authorization": f"Bearer {token}"}


def error_code(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]["code"]


def test_the_api_starts_the_draft_once_and_answers_each_error(
        client, session, published, pending, call):
    stranger = make_user(f"org_member:{make_organisation(state='KZ', region='KZ-55').id}")
    sender, outsider, other = (bearer(published.sender), bearer(published.outsider),
                               bearer(stranger))
    db.session.commit()
    path = f"/api/v1/interests/{pending.id}/proposal"
    body = {"call_id": call.id}
    assert client.post(path, json=body).status_code == 401
    assert error_code(client.post(path, json=body, headers=outsider), 403) == "forbidden"
    assert error_code(client.post(path, json=body, headers=other), 404) == "not_found"
    assert error_code(client.post("/api/v1/interests/999999/proposal", json=body,
                                  headers=sender), 404) == "not_found"
    assert error_code(client.post(path, data="nope", content_type="application/json",
                                  headers=sender), 400) == "bad_request"
    assert error_code(client.post(path, json=body, headers=sender), 409) == "conflict"
    services.accept_interest(pending.id, published.owner)
    db.session.commit()
    wrong = client.post(path, json={"call_id": "soon"}, headers=sender)
    assert error_code(wrong, 422) == "validation_error"
    assert "call_id" in wrong.get_json()["error"]["fields"]
    assert session.scalar(select(Proposal.id)) is None

    created = client.post(path, json=body, headers=sender)
    assert created.status_code == 201, created.get_data(as_text=True)
    draft = created.get_json()
    assert draft["status"] == "draft" and draft["call_id"] == call.id
    assert draft["lead_organisation_id"] == published.other_org.id
    assert {p["organisation_id"]: p["lead"] for p in draft["partners"]} == {
        published.other_org.id: True, published.owner_org.id: False}
    repeated = client.post(path, json=body, headers=sender)
    assert repeated.status_code == 200 and repeated.get_json()["id"] == draft["id"]
