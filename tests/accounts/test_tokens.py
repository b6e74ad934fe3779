"""Personal access tokens: created on the profile page or the command line, revocable."""

from portal.accounts import tokens
from portal.accounts.models import ApiToken
from tests.accounts.test_sign_in import sign_in
from tests.factories import make_user


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
