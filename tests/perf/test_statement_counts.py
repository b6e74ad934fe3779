"""Pages and API lists run a fixed number of SQL statements, however long their lists grow.

Each test loads a page or an API answer with a short list (2 members, partners, items or rows),
counts the statements its request sends to the database (a ``before_cursor_execute`` listener
on the engine), grows the list to 12, and counts again: the two counts must be equal. A name
looked up per row, or a relationship loaded lazily per row, adds statements with the list and
fails the test. The first request of each test warms what a process loads once (the reference
names, compiled statements) and is not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from portal.accounts import tokens
from portal.core.db import utcnow
from portal.extensions import db
from portal.partnering.models import Ad
from portal.proposals.workflow import ProposalStatus
from portal.search.services import reindex
from tests.factories import make_call, make_user
from tests.pages import signed_in
from tests.perf import builders

SMALL, BIG = 2, 12


@contextmanager
def statements():
    """The SQL statements sent while the block runs (a list filled as they go)."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany):
        sent.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def count(session, fetch: Callable) -> tuple[int, list[str]]:
    """The statements of ``fetch``'s request, made as in production with nothing loaded yet:
    the test's objects are let go of first (tests refer to them by id)."""
    session.expunge_all()
    with statements() as sent:
        response = fetch()
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return len(sent), list(sent)


def assert_flat(session, fetch: Callable, grow: Callable[[int], object]) -> int:
    """Grow the list to SMALL rows, count ``fetch``'s statements, grow it to BIG, count again:
    the counts must be equal. Returns the count."""
    grow(SMALL)
    session.commit()
    count(session, fetch)  # warms what a process loads once
    small, _ = count(session, fetch)
    grow(BIG - SMALL)
    session.commit()
    big, sent = count(session, fetch)
    assert big == small, (f"{small} statements with {SMALL} rows, {big} with {BIG}:\n"
                          + summary(sent))
    return big


def summary(sent: list[str]) -> str:
    """The statements sent, alike ones counted once, the most repeated first."""
    alike = Counter(" ".join(statement.split())[:160] for statement in sent)
    return "\n".join(f"{times:4d} × {statement}" for statement, times in alike.most_common())


@pytest.fixture
def bearer(session):
    """``bearer(user)``: the Authorization header of a new token of ``user``."""
    def header(user) -> dict:
        _row, token = tokens.create_token(user, "test", user)
        session.commit()
        return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    return header


@pytest.fixture
def secretariat(session):
    return make_user("secretariat", with_totp=True)


@pytest.fixture
def council(session) -> dict:
    return {state: make_user(f"council_member:{state}", with_totp=True)
            for state in builders.STATES}


# --- registry -------------------------------------------------------------------------------

def test_the_cluster_page(client, session):
    cluster = builders.cluster().id
    assert_flat(session, lambda: client.get(f"/clusters/{cluster}"),
                lambda n: builders.add_members(cluster, n))


def test_the_cluster_page_across_states(client, session):
    """Members and co-managers in every state: the classification's pairs, the states and the
    groups by state and role come from the rows already loaded."""
    cluster = builders.cluster(classification="transnational").id
    statements = assert_flat(session, lambda: client.get(f"/clusters/{cluster}"),
                             lambda n: builders.add_members(cluster, n, managing=True))
    assert statements <= 7, statements


def test_the_cluster_page_in_russian_to_its_manager(app, session):
    cluster = builders.cluster().id
    manager = make_user(f"cluster_manager:{cluster}", language="ru")
    session.commit()
    reader = signed_in(app, manager, "ru")
    assert_flat(session, lambda: reader.get(f"/clusters/{cluster}"),
                lambda n: builders.add_members(cluster, n))


def test_the_cluster_api(client, session, bearer):
    cluster = builders.cluster().id
    headers = bearer(make_user())
    assert_flat(session, lambda: client.get(f"/api/v1/clusters/{cluster}", headers=headers),
                lambda n: builders.add_members(cluster, n))


def test_the_clusters_register(client, session):
    assert_flat(session, lambda: client.get("/clusters"),
                lambda n: [builders.cluster() for _ in range(n)])


def test_the_organisation_page_and_api(client, session, bearer):
    organisation = builders.organisations(1)[0].id
    headers = bearer(make_user())
    grow = lambda n: builders.add_clusters_of(organisation, n)  # noqa: E731
    assert_flat(session, lambda: client.get(f"/organisations/{organisation}"), grow)
    assert_flat(session, lambda: client.get(f"/api/v1/organisations/{organisation}",
                                            headers=headers), grow)


def test_the_organisations_list_api(client, session, bearer):
    headers = bearer(make_user())
    assert_flat(session, lambda: client.get("/api/v1/organisations?per_page=100",
                                            headers=headers), builders.organisations)


# --- proposals ------------------------------------------------------------------------------

def test_a_draft_proposal_page_and_api(app, client, session, bearer):
    proposal = builders.add_proposals(1)[0]
    applicant, proposal = proposal.created_by, proposal.id
    session.commit()
    reader, headers = signed_in(app, applicant), bearer(applicant)
    grow = lambda n: builders.add_partners(proposal, n)  # noqa: E731
    assert_flat(session, lambda: reader.get(f"/proposals/{proposal}"), grow)
    assert_flat(session, lambda: client.get(f"/api/v1/proposals/{proposal}", headers=headers),
                grow)


def test_a_submitted_proposal_page_and_api(app, client, session, bearer, secretariat):
    proposal = builders.add_proposals(1)[0]
    builders.set_status(proposal, ProposalStatus.SUBMITTED, submitted_at=utcnow(),
                        snapshot_number=1)
    applicant, proposal = proposal.created_by, proposal.id
    session.commit()
    staff, headers = signed_in(app, secretariat), bearer(secretariat)
    reader = signed_in(app, applicant)
    grow = lambda n: builders.add_partners(proposal, n)  # noqa: E731
    assert_flat(session, lambda: staff.get(f"/proposals/{proposal}"), grow)
    assert_flat(session, lambda: reader.get(f"/proposals/{proposal}"), grow)
    assert_flat(session, lambda: client.get(f"/api/v1/proposals/{proposal}", headers=headers),
                grow)


def test_the_proposals_list_page_and_api(app, client, session, bearer, secretariat):
    call = make_call().id
    staff, headers = signed_in(app, secretariat), bearer(secretariat)
    grow = lambda n: builders.add_proposals(n, call_id=call)  # noqa: E731
    assert_flat(session, lambda: client.get("/api/v1/proposals?per_page=100", headers=headers),
                grow)
    assert_flat(session, lambda: staff.get("/proposals"), grow)


# --- council --------------------------------------------------------------------------------

def test_a_vote_session_page_and_api(app, client, session, bearer, secretariat, council):
    vote_session = builders.vote_session(secretariat.id).id
    voters = {state: user.id for state, user in council.items()}
    session.commit()
    staff, headers = signed_in(app, secretariat), bearer(secretariat)
    member, member_headers = signed_in(app, council["KZ"]), bearer(council["KZ"])
    grow = lambda n: builders.add_items(vote_session, n, voters)  # noqa: E731
    assert_flat(session, lambda: staff.get(f"/council/sessions/{vote_session}"), grow)
    assert_flat(session, lambda: member.get(f"/council/sessions/{vote_session}"), grow)
    assert_flat(session, lambda: client.get(f"/api/v1/vote-sessions/{vote_session}",
                                            headers=headers), grow)
    assert_flat(session, lambda: client.get(f"/api/v1/vote-sessions/{vote_session}",
                                            headers=member_headers), grow)


def test_a_closed_vote_session_page_and_api(app, client, session, bearer, secretariat, council):
    now = utcnow()
    vote_session = builders.vote_session(secretariat.id, status="closed", closed_at=now,
                                         opens_at=now - timedelta(days=2),
                                         closes_at=now - timedelta(days=1)).id
    voters = {state: user.id for state, user in council.items()}
    session.commit()
    member, headers = signed_in(app, council["RU"]), bearer(council["RU"])
    grow = lambda n: builders.add_items(vote_session, n, voters)  # noqa: E731
    assert_flat(session, lambda: member.get(f"/council/sessions/{vote_session}"), grow)
    assert_flat(session, lambda: client.get(f"/api/v1/vote-sessions/{vote_session}",
                                            headers=headers), grow)


def test_the_vote_sessions_list(app, client, session, bearer, secretariat, council):
    staff, headers = signed_in(app, secretariat), bearer(secretariat)
    voters = {state: user.id for state, user in council.items()}
    secretariat = secretariat.id

    def grow(n):
        for _ in range(n):
            builders.add_items(builders.vote_session(secretariat).id, 1, voters)
    assert_flat(session, lambda: staff.get("/council/sessions"), grow)
    assert_flat(session, lambda: client.get("/api/v1/vote-sessions?per_page=100",
                                            headers=headers), grow)


def test_the_decisions_register_page_and_api(client, session, secretariat):
    secretariat = secretariat.id
    grow = lambda n: builders.add_decisions(n, secretariat)  # noqa: E731
    assert_flat(session, lambda: client.get("/decisions"), grow)
    assert_flat(session, lambda: client.get("/api/v1/decisions?per_page=100"), grow)


# --- partnering, calls, search --------------------------------------------------------------

def test_the_ads_list_page_and_api(app, client, session, bearer):
    author, reader = make_user().id, make_user()
    session.commit()
    page, headers = signed_in(app, reader), bearer(reader)
    grow = lambda n: builders.add_ads(n, author)  # noqa: E731
    assert_flat(session, lambda: page.get("/ads"), grow)
    assert_flat(session, lambda: client.get("/api/v1/ads?per_page=100", headers=headers), grow)


def test_the_calls_list_page_and_api(client, session):
    assert_flat(session, lambda: client.get("/calls"), builders.add_calls)
    assert_flat(session, lambda: client.get("/api/v1/calls?per_page=100"), builders.add_calls)


def test_the_search_page_and_api(client, session):
    assert_flat(session, lambda: client.get("/search?q=titanium"), builders.add_indexed)
    assert_flat(session, lambda: client.get("/api/v1/search?q=titanium&per_page=100"),
                builders.add_indexed)


def test_the_search_page_and_api_finding_ads(app, client, session, bearer):
    """A signed-in reader finds cooperation ads too, each shown with its organisation."""
    author, reader = make_user().id, make_user()
    session.commit()
    page, headers = signed_in(app, reader), bearer(reader)

    def grow(n):
        builders.add_ads(n, author)
        session.flush()
        for ad in session.scalars(select(Ad)):
            reindex("ad", ad.id)
    assert_flat(session, lambda: page.get("/search?q=titanium"), grow)
    assert_flat(session, lambda: client.get("/api/v1/search?q=titanium&per_page=100",
                                            headers=headers), grow)


# --- registers are paginated ----------------------------------------------------------------

def test_the_decisions_register_shows_a_page_at_a_time(client, session, secretariat,
                                                       monkeypatch):
    monkeypatch.setattr("portal.council.views.REGISTER_PER_PAGE", 2)
    builders.add_decisions(3, secretariat.id)
    session.commit()
    first = client.get("/decisions").get_data(as_text=True)
    assert first.count('href="/decisions/') == 2 and "Page 1 of 2" in first
    assert 'href="/decisions?page=2" rel="next"' in first
    second = client.get("/decisions?page=2").get_data(as_text=True)
    assert second.count('href="/decisions/') == 1 and 'rel="prev"' in second
    assert client.get("/decisions?page=0").status_code == 400
    assert client.get("/decisions?page=99").status_code == 200


def test_the_clusters_register_shows_a_page_at_a_time(client, session, monkeypatch):
    monkeypatch.setattr("portal.registry.views.REGISTER_PER_PAGE", 2)
    for _ in range(3):
        builders.cluster()
    session.commit()
    first = client.get("/clusters").get_data(as_text=True)
    assert first.count('href="/clusters/') == 2 and "Page 1 of 2" in first
    second = client.get("/clusters?page=2").get_data(as_text=True)
    assert second.count('href="/clusters/') == 1 and 'rel="prev"' in second
    assert client.get("/clusters?page=x").status_code == 400
