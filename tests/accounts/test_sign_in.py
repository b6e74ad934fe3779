"""Signing in: passwords, the lockout after repeated failures, and two-factor."""

from datetime import timedelta

import pytest

from portal.accounts import two_factor
from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from tests.factories import PASSWORD, make_user


def sign_in(client, email, password=PASSWORD, follow=False):
    return client.post("/sign-in", data={"email": email, "password": password},
                       follow_redirects=follow)


def test_a_user_without_a_privileged_role_signs_in_with_the_password(client, session):
    user = make_user("expert")
    session.commit()
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200


def test_a_wrong_password_is_refused_with_401_and_a_message(client, session):
    user = make_user()
    session.commit()
    response = sign_in(client, user.email, "not the password")
    assert response.status_code == 401
    assert b"not correct" in response.data
    assert client.get("/dashboard").status_code == 302


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client, session):
    user = make_user()
    session.commit()
    unknown = sign_in(client, "nobody@example.org", "whatever")
    wrong = sign_in(client, user.email, "whatever")
    assert unknown.status_code == wrong.status_code == 401
    message = b"The e-mail address or the password is not correct."
    assert message in unknown.data and message in wrong.data


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, session, app):
    user = make_user()
    session.commit()
    for _attempt in range(app.config["LOGIN_FAILURES_BEFORE_LOCK"] - 1):
        assert sign_in(client, user.email, "wrong password").status_code == 401
    locking = sign_in(client, user.email, "wrong password")
    assert locking.status_code == 401
    assert b"Too many failed attempts" in locking.data
    locked = sign_in(client, user.email)
    assert locked.status_code == 401
    assert b"Too many failed attempts" in locked.data
    session.refresh(user)
    assert user.locked_until > utcnow()


def test_the_lock_ends_after_its_time(client, session):
    user = make_user()
    user.locked_until = utcnow() - timedelta(seconds=1)
    session.commit()
    assert sign_in(client, user.email).status_code == 302


def test_failed_and_successful_sign_ins_are_audited(client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email, "wrong password")
    sign_in(client, user.email)
    actions = [e.action for e in session.query(AuditEntry).filter_by(object=f"user:{user.id}")]
    assert "login.failed" in actions and "login" in actions


@pytest.mark.parametrize("role", ["admin", "secretariat", "council_member:KZ", "council_alternate:AM"])
def test_privileged_roles_must_set_up_two_factor_before_entering(client, session, role):
    user = make_user(role)
    session.commit()
    response = sign_in(client, user.email)
    assert response.headers["Location"].endswith("/sign-in/set-up-two-factor")
    assert client.get("/dashboard").status_code == 302


def set_up_two_factor(client, user):
    """Sign in with the password and set up two factors with a valid code: the answer and the
    secret."""
    sign_in(client, user.email)
    with client.session_transaction() as browser_session:
        browser_session["two_factor_setup_secret"] = secret = two_factor.new_secret()
    response = client.post("/sign-in/set-up-two-factor",
                           data={"code": two_factor.current_code(secret)})
    assert response.status_code == 200
    return response, secret


def test_setting_up_two_factor_with_a_valid_code_signs_in(client, session):
    user = make_user("admin")
    session.commit()
    response, secret = set_up_two_factor(client, user)
    assert response.data.count(b"<li><code>") == 10 and b'href="/dashboard"' in response.data
    assert client.get("/dashboard").status_code == 200
    session.refresh(user)
    assert user.totp_secret == secret


def test_two_factor_code_is_required_and_checked(client, session):
    user = make_user("secretariat", with_totp=True)
    session.commit()
    assert sign_in(client, user.email).headers["Location"].endswith("/sign-in/code")
    assert client.get("/dashboard").status_code == 302
    assert client.post("/sign-in/code", data={"code": "000000"}).status_code == 401
    response = client.post("/sign-in/code", data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_a_two_factor_code_cannot_be_used_twice(client, session):
    user = make_user("secretariat", with_totp=True)
    session.commit()
    code = two_factor.current_code(user.totp_secret)
    sign_in(client, user.email)
    assert client.post("/sign-in/code", data={"code": code}).status_code == 302
    client.post("/sign-out")
    sign_in(client, user.email)
    assert client.post("/sign-in/code", data={"code": code}).status_code == 401


def test_the_code_page_is_unreachable_without_the_password_step(client, session):
    response = client.post("/sign-in/code", data={"code": "123456"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sign-in")


def test_changing_the_password_ends_other_sessions(client, session, app):
    from portal.accounts import services

    user = make_user()
    session.commit()
    sign_in(client, user.email)
    assert client.get("/dashboard").status_code == 200
    services.set_password(user, "a brand new password", user)
    session.commit()
    assert client.get("/dashboard").status_code == 302


def test_sign_out_ends_the_session(client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    assert client.post("/sign-out").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_sign_out_lands_on_the_home_page_without_asking_to_sign_in(client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    response = client.post("/sign-out", follow_redirects=True)
    assert response.request.path == "/"
    assert b"You have signed out." in response.data
    assert b"Please sign in to see this page." not in response.data


def test_next_parameter_cannot_send_the_user_to_another_site(client, session):
    user = make_user()
    session.commit()
    response = client.post("/sign-in?next=//evil.example/x",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/dashboard")


def lock(user, app):
    user.locked_until = utcnow() + timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"])


def test_the_right_code_is_refused_while_the_account_is_locked(client, session, app):
    user = make_user("secretariat", with_totp=True)
    session.commit()
    assert sign_in(client, user.email).headers["Location"].endswith("/sign-in/code")
    for _attempt in range(app.config["LOGIN_FAILURES_BEFORE_LOCK"] - 1):
        wrong = client.post("/sign-in/code", data={"code": "000000"})
        assert wrong.status_code == 401
        assert b"This code is not valid" in wrong.data
    locking = client.post("/sign-in/code", data={"code": "000000"})
    assert locking.status_code == 401
    assert b"Too many failed attempts. Try again in a few minutes." in locking.data
    session.refresh(user)
    assert user.locked_until > utcnow()
    response = client.post("/sign-in/code", data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 401
    assert b"Too many failed attempts. Try again in a few minutes." in response.data
    assert client.get("/dashboard").status_code == 302


def test_setting_up_two_factor_is_refused_while_the_account_is_locked(client, session, app):
    user = make_user("admin")
    session.commit()
    sign_in(client, user.email)
    with client.session_transaction() as browser_session:
        browser_session["two_factor_setup_secret"] = secret = two_factor.new_secret()
    lock(user, app)
    session.commit()
    response = client.post("/sign-in/set-up-two-factor",
                           data={"code": two_factor.current_code(secret)})
    assert response.status_code == 401
    assert b"Too many failed attempts" in response.data
    assert client.get("/dashboard").status_code == 302
    session.refresh(user)
    assert user.totp_secret is None
