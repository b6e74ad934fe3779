"""A session ends everywhere at once: sign-out, a password change and a deactivation make a
cookie copied before them worthless, and a deactivated user's tokens stop working."""

from flask_login.utils import encode_cookie

from portal.accounts import services, tokens
from tests.accounts.test_sign_in import sign_in
from tests.factories import make_user

COOKIE = "session"


def copy_cookie(source, target) -> None:
    """What an attacker with a copy of the browser's cookie would hold."""
    target.set_cookie(COOKIE, source.get_cookie(COOKIE).value)


def signed_in_with_a_copy(client, another_client, user):
    sign_in(client, user.email)
    copy_cookie(client, another_client)
    assert another_client.get("/dashboard").status_code == 200


def test_a_copied_session_cookie_is_refused_after_sign_out(client, another_client, session):
    user = make_user()
    session.commit()
    signed_in_with_a_copy(client, another_client, user)
    assert client.post("/sign-out").status_code == 302
    assert another_client.get("/dashboard").status_code == 302
    assert another_client.post("/profile/tokens", data={"name": "stolen"}).status_code == 302
    assert tokens.active_tokens(user) == []


def test_a_copied_session_cookie_is_refused_after_a_password_change(client, another_client, session):
    user = make_user()
    session.commit()
    signed_in_with_a_copy(client, another_client, user)
    services.set_password(user, "a brand new password", user)
    session.commit()
    assert another_client.get("/dashboard").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_a_copied_session_cookie_is_refused_after_deactivation(client, another_client, session):
    user = make_user()
    session.commit()
    signed_in_with_a_copy(client, another_client, user)
    services.deactivate_user(user, "test")
    session.commit()
    assert another_client.get("/dashboard").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_the_user_loader_refuses_an_inactive_user_even_with_the_current_epoch(client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    user.is_active_account = False
    session.commit()
    assert client.get("/dashboard").status_code == 302


def test_a_deactivated_users_token_gets_401_and_works_again_after_reactivation(client, session):
    user = make_user("expert")
    _row, token = tokens.create_token(user, "script", user)
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/assignments", headers=headers).status_code == 200
    services.deactivate_user(user, "test")
    session.commit()
    refused = client.get("/api/v1/assignments", headers=headers)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "unauthorized"
    services.reactivate_user(user, "test")
    session.commit()
    assert client.get("/api/v1/assignments", headers=headers).status_code == 200


def test_signing_out_in_one_browser_signs_out_every_other_one(client, another_client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    sign_in(another_client, user.email)
    assert client.post("/sign-out").status_code == 302
    assert another_client.get("/dashboard").status_code == 302


def test_the_deactivate_command_ends_the_sessions_of_the_account(client, another_client, session,
                                                                 runner):
    user = make_user()
    session.commit()
    signed_in_with_a_copy(client, another_client, user)
    result = runner.invoke(args=["users", "deactivate", user.email])
    assert result.exit_code == 0, result.output
    assert another_client.get("/dashboard").status_code == 302
    assert sign_in(client, user.email).status_code == 401


def test_a_remember_cookie_made_before_sign_out_is_refused_after_it(client, another_client,
                                                                    session, app):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    with app.test_request_context():
        remember = encode_cookie(user.get_id())
    another_client.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), remember)
    assert another_client.get("/dashboard").status_code == 200
    assert client.post("/sign-out").status_code == 302
    another_client.delete_cookie(COOKIE)
    assert another_client.get("/dashboard").status_code == 302
