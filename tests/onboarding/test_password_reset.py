"""Password reset by e-mail: the same answer for every address, a link that works once and for an
hour, and the end of the sessions signed in with the old password."""

import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from portal.accounts import passwords
from portal.accounts.models import User
from portal.extensions import db
from portal.onboarding import links
from tests.accounts.helpers import link_path, mails, main_text, person, sign_in

NEW_PASSWORD = "a fresh passphrase"


def _ask_for_link(client, email):
    return client.post("/password/forgot", data={"email": email})


def test_asking_for_a_link_answers_the_same_whether_or_not_the_address_exists(client, session):
    person(email="known@example.com")
    session.commit()
    known = _ask_for_link(client, "known@example.com")
    unknown = _ask_for_link(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert main_text(known).replace("known@", "nobody@") == main_text(unknown)
    assert len(mails("password_reset", "known@example.com")) == 1
    assert mails("password_reset", "nobody@example.com") == []


def test_the_link_from_the_mail_sets_the_new_password_and_works_once(
        client, another_client, session):
    user = person(email="forgetful@example.com")
    user_id = user.id
    session.commit()
    _ask_for_link(another_client, "forgetful@example.com")
    link = link_path(mails("password_reset", "forgetful@example.com")[0])
    assert link.startswith("/password/reset/")

    assert another_client.get(link).status_code == 200
    response = another_client.post(link, data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    assert passwords.check_password(db.session.get(User, user_id).password_hash, NEW_PASSWORD)
    assert sign_in(client, "forgetful@example.com", NEW_PASSWORD).status_code == 302

    again = another_client.post(link, data={"password": "yet another passphrase"})
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)
    assert passwords.check_password(db.session.get(User, user_id).password_hash, NEW_PASSWORD)


def test_a_reset_ends_the_sessions_signed_in_with_the_old_password(client, another_client, session):
    person(email="victim@example.com")
    session.commit()
    assert sign_in(client, "victim@example.com").status_code == 302
    assert client.get("/dashboard").status_code == 200

    _ask_for_link(another_client, "victim@example.com")
    link = link_path(mails("password_reset", "victim@example.com")[0])
    another_client.post(link, data={"password": NEW_PASSWORD})

    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_a_link_older_than_an_hour_is_refused(app, client, session):
    user = person(email="slow@example.com")
    session.commit()

    class HourAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 3601

    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=links.RESET_PASSWORD,
                                        signer=HourAgo)
    token = serializer.dumps({"id": user.id, "email": user.email, "epoch": user.session_epoch})
    response = client.post(f"/password/reset/{token}", data={"password": NEW_PASSWORD})
    assert response.status_code == 410
    assert not passwords.check_password(db.session.get(User, user.id).password_hash, NEW_PASSWORD)


def test_a_confirmation_link_cannot_be_used_to_reset_a_password(client, session):
    user = person(email="mixed@example.com", confirmed=False)
    token = links.make_token(user, links.CONFIRM_EMAIL)
    session.commit()
    assert client.post(f"/password/reset/{token}", data={"password": NEW_PASSWORD}).status_code == 410


def test_a_reset_confirms_an_address_still_waiting_for_its_confirmation(
        client, another_client, session):
    user = person(email="unconfirmed@example.com", confirmed=False)
    user_id = user.id
    session.commit()
    _ask_for_link(client, "unconfirmed@example.com")
    link = link_path(mails("password_reset", "unconfirmed@example.com")[0])
    another_client.post(link, data={"password": NEW_PASSWORD})
    assert db.session.get(User, user_id).email_confirmed_at is not None
    assert sign_in(client, "unconfirmed@example.com", NEW_PASSWORD).status_code == 302


def test_a_too_short_new_password_is_refused(client, session):
    person(email="short@example.com")
    session.commit()
    _ask_for_link(client, "short@example.com")
    link = link_path(mails("password_reset", "short@example.com")[0])
    assert client.post(link, data={"password": "short"}).status_code == 422
    assert client.get(link).status_code == 200  # the link still works
