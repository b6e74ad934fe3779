"""What waits for me (API.md): every role's tasks at ``GET /api/v1/me/tasks`` and on the
dashboard, each user seeing only their own work, each feature's tasks loaded in a fixed number
of statements."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, update

from portal.accounts import tokens
from portal.accounts.roles import RoleSpec
from portal.accounts.services import grant_role
from portal.core.db import utcnow
from portal.core.waiting import providers, tasks_for
from portal.council import decisions
from portal.council import services as council
from portal.extensions import db
from portal.partnering import services as partnering
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from portal.review.models import Assignment, AssignmentStatus
from tests.factories import make_call, make_organisation, make_proposal, make_user
from tests.pages import signed_in
from tests.review.support import make_expert

STATES = ("AM", "BY", "KG", "KZ", "RU")


@pytest.fixture
def api(client):
    def get(user, path="/api/v1/me/tasks", **kwargs):
        _row, token = tokens.create_token(user, "test", user)
        db.session.commit()
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return client.get(path, headers=headers, **kwargs)
    return get


def _kinds(response) -> list[tuple[str, str, int]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return sorted((item["kind"], item["object"]["type"], item["object"]["id"])
                  for item in response.get_json()["items"])


def _in_review(proposal) -> Proposal:
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    apply_transition(proposal, Action.START_REVIEW, None)
    return proposal


def _assign(proposal, expert, status=AssignmentStatus.INVITED, **fields) -> Assignment:
    assignment = Assignment(proposal_id=proposal.id, expert_id=expert.id, status=status,
                            due_at=utcnow() + timedelta(days=10), **fields)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def _force_status(proposal, status) -> None:
    """Test data only: a status the review or the worker would reach, written directly."""
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id).values(status=status))
    db.session.refresh(proposal)


def test_me_tasks_needs_a_token(client):
    assert client.get("/api/v1/me/tasks").status_code == 401


def test_an_expert_sees_only_their_own_invitations_and_reviews(api):
    mine, theirs = make_expert("KZ"), make_expert("AM")
    first, second = _in_review(make_proposal(acronym="FIRST")), _in_review(
        make_proposal(acronym="SECOND"))
    invited = _assign(first, mine)
    accepted = _assign(second, mine, AssignmentStatus.ACCEPTED)
    other = _assign(first, theirs)
    response = api(mine)
    assert _kinds(response) == sorted([("review_invitation", "assignment", invited.id),
                                       ("review_due", "assignment", accepted.id)])
    items = {item["object"]["id"]: item for item in response.get_json()["items"]}
    assert items[invited.id]["title"] == "Answer the invitation to review FIRST"
    assert items[invited.id]["due_at"].endswith("Z")
    assert items[invited.id]["url"].endswith(f"/assignments/{invited.id}")
    assert _kinds(api(theirs)) == [("review_invitation", "assignment", other.id)]


def test_the_rapporteur_and_the_secretariat_have_the_consensus_report_to_write(api):
    rapporteur, other = make_expert("KZ"), make_expert("AM")
    secretariat = make_user("secretariat")
    proposal = _in_review(make_proposal())
    _assign(proposal, rapporteur, AssignmentStatus.SUBMITTED, rapporteur=True)
    _assign(proposal, other, AssignmentStatus.SUBMITTED)
    _force_status(proposal, ProposalStatus.CONSOLIDATION)
    expected = [("consensus_report", "proposal", proposal.id)]
    assert _kinds(api(rapporteur)) == expected
    assert _kinds(api(other)) == []
    assert ("consensus_report", "proposal", proposal.id) in _kinds(api(secretariat))


def test_a_contact_point_sees_only_the_endorsements_of_their_own_state(api):
    ru, kz = make_organisation("RU", "RU-ALT"), make_organisation("KZ", "KZ-55")
    proposal = make_proposal(partners=[ru, kz], acronym="ALTAI")
    contact_kz, contact_by = make_user("contact_point:KZ"), make_user("contact_point:BY")
    response = api(contact_kz)
    assert ("endorse_partner", "proposal", proposal.id) in _kinds(response)
    titles = [item["title"] for item in response.get_json()["items"]
              if item["kind"] == "endorse_partner"]
    assert titles == [f"Endorse {kz.name} in ALTAI"]
    assert "endorse_partner" not in {kind for kind, _t, _i in _kinds(api(contact_by))}


def test_no_endorsement_is_asked_when_the_call_does_not_want_one(api):
    kz = make_organisation("KZ", "KZ-55")
    make_proposal(call=make_call(requires_endorsement=False),
                  partners=[make_organisation("RU", "RU-ALT"), kz])
    assert "endorse_partner" not in {kind for kind, _t, _i in _kinds(
        api(make_user("contact_point:KZ")))}


def test_a_partner_member_confirms_until_confirmed(api):
    ru, by = make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")
    proposal = make_proposal(partners=[ru, by])
    member = make_user(f"org_member:{by.id}")
    assert _kinds(api(member)) == [("confirm_participation", "proposal", proposal.id)]
    proposal.partners[1].confirmed_at = utcnow()
    db.session.flush()
    assert _kinds(api(member)) == []


@pytest.fixture
def council_body(session):
    body = {"secretariat": make_user("secretariat")}
    for state in STATES:
        body[f"titular {state}"] = make_user(f"council_member:{state}")
        body[f"alternate {state}"] = make_user(f"council_alternate:{state}")
    return body


def _ready_proposal() -> Proposal:
    proposal = make_proposal()
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(proposal, Action.MARK_ELIGIBLE, None)
    _force_status(proposal, ProposalStatus.READY_FOR_COUNCIL)
    return proposal


def _open_session(secretariat, proposals, kind="meeting", closes_in=timedelta(days=2)):
    now = utcnow()
    return council.create_vote_session(
        {"title": "Council meeting", "kind": kind, "opens_at": now - timedelta(hours=1),
         "closes_at": now + closes_in,
         "items": [{"proposal_id": proposal.id} for proposal in proposals]}, secretariat)


def test_a_council_member_has_a_ballot_for_each_item_their_state_has_not_voted_on(
        api, council_body):
    session = _open_session(council_body["secretariat"], [_ready_proposal(), _ready_proposal()])
    first, second = session.items
    both = [("ballot", "agenda_item", first.id), ("ballot", "agenda_item", second.id)]
    assert _kinds(api(council_body["titular RU"])) == both
    assert _kinds(api(council_body["alternate RU"])) == both
    council.cast_ballot(first.id, council_body["titular RU"], "for")
    only_second = [("ballot", "agenda_item", second.id)]
    assert _kinds(api(council_body["titular RU"])) == only_second
    assert _kinds(api(council_body["alternate RU"])) == only_second
    assert _kinds(api(council_body["titular KZ"])) == both
    item = api(council_body["titular KZ"]).get_json()["items"][0]
    assert item["due_at"] == session.closes_at.isoformat().replace("+00:00", "Z")
    assert f"/council/sessions/{session.id}#item-" in item["url"]


def test_a_closed_session_leaves_no_ballot_to_cast(api, council_body):
    session = _open_session(council_body["secretariat"], [_ready_proposal()])
    session.status = "closing"
    db.session.flush()
    assert _kinds(api(council_body["titular RU"])) == []


def test_the_secretariat_has_reconsiderations_to_schedule(api, council_body):
    proposal = _ready_proposal()
    session = _open_session(council_body["secretariat"], [proposal])
    council.begin_close(session, council_body["secretariat"])
    [decision] = decisions.tally_session(session.id)
    decisions.request_reconsideration(decision.id, council_body["titular KZ"], "New facts.")
    assert ("reconsideration", "decision", decision.id) in _kinds(api(council_body["secretariat"]))
    assert "reconsideration" not in {k for k, _t, _i in _kinds(api(council_body["titular KZ"]))}


def test_the_secretariat_screens_ineligible_proposals_and_moderates_every_state(api):
    secretariat = make_user("secretariat")
    proposal = make_proposal()
    apply_transition(proposal, Action.SUBMIT, proposal.created_by)
    apply_transition(proposal, Action.MARK_INELIGIBLE, None)
    proposal.eligibility_checked_at = utcnow()
    pending_kz = make_organisation("KZ", "KZ-55")
    pending_ru = make_organisation("RU", "RU-KLU")
    db.session.flush()
    kinds = _kinds(api(secretariat))
    assert ("screen_proposal", "proposal", proposal.id) in kinds
    assert ("moderate_profile", "organisation", pending_kz.id) in kinds
    assert ("moderate_profile", "organisation", pending_ru.id) in kinds
    contact = make_user("contact_point:KZ")
    moderated = {i for kind, _t, i in _kinds(api(contact)) if kind == "moderate_profile"}
    assert pending_kz.id in moderated and pending_ru.id not in moderated


def test_an_ad_owner_answers_interests_and_the_sender_does_not(api):
    owner_org, sender_org = make_organisation("BY", "BY-VI"), make_organisation("RU", "RU-SMO")
    owner = make_user(f"org_admin:{owner_org.id}")
    sender = make_user(f"org_member:{sender_org.id}")
    ad = partnering.post_ad(organisation_id=owner_org.id, kind="technology_offer",
                            title="Sterilisation", body="Validated to ISO 11135.",
                            technology_fields=["pharmaceuticals_biotech_medical"], actor=owner)
    interest = partnering.express_interest(ad.id, sender_org.id, "Hello", sender)
    response = api(owner)
    assert _kinds(response) == [("answer_interest", "interest", interest.id)]
    assert response.get_json()["items"][0]["title"] == (
        f"Answer the interest of {sender_org.name} in “Sterilisation”")
    assert _kinds(api(sender)) == []


def test_tasks_filter_by_kind_and_page(api):
    member_org = make_organisation("BY", "BY-VI")
    member = make_user(f"org_member:{member_org.id}")
    for _n in range(3):
        make_proposal(partners=[make_organisation("RU", "RU-SMO"), member_org])
    page = api(member, query_string={"per_page": 2, "page": 2}).get_json()
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (3, 2, 2, 1)
    assert api(member, query_string={"kind": "ballot"}).get_json()["total"] == 0
    assert api(member, query_string={"kind": "confirm_participation"}).get_json()["total"] == 3
    assert api(member, query_string={"kind": "nonsense"}).status_code == 422


def test_titles_follow_the_callers_language_and_never_show_a_key(api):
    member_org = make_organisation("BY", "BY-VI")
    member = make_user(f"org_member:{member_org.id}")
    make_proposal(partners=[make_organisation("RU", "RU-SMO"), member_org], acronym="LANG")
    english = api(member).get_json()["items"][0]["title"]
    russian = api(member, headers={"Accept-Language": "ru"}).get_json()["items"][0]["title"]
    for title in (english, russian):
        assert "LANG" in title and "confirm_participation" not in title and "%(" not in title


@contextmanager
def _statements():
    counted = []

    def count(*_args):
        counted.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _statements_of_every_provider(user) -> dict[str, int]:
    db.session.expire_all()
    found = {}
    for provider in providers():
        with _statements() as counted:
            list(provider(user, utcnow()))
        found[provider.__name__] = len(counted)
    return found


def test_each_provider_loads_its_tasks_in_a_fixed_number_of_statements(app, council_body):
    """Loading three times as many tasks of every kind costs no more statements."""
    busy = council_body["titular RU"]
    organisation = make_organisation("KZ", "KZ-55")
    for role in ("secretariat", "expert", "contact_point:KZ", "council_alternate:BY",
                 f"org_member:{organisation.id}"):
        grant_role(busy, RoleSpec.parse(role), "test")
    db.session.flush()

    ad = partnering.post_ad(organisation_id=organisation.id, kind="technology_offer",
                            title="Catalysts", body="Pilot batches.",
                            technology_fields=["pharmaceuticals_biotech_medical"], actor=busy)

    def add_work():
        proposal = make_proposal(partners=[make_organisation("RU", "RU-ALT"), organisation])
        reviewed = _in_review(make_proposal())
        _assign(reviewed, busy)
        _open_session(council_body["secretariat"], [_ready_proposal()])
        sender_org = make_organisation("BY", "BY-VI")
        partnering.express_interest(ad.id, sender_org.id, "Hello",
                                    make_user(f"org_member:{sender_org.id}"))
        return proposal

    with app.test_request_context():
        add_work()
        once = _statements_of_every_provider(busy)
        add_work()
        add_work()
        thrice = _statements_of_every_provider(busy)
        kinds = {task.kind for task in tasks_for(busy, utcnow())}
    assert once == thrice
    assert kinds >= {"confirm_participation", "endorse_partner", "review_invitation", "ballot",
                     "moderate_profile", "answer_interest"}


def test_the_dashboard_lists_the_tasks_with_their_due_dates(app, session):
    expert = make_expert("KZ")
    proposal = _in_review(make_proposal(acronym="DASH"))
    assignment = _assign(proposal, expert)
    assignment.due_at = (utcnow() + timedelta(days=5)).replace(hour=12, minute=0)
    db.session.commit()
    page = signed_in(app, expert).get("/dashboard").get_data(as_text=True)
    assert "Answer the invitation to review DASH" in page
    assert f'href="/review/assignments/{assignment.id}"' in page, page[page.find("Waiting for me"):][:800]
    # in the reader's zone (Moscow by default), to the minute, with the zone named
    local = assignment.due_at.astimezone(ZoneInfo("Europe/Moscow"))
    assert f"due {local:%b} {local.day}, {local:%Y}, 15:00 (UTC+03:00 Moscow)" in page
    assert "Nothing is waiting for you." not in page


def test_a_council_members_dashboard_lists_the_open_ballots(app, council_body):
    member = make_user("council_member:BY", with_totp=True)
    session = _open_session(council_body["secretariat"], [_ready_proposal()])
    acronym = db.session.get(Proposal, session.items[0].proposal_id).acronym
    db.session.commit()
    page = signed_in(app, member).get("/dashboard").get_data(as_text=True)
    assert f"Vote on {acronym} in “Council meeting”" in page
    assert f'href="/council/sessions/{session.id}#item-{session.items[0].id}-heading"' in page
    assert "Nothing is waiting for you." not in page
