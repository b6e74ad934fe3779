"""Fixtures: one migrated scratch database per run, and a savepoint per test rolled back after.

The suite runs on SQLite by default and on PostgreSQL when ``DATABASE_URL`` points at one; the
broker is ``CELERY_BROKER_URL`` when set, else the embedded filesystem broker, with a queue of
its own for this run.
"""

from __future__ import annotations

import contextvars
import uuid

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import create_app
from portal.extensions import db
from portal.matching import refine
from portal.reference.loader import sync_reference_data
from tests.databases import create_scratch_database, drop_scratch_database

TEST_QUEUE = f"portal-test-{uuid.uuid4().hex[:8]}"


def app_settings(data_dir, database_url: str, **extra) -> dict:
    settings = {
        "PORTAL_ENV": "test",
        "PORTAL_DATA_DIR": str(data_dir),
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    settings.update(extra)
    return settings


def migrate_to_head(app) -> None:
    with app.app_context():
        flask_migrate.upgrade()
        sync_reference_data()
        db.session.commit()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = create_scratch_database(tmp_path_factory.mktemp("db"), "main")
    yield url
    drop_scratch_database(url)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory, monkeypatch_session):
    monkeypatch_session.setenv("PORTAL_TASK_QUEUE", TEST_QUEUE)
    application = create_app(app_settings(tmp_path_factory.mktemp("data"), database_url))
    migrate_to_head(application)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


class TestSession(scoped_session):
    """The scoped session of a test. When a request ends, Flask-SQLAlchemy removes the session;
    here that rolls back what the request left uncommitted, as closing would, but keeps the
    session, so that the test's objects stay attached and refresh on their next use."""

    def remove(self):
        if self.registry.has():
            self.registry().rollback()

    def close_for_good(self):
        super().remove()


@pytest.fixture
def session(app):
    """The test's database session: everything it writes is rolled back afterwards, even what
    the code under test commits (its commits release savepoints). A request rolls back what
    was flushed but not committed when it ends: commit test data before making requests."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = TestSession(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        try:
            yield db.session
        finally:
            db.session.close_for_good()
            db.session = original
            transaction.rollback()
            connection.close()


class IsolatedClient(FlaskClient):
    """Runs each request in an empty context, so that it gets an app context of its own, as in
    production, rather than the test's (which would share ``g``: the signed-in user, the
    locale). The database session is the test's: commit what a request must see."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app, session):
    """A browser that reads English (tests assert the English msgids); a test of the language
    choice sends its own ``Accept-Language``, which replaces this one."""
    app.test_client_class = IsolatedClient
    test_client = app.test_client()
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


@pytest.fixture
def runner(app, session):
    return app.test_cli_runner()


@pytest.fixture
def layout(app):
    """The layout of the app's paired encoders, whose fast vectors the slow one refines
    (:mod:`portal.matching.refine`); the test is skipped, saying why, with a single encoder."""
    with app.app_context():
        found = refine.current_layout()
    if found is None:
        pytest.skip("both sentence encoders are needed to refine")
    return found
