"""Tasks requested with ``enqueue`` are published when the outermost transaction commits, and
forgotten with the transaction or savepoint they were requested in when it rolls back."""

from __future__ import annotations

import pytest
from celery.signals import after_task_publish

from portal import create_app
from portal.core.jobs import enqueue
from portal.extensions import db
from tests.conftest import app_settings


@pytest.fixture
def jobs_app(monkeypatch, tmp_path, database_url):
    """An app on the embedded broker in a folder of its own: what it publishes goes nowhere."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    app = create_app(app_settings(tmp_path, database_url))
    with app.app_context():
        yield app
        db.session.rollback()
        db.engine.dispose()


@pytest.fixture
def sent():
    published: list[int] = []

    def record(sender=None, body=None, **_kwargs):
        published.append(body[0][0])

    after_task_publish.connect(record, weak=False)
    yield published
    after_task_publish.disconnect(record)


def test_tasks_are_sent_when_the_transaction_commits_not_before(jobs_app, sent):
    enqueue("portal.notifications.tasks.deliver_mail", 1)
    enqueue("portal.notifications.tasks.deliver_mail", 2)
    assert sent == []

    db.session.commit()

    assert sent == [1, 2]


def test_tasks_of_a_rolled_back_transaction_are_never_sent(jobs_app, sent):
    enqueue("portal.notifications.tasks.deliver_mail", 1)
    db.session.rollback()
    db.session.commit()

    assert sent == []


def test_releasing_a_savepoint_sends_nothing_until_the_outer_commit(jobs_app, sent):
    with db.session.begin_nested():
        enqueue("portal.notifications.tasks.deliver_mail", 1)
    assert sent == []

    db.session.commit()

    assert sent == [1]


def test_rolling_back_a_savepoint_drops_only_its_own_tasks(jobs_app, sent):
    enqueue("portal.notifications.tasks.deliver_mail", 1)
    savepoint = db.session.begin_nested()
    enqueue("portal.notifications.tasks.deliver_mail", 2)
    savepoint.rollback()
    enqueue("portal.notifications.tasks.deliver_mail", 3)

    db.session.commit()

    assert sent == [1, 3]


def test_outer_rollback_drops_tasks_of_savepoints_released_inside_it(jobs_app, sent):
    with db.session.begin_nested():
        enqueue("portal.notifications.tasks.deliver_mail", 1)
    db.session.rollback()
    db.session.commit()

    assert sent == []
