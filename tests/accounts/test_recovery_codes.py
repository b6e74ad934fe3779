"""Recovery codes: ten, shown once, stored as digests, each good for one sign-in."""

import re

from sqlalchemy import select

from portal.accounts import recovery_codes, two_factor
from portal.accounts.models import RecoveryCode
from portal.core.audit import AuditEntry
from tests.accounts.test_sign_in import lock, set_up_two_factor, sign_in
from tests.factories import make_user

CODE = re.compile(r"<li><code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code></li>")


def codes_on(response) -> list[str]:
    return CODE.findall(response.get_data(as_text=True))


def codes_of_a_new_set_up(client, user) -> list[str]:
    response, _secret = set_up_two_factor(client, user)
    return codes_on(response)


def test_setting_up_two_factor_shows_ten_codes_once_and_stores_only_their_digests(client, session):
    user = make_user("admin")
    session.commit()
    codes = codes_of_a_new_set_up(client, user)
    assert len(set(codes)) == recovery_codes.COUNT
    stored = set(session.scalars(select(RecoveryCode.digest).where(RecoveryCode.user_id == user.id)))
    assert stored == {recovery_codes.digest(code) for code in codes}
    assert not any(code in digest or recovery_codes.normalise(code) in digest
                   for code in codes for digest in stored)
    assert codes_on(client.get("/profile")) == []


def test_each_recovery_code_signs_in_once_in_place_of_the_app_code(client, session):
    user = make_user("secretariat", with_totp=True)
    codes = recovery_codes.replace_codes(user, "test")
    session.commit()
    for code in codes[:2]:
        sign_in(client, user.email)
        assert client.post("/sign-in/code", data={"code": code.upper()}).status_code == 302
        assert client.get("/dashboard").status_code == 200
        client.post("/sign-out")
        sign_in(client, user.email)
        assert client.post("/sign-in/code", data={"code": code}).status_code == 401
    assert recovery_codes.codes_left(user) == recovery_codes.COUNT - 2
    used = session.scalars(select(AuditEntry).where(AuditEntry.object == f"user:{user.id}",
                                                    AuditEntry.action == "login.recovery_code_used"))
    assert len(list(used)) == 2


def test_a_recovery_code_is_refused_while_the_account_is_locked(client, session, app):
    user = make_user("secretariat", with_totp=True)
    [code, *_rest] = recovery_codes.replace_codes(user, "test")
    session.commit()
    sign_in(client, user.email)
    lock(user, app)
    session.commit()
    response = client.post("/sign-in/code", data={"code": code})
    assert response.status_code == 401 and b"Too many failed attempts" in response.data
    assert recovery_codes.codes_left(user) == recovery_codes.COUNT


def test_another_users_recovery_code_does_not_sign_in(client, session):
    user = make_user("secretariat", with_totp=True)
    other = make_user("secretariat", with_totp=True)
    [code, *_rest] = recovery_codes.replace_codes(other, "test")
    session.commit()
    sign_in(client, user.email)
    assert client.post("/sign-in/code", data={"code": code}).status_code == 401


def test_new_recovery_codes_from_the_profile_replace_the_old_ones(client, session):
    user = make_user("secretariat", with_totp=True)
    old = recovery_codes.replace_codes(user, "test")
    session.commit()
    sign_in(client, user.email)
    client.post("/sign-in/code", data={"code": two_factor.current_code(user.totp_secret)})
    response = client.post("/profile/recovery-codes")
    new = codes_on(response)
    assert response.status_code == 200 and len(new) == recovery_codes.COUNT
    assert not set(old) & set(new)
    client.post("/sign-out")
    sign_in(client, user.email)
    assert client.post("/sign-in/code", data={"code": old[0]}).status_code == 401
    assert client.post("/sign-in/code", data={"code": new[0]}).status_code == 302


def test_a_user_without_two_factor_cannot_make_recovery_codes(client, session):
    user = make_user()
    session.commit()
    sign_in(client, user.email)
    assert client.post("/profile/recovery-codes").status_code == 403
    assert recovery_codes.codes_left(user) == 0
