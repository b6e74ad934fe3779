"""Who reaches the onboarding pages, and the rate limit on their public forms."""

import pytest

from portal import create_app
from portal.extensions import db, limiter
from tests.accounts.conftest import english
from tests.accounts.helpers import person, sign_in
from tests.conftest import app_settings
from tests.factories import make_organisation

INVITER_PAGES = ["/invitations", "/invitations/new"]


@pytest.mark.parametrize("path", INVITER_PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, session, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("path", INVITER_PAGES)
def test_a_user_who_may_invite_nobody_gets_403(client, session, path):
    organisation = make_organisation()
    member = person(f"org_member:{organisation.id}")
    session.commit()
    sign_in(client, member.email)
    assert client.get(path).status_code == 403


def test_a_user_who_may_invite_nobody_cannot_send_an_invitation(client, session):
    organisation = make_organisation()
    member = person(f"org_member:{organisation.id}")
    scope = str(organisation.id)
    session.commit()
    sign_in(client, member.email)
    response = client.post("/invitations/new", data={
        "email": "x@example.com", "role": "org_member", "organisation": scope,
        "language": "en"})
    assert response.status_code == 403


def test_the_navigation_links_to_the_invitations_only_for_those_who_may_invite(
        client, another_client, session):
    organisation = make_organisation()
    org_admin = person(f"org_admin:{organisation.id}")
    member = person(f"org_member:{organisation.id}")
    emails = org_admin.email, member.email
    session.commit()
    sign_in(client, emails[0])
    sign_in(another_client, emails[1])
    assert 'href="/invitations"' in client.get("/dashboard").get_data(as_text=True)
    assert 'href="/invitations"' not in another_client.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/register", "/password/forgot", "/sign-in"])
def test_the_public_pages_are_open_to_anonymous_visitors(client, session, path):
    page = client.get(path)
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("<h1>") == 1


@pytest.fixture
def rate_limited_client(tmp_path, database_url):
    """A second app with rate limits on. The limiter is one object shared by every app: its
    switch and counters are put back afterwards, for the rest of the suite."""
    enabled = limiter.enabled
    app = create_app(app_settings(tmp_path, database_url, RATELIMIT_ENABLED=True))
    try:
        yield english(app.test_client())
    finally:
        limiter.reset()
        limiter.enabled = enabled
        with app.app_context():
            db.engine.dispose()


def test_the_forgotten_password_form_is_rate_limited(rate_limited_client):
    answers = [rate_limited_client.post("/password/forgot", data={"email": "nobody@example.com"})
               for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert rate_limited_client.get("/password/forgot").status_code == 200  # reading stays open


@pytest.mark.parametrize("path", ["/register", "/invitations/some-token",
                                  "/register/confirm/some-token", "/password/reset/some-token"])
def test_every_public_onboarding_form_is_rate_limited(rate_limited_client, path):
    statuses = [rate_limited_client.post(path, data={}).status_code for _ in range(6)]
    assert statuses[-1] == 429
    assert 429 not in statuses[:5]
