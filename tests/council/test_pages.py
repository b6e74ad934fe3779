"""The council pages: the secretariat creates a session and closes a meeting, seeing who has
voted; a council member votes with a radio group and may recuse; the register is public."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.accounts import two_factor
from portal.core.db import utcnow
from portal.council import decisions, services
from portal.council.models import SessionStatus, VoteSession
from portal.extensions import db
from tests.council.conftest import STATES, open_session, ready_proposal
from tests.factories import PASSWORD


def signed_in(app, user):
    if user.totp_secret is None:
        user.totp_secret = two_factor.new_secret()
    db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    if response.headers["Location"].endswith("/sign-in/code"):
        response = client.post("/sign-in/code",
                               data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 302
    return client


def test_the_secretariat_creates_a_session_from_the_page(app, council):
    proposal = ready_proposal()
    browser = signed_in(app, council.secretariat)
    form = browser.get("/council/sessions/new").get_data(as_text=True)
    assert proposal.title in form and 'type="checkbox"' in form

    now = utcnow()
    response = browser.post("/council/sessions/new", data={
        "title": "Council meeting 7", "kind": "meeting",
        "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "seats_per_state": "1", "proposals": [str(proposal.id)]})

    assert response.status_code == 302
    vote_session = db.session.scalar(db.select(VoteSession))
    assert vote_session.title == "Council meeting 7"
    assert [item.proposal_id for item in vote_session.items] == [proposal.id]


def test_a_council_member_votes_with_a_radio_group_and_sees_only_their_state(app, council):
    vote_session = open_session(council, [ready_proposal()])
    item = vote_session.items[0]
    services.cast_ballot(item.id, council.titular["RU"], "against")
    db.session.commit()
    browser = signed_in(app, council.titular["KZ"])

    page = browser.get(f"/council/sessions/{vote_session.id}").get_data(as_text=True)
    assert 'type="radio"' in page and "<legend>" in page and "Recuse yourself" in page
    response = browser.post(f"/council/sessions/{vote_session.id}/items/{item.id}/ballot",
                            data={f"item{item.id}-choice": "for"})
    assert response.status_code == 302

    page = browser.get(f"/council/sessions/{vote_session.id}").get_data(as_text=True)
    assert "Kazakhstan" in page and "Russia" not in page.split("Agenda", 1)[1].split("All vote")[0]
    assert [(b.state_code, b.choice) for b in services.counted_ballots(item)] == [
        ("KZ", "for"), ("RU", "against")]


def test_the_secretariat_sees_who_voted_and_closes_the_meeting(app, council):
    vote_session = open_session(council, [ready_proposal()])
    services.cast_ballot(vote_session.items[0].id, council.titular["BY"], "for")
    db.session.commit()
    browser = signed_in(app, council.secretariat)

    page = browser.get(f"/council/sessions/{vote_session.id}").get_data(as_text=True)
    assert "Seats that have voted:" in page and "Belarus" in page
    assert 'type="radio"' not in page
    check_path = f"/council/sessions/{vote_session.id}/close"
    assert f'href="{check_path}"' in page

    check = browser.get(check_path)
    assert check.status_code == 200
    html = check.get_data(as_text=True)
    assert "cannot be undone" in html and "Belarus" in html
    assert f'action="{check_path}"' in html
    db.session.refresh(vote_session)
    assert vote_session.status != SessionStatus.CLOSING

    response = browser.post(check_path)
    assert response.status_code == 302
    db.session.refresh(vote_session)
    assert vote_session.status == SessionStatus.CLOSING


def test_the_register_and_a_decision_page_are_public(app, client, council):
    vote_session = open_session(council, [ready_proposal()])
    for state in STATES:
        services.cast_ballot(vote_session.items[0].id, council.titular[state], "for")
    services.close_session(vote_session.id, council.secretariat)
    [decision] = decisions.tally_session(vote_session.id)
    db.session.commit()

    register = client.get("/decisions")
    assert register.status_code == 200 and decision.number in register.get_data(as_text=True)
    assert f"{decision.proposal.acronym}: {decision.proposal.title}" in register.get_data(
        as_text=True)
    page = client.get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert "adopted" in page and "Armenia" in page
    assert "Ask for reconsideration" not in page

    member = signed_in(app, council.titular["AM"])
    assert "Ask for reconsideration" in member.get(f"/decisions/{decision.id}").get_data(
        as_text=True)
    response = member.post(f"/decisions/{decision.id}/reconsideration",
                           data={"reason": "New facts."})
    assert response.status_code == 302
    db.session.refresh(decision)
    assert decision.reconsideration_requested_at is not None


def test_the_register_is_in_russian_for_a_russian_reader(client):
    page = client.get("/decisions", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert 'lang="ru"' in page


def test_the_session_form_takes_times_in_the_users_zone_and_says_which(app, council):
    proposal = ready_proposal()
    council.secretariat.timezone = "Asia/Yekaterinburg"
    browser = signed_in(app, council.secretariat)
    form = browser.get("/council/sessions/new").get_data(as_text=True)
    assert "Opens at, your time (UTC+05:00 Yekaterinburg)" in form
    assert "(UTC)" not in form

    response = browser.post("/council/sessions/new", data={
        "title": "Council meeting 8", "kind": "written",
        "opens_at": "2027-03-01T09:00", "closes_at": "2027-03-15T18:00",
        "seats_per_state": "1", "proposals": [str(proposal.id)]})

    assert response.status_code == 302
    vote_session = db.session.scalar(db.select(VoteSession))
    assert vote_session.opens_at == datetime(2027, 3, 1, 4, 0, tzinfo=UTC)
    assert vote_session.closes_at == datetime(2027, 3, 15, 13, 0, tzinfo=UTC)
    page = browser.get(f"/council/sessions/{vote_session.id}").get_data(as_text=True)
    assert "Mar 1, 2027, 09:00 (UTC+05:00 Yekaterinburg)" in page
    api = services.get_session(vote_session.id, council.secretariat)
    assert api.opens_at.astimezone(UTC).isoformat() == "2027-03-01T04:00:00+00:00"
