"""Personal access tokens: created on the profile page or the command line, revocable."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from sqlalchemy import event, select

from portal.accounts import services, tokens, two_factor
from portal.accounts.models import ApiToken
from portal.accounts.roles import RoleSpec
from portal.core.db import utcnow
from portal.core.errors import ValidationError
from portal.registry.models import Organisation
from tests.accounts.test_sign_in import sign_in
from tests.factories import make_user
from tests.registry.test_api import NEW_ORGANISATION


def test_a_token_authenticates_the_api_and_revoking_it_stops_that(app, client, session):
    user = make_user("expert")
    row, token = tokens.create_token(user, "script", user)
    session.commit()
    assert row.digest != token and token not in row.prefix + row.digest
    assert tokens.user_for_token(token) == user
    tokens.revoke_token(row, user)
    session.commit()
    assert tokens.user_for_token(token) is None


def test_the_profile_page_creates_shows_once_and_revokes_tokens(client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    created = client.post("/profile/tokens", data={"name": "national system"})
    assert created.status_code == 201
    row = session.query(ApiToken).filter_by(user_id=user.id).one()
    assert b"national system" in created.data
    shown = created.data.decode()
    assert row.prefix in shown
    again = client.get("/profile").data.decode()
    assert "national system" in again and "Copy it now" not in again
    assert client.post(f"/profile/tokens/{row.id}/revoke").status_code == 302
    session.refresh(row)
    assert row.revoked_at is not None


def test_a_user_cannot_revoke_someone_elses_token(client, session):
    owner = make_user()
    other = make_user()
    row, _token = tokens.create_token(owner, "mine", owner)
    session.commit()
    sign_in(client, other.email)
    assert client.post(f"/profile/tokens/{row.id}/revoke").status_code == 404
    session.refresh(row)
    assert row.revoked_at is None


def test_a_token_without_a_name_is_refused_with_a_message(client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    response = client.post("/profile/tokens", data={"name": ""})
    assert response.status_code == 422
    assert session.query(ApiToken).filter_by(user_id=user.id).count() == 0


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_an_expired_token_gets_401(client, session):
    user = make_user("expert")
    row, token = tokens.create_token(user, "script", user, days=1)
    session.commit()
    assert client.get("/api/v1/assignments", headers=bearer(token)).status_code == 200
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    response = client.get("/api/v1/assignments", headers=bearer(token))
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_a_read_token_reads_but_gets_403_with_a_message_on_every_write(client, session):
    user = make_user("expert")
    _row, read = tokens.create_token(user, "reader", user, scope="read")
    _row, write = tokens.create_token(user, "writer", user, scope="read_write")
    session.commit()
    assert client.get("/api/v1/assignments", headers=bearer(read)).status_code == 200
    assert client.post("/api/v1/organisations", json={}, headers=bearer(write)).status_code == 422
    writes = [("post", "/api/v1/organisations"), ("patch", "/api/v1/organisations/1"),
              ("delete", "/api/v1/ads/1/follow"), ("post", "/api/v1/ads/1/follow")]
    for method, path in writes:
        refused = getattr(client, method)(path, json={}, headers=bearer(read))
        assert refused.status_code == 403, path
        assert refused.json["error"]["code"] == "forbidden"
        assert "may only read" in refused.json["error"]["message"]


def test_tokens_last_the_days_chosen_within_the_limit_of_the_role(in_request, session):
    expert = make_user("expert")
    council = make_user("council_member:KZ")
    row, _token = tokens.create_token(expert, "year", expert, days=365)
    assert timedelta(days=364) < row.expires_at - utcnow() <= timedelta(days=365)
    with pytest.raises(ValidationError) as refused:
        tokens.create_token(expert, "too long", expert, days=366)
    assert "days" in refused.value.fields
    with pytest.raises(ValidationError):
        tokens.create_token(council, "too long", council, days=91)
    with pytest.raises(ValidationError):
        tokens.create_token(expert, "none", expert, days=0)
    with pytest.raises(ValidationError) as scope:
        tokens.create_token(expert, "admin", expert, scope="admin")
    assert "scope" in scope.value.fields


def signed_in_with_the_second_factor(client, session, user):
    sign_in(client, user.email)
    response = client.post("/sign-in/code", data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 302


def test_a_council_member_cannot_create_a_token_without_the_second_factor_in_this_sign_in(
        client, session):
    user = make_user("expert", with_totp=False)
    session.commit()
    sign_in(client, user.email)
    services.grant_role(user, RoleSpec.parse("council_member:KZ"), "test")
    session.commit()
    refused = client.post("/profile/tokens", data={"name": "ballots", "days": "30",
                                                   "scope": "read_write"})
    assert refused.status_code == 403
    assert b"sign in again with your code" in refused.data
    assert tokens.active_tokens(user) == []


def test_a_council_member_creates_a_token_of_at_most_90_days_after_the_second_factor(client, session):
    user = make_user("council_member:KZ", with_totp=True)
    session.commit()
    signed_in_with_the_second_factor(client, session, user)
    too_long = client.post("/profile/tokens", data={"name": "ballots", "days": "365",
                                                    "scope": "read_write"})
    assert too_long.status_code == 422
    assert b"A token lasts from 1 to 90 days." in too_long.data
    assert tokens.active_tokens(user) == []
    created = client.post("/profile/tokens", data={"name": "ballots", "days": "90",
                                                   "scope": "read"})
    assert created.status_code == 201
    [row] = tokens.active_tokens(user)
    assert row.scope == "read" and row.expires_at - utcnow() <= timedelta(days=90)


def test_the_profile_page_shows_each_tokens_scope_and_expiry_as_a_date(client, session):
    user = make_user()
    row, _token = tokens.create_token(user, "nightly export", user, days=30, scope="read")
    session.commit()
    sign_in(client, user.email)
    page = client.get("/profile").data.decode()
    assert "only read" in page
    expires = row.expires_at.astimezone(ZoneInfo(user.timezone))
    assert format_date(expires, "medium", locale="en") in page  # to the minute, the zone named
    assert 'name="days"' in page and 'name="scope"' in page


@pytest.mark.parametrize(("language", "header"), [
    ("en", "send it as “Authorization: Bearer &lt;token&gt;”."),
    ("ru", "передавайте его в заголовке «Authorization: Bearer &lt;token&gt;»."),
])
def test_the_profile_page_shows_the_header_a_token_is_sent_in_whole(client, session, language,
                                                                      header):
    user = make_user(language=language)
    session.commit()
    sign_in(client, user.email)
    assert header in client.get("/profile").data.decode()


def test_the_token_command_prints_the_token_alone_with_the_chosen_days_and_scope(runner, session):
    user = make_user("expert")
    council = make_user("council_member:AM")
    session.commit()
    result = runner.invoke(args=["users", "token", user.email, "--days", "7", "--scope", "read"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert "\n" not in token and token.startswith(tokens.PREFIX)
    row = tokens.valid_token(token)
    assert row.scope == "read" and row.expires_at - utcnow() <= timedelta(days=7)
    default = runner.invoke(args=["users", "token", council.email])
    row = tokens.valid_token(default.output.strip())
    assert row.scope == "read_write"
    assert timedelta(days=89) < row.expires_at - utcnow() <= timedelta(days=90)
    too_long = runner.invoke(args=["users", "token", council.email, "--days", "91"])
    assert too_long.exit_code != 0 and "--days" in too_long.output
    assert len(tokens.active_tokens(council)) == 1


def test_a_long_token_stops_90_days_after_its_creation_once_its_user_holds_a_two_factor_role(
        client, session):
    user = make_user("expert")
    row, token = tokens.create_token(user, "year", user, days=365)
    row.created_at = utcnow() - timedelta(days=91)
    session.commit()
    assert client.get("/api/v1/assignments", headers=bearer(token)).status_code == 200
    services.grant_role(user, RoleSpec.parse("council_member:BY"), "test")
    session.commit()
    assert client.get("/api/v1/assignments", headers=bearer(token)).status_code == 401
    assert tokens.active_tokens(user) == []


@pytest.fixture
def commits(session):
    """The number of commits the session makes, counted from here."""
    counted = []
    listener = lambda _session: counted.append(1)  # noqa: E731
    event.listen(session, "after_commit", listener)
    yield counted
    event.remove(session, "after_commit", listener)


def _last_used(session, row):
    session.refresh(row)
    return row.last_used_at


def test_a_read_with_a_token_commits_when_it_was_used_at_the_end_of_the_request(
        client, session, commits):
    user = make_user("expert")
    row, token = tokens.create_token(user, "script", user)
    session.commit()
    commits.clear()

    assert client.get("/api/v1/assignments", headers=bearer(token)).status_code == 200

    assert len(commits) == 1
    assert _last_used(session, row) is not None  # committed: the request's end rolls back the rest


def test_a_write_with_a_token_commits_its_change_and_the_use_once(client, session, commits):
    user = make_user()
    row, token = tokens.create_token(user, "script", user)
    session.commit()
    commits.clear()

    response = client.post("/api/v1/organisations", json=NEW_ORGANISATION, headers=bearer(token))

    assert response.status_code == 201, response.get_json()
    assert len(commits) == 1
    assert _last_used(session, row) is not None


def test_a_refused_write_commits_the_use_and_nothing_else(client, session, commits):
    user = make_user("expert")
    row, token = tokens.create_token(user, "reader", user, scope="read")
    session.commit()
    commits.clear()

    refused = client.post("/api/v1/organisations", json=NEW_ORGANISATION, headers=bearer(token))

    assert refused.status_code == 403
    assert len(commits) == 1
    assert _last_used(session, row) is not None
    assert session.scalar(select(Organisation).where(
        Organisation.name == NEW_ORGANISATION["name"])) is None


def test_a_token_used_again_within_minutes_writes_nothing(client, session, commits):
    user = make_user("expert")
    row, token = tokens.create_token(user, "script", user)
    session.commit()
    client.get("/api/v1/assignments", headers=bearer(token))
    first = _last_used(session, row)
    commits.clear()

    assert client.get("/api/v1/assignments", headers=bearer(token)).status_code == 200

    assert commits == []
    assert _last_used(session, row) == first
