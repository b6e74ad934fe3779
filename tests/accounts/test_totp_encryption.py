"""TOTP secrets are encrypted at rest with PORTAL_ENCRYPTION_KEY; sign-in and the demo's code
command read them through the key."""

import time

import flask_migrate
import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import text

from portal import create_app
from portal.accounts import two_factor
from portal.extensions import db
from tests.accounts.test_sign_in import sign_in
from tests.conftest import app_settings
from tests.databases import create_scratch_database, drop_scratch_database
from tests.factories import make_user


def stored_secret(session, user) -> str:
    return session.execute(text("SELECT totp_secret_encrypted FROM user_account WHERE id = :id"),
                           {"id": user.id}).scalar_one()


def test_the_secret_in_the_database_is_not_the_base32_secret_and_sign_in_still_works(
        client, session, app):
    user = make_user("secretariat", with_totp=True)
    session.commit()
    secret = user.totp_secret
    stored = stored_secret(session, user)
    assert secret not in stored and stored != secret
    fernet = Fernet(app.config["PORTAL_ENCRYPTION_KEY"].split(",")[0])
    assert fernet.decrypt(stored.encode()).decode() == secret
    sign_in(client, user.email)
    assert client.post("/sign-in/code", data={"code": two_factor.current_code(secret)}).status_code == 302


def test_a_secret_no_key_opens_stops_the_sign_in_rather_than_turning_two_factor_off(
        client, session, app, monkeypatch):
    user = make_user("secretariat", with_totp=True)
    session.commit()
    monkeypatch.setitem(app.config, "PORTAL_ENCRYPTION_KEY", Fernet.generate_key().decode())
    with pytest.raises(InvalidToken):
        user.totp_secret  # noqa: B018  (reading it is the test)


def test_the_code_command_prints_the_current_code_of_an_encrypted_secret(runner, session):
    user = make_user("admin", with_totp=True)
    session.commit()
    result = runner.invoke(args=["users", "totp", user.email])
    assert result.exit_code == 0, result.output
    now = time.time()
    near = {two_factor.current_code(user.totp_secret, now + delta) for delta in (-30, 0)}
    assert result.output.strip() in near


@pytest.fixture
def app_before_encryption(tmp_path):
    url = create_scratch_database(tmp_path, "totp")
    application = create_app(app_settings(tmp_path, url))
    with application.app_context():
        flask_migrate.upgrade(revision="c4d7e1a9b2f3")
        yield application
        db.session.remove()
        db.engine.dispose()
    drop_scratch_database(url)


def test_the_migration_encrypts_plain_secrets_and_the_downgrade_restores_them(app_before_encryption):
    secret = two_factor.new_secret()
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO user_account (email, name, language, timezone, is_active_account, "
            "totp_secret, failed_logins, session_epoch, created_at) VALUES ('a@example.org', 'A', "
            "'en', 'UTC', :yes, :secret, 0, 0, CURRENT_TIMESTAMP)"), {"secret": secret, "yes": True})
        connection.execute(text(
            "INSERT INTO api_token (user_id, name, digest, prefix, created_at) SELECT id, 'old', "
            "'d', 'ecp_', CURRENT_TIMESTAMP FROM user_account"))
    flask_migrate.upgrade(revision="d8a3f1c6e2b7")
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT totp_secret_encrypted FROM user_account")).scalar_one()
        scope = connection.execute(text("SELECT scope FROM api_token")).scalar_one()
        expires = connection.execute(text("SELECT expires_at FROM api_token")).scalar_one()
    assert secret not in stored
    fernet = Fernet(app_before_encryption.config["PORTAL_ENCRYPTION_KEY"])
    assert fernet.decrypt(stored.encode()).decode() == secret
    assert scope == "read_write" and expires is not None
    flask_migrate.downgrade(revision="c4d7e1a9b2f3")
    with db.engine.connect() as connection:
        restored = connection.execute(text("SELECT totp_secret FROM user_account")).scalar_one()
    assert restored == secret
