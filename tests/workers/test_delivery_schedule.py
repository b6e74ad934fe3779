"""The retry schedule of e-mail delivery, what the sweep picks, and the broker settings that
must agree with them. No worker here: pure functions, and queries in the test's savepoint."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from portal import config as portal_config
from portal.config import MAX_RETRY_COUNTDOWN, TASK_TIME_LIMIT
from portal.core.db import utcnow
from portal.notifications import delivery
from portal.notifications.delivery import next_attempt_due, retry_delay
from portal.notifications.models import MessageStatus, OutboxMessage

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def test_retry_delay_doubles_from_the_base_up_to_the_cap():
    assert [retry_delay(n, 15) for n in range(1, 8)] == [15, 30, 60, 120, 240, 480, 600]
    assert retry_delay(30, 15) == MAX_RETRY_COUNTDOWN


def test_next_attempt_is_due_at_once_then_after_the_sum_of_the_delays():
    assert next_attempt_due(T0, 0, 15) == T0
    assert next_attempt_due(T0, 3, 15) == T0 + timedelta(seconds=15 + 30 + 60)


@pytest.mark.parametrize(("error", "permanent"), [
    (smtplib.SMTPRecipientsRefused({"a@example.test": (550, b"no such user")}), True),
    (smtplib.SMTPRecipientsRefused({"a@example.test": (550, b"no"), "b@example.test": (451, b"later")}),
     False),
    (smtplib.SMTPSenderRefused(553, b"sender rejected", "portal@localhost"), True),
    (smtplib.SMTPDataError(554, b"content rejected"), True),
    (smtplib.SMTPDataError(451, b"try again later"), False),
    (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
    (smtplib.SMTPServerDisconnected("gone"), False),
    (ConnectionRefusedError(111, "Connection refused"), False),
])
def test_only_5xx_refusals_of_the_message_are_permanent(error, permanent):
    assert delivery.is_permanent(error) is permanent


def _pending(session, created_ago: timedelta, attempts: int = 0,
             status: str = MessageStatus.PENDING) -> int:
    message = OutboxMessage(recipient="someone@example.test", language="en", subject="S", body="B\n",
                            template="t", attempts=attempts, status=status,
                            created_at=utcnow() - created_ago)
    session.add(message)
    session.flush()
    return message.id


def test_sweep_picks_lost_sends_and_lost_retries_but_not_messages_waiting_for_their_retry(
        app, session, monkeypatch):
    for key, value in {"MAIL_RETRY_DELAY": 15, "OUTBOX_SWEEP_GRACE": 120, "MAIL_TIMEOUT": 30}.items():
        monkeypatch.setitem(app.config, key, value)
    never_sent = _pending(session, timedelta(minutes=5))
    just_written = _pending(session, timedelta(seconds=30))
    # three failures: the fourth attempt is due 105 s after writing, overdue past 105+120+90 s
    waiting_for_retry = _pending(session, timedelta(minutes=4), attempts=3)
    retry_lost = _pending(session, timedelta(minutes=6), attempts=3)
    already_sent = _pending(session, timedelta(hours=1), status=MessageStatus.SENT)
    gave_up = _pending(session, timedelta(hours=1), attempts=8, status=MessageStatus.FAILED)

    picked = set(delivery.overdue_message_ids(utcnow()))

    assert never_sent in picked
    assert retry_lost in picked
    assert picked.isdisjoint({just_written, waiting_for_retry, already_sent, gave_up})


def test_redis_visibility_timeout_outlasts_the_longest_countdown_and_run(monkeypatch, tmp_path):
    """A message a worker holds unacknowledged (running, or waiting for its countdown) longer
    than the visibility timeout is handed to another worker: the task would run twice."""
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    celery = portal_config.load({"PORTAL_DATA_DIR": str(tmp_path), "SECRET_KEY": "k"})["CELERY"]
    options = celery["broker_transport_options"]

    assert celery["task_time_limit"] == TASK_TIME_LIMIT
    assert options["visibility_timeout"] > MAX_RETRY_COUNTDOWN + celery["task_time_limit"]
    assert retry_delay(100, 3600) <= MAX_RETRY_COUNTDOWN
    # a crashed worker's messages come back within a minute of the timeout
    assert options["unacked_restore_interval"] * options["unacked_restore_throttle"] <= 60
    assert celery["task_acks_late"] and celery["task_reject_on_worker_lost"]
    assert celery["worker_prefetch_multiplier"] == 1


def test_embedded_broker_lives_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    celery = portal_config.load({"PORTAL_DATA_DIR": str(tmp_path), "SECRET_KEY": "k"})["CELERY"]

    options = celery["broker_transport_options"]

    assert celery["broker_url"] == "filesystem://"
    assert options["data_folder_in"] == options["data_folder_out"] == str(tmp_path / "broker" / "queue")
    # not relative to the working directory: the web and the worker must find the same folders
    for name in ("data_folder_in", "processed_folder", "control_folder"):
        assert Path(options[name]).is_dir()
        assert Path(options[name]).is_relative_to(tmp_path)
