"""The embedded default: no ``MAIL_SERVER``, so the worker marks the mail ``logged`` for the
outbox page; and the periodic sweep re-sends the deliveries that were lost."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import update

from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.notifications.models import MessageStatus, OutboxMessage
from tests.workers.conftest import message_row, queue_check_mail, unique_address, wait_until

pytestmark = pytest.mark.worker


def _status_is(app, message_id: int, status: str):
    return lambda: (row := message_row(app, message_id)) is not None and row.status == status and row


def test_mail_without_a_mail_server_is_logged_by_the_worker(portal_app, worker, published):
    message_id = queue_check_mail(portal_app, unique_address("logged"))
    [(_name, _args, task_id)] = published

    row = wait_until(_status_is(portal_app, message_id, MessageStatus.LOGGED), 30,
                     what="the message to be logged", log=worker.log_text)

    assert row.attempts == 1
    assert row.delivered_at is not None
    assert row.last_error is None
    worker.wait_for_log(rf"deliver_mail\[{task_id}\] succeeded in [\d.]+s: 'delivered'")


def _write_without_sending(app, recipient: str, age: timedelta, attempts: int = 0) -> int:
    """An outbox row committed without its delivery ever being sent (as when the process dies
    between commit and send), written ``age`` ago."""
    with app.app_context():
        message = OutboxMessage(recipient=recipient, language="en", subject="Stranded",
                                body="Stranded\n", template="worker_check", attempts=attempts)
        db.session.add(message)
        db.session.flush()
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id)
                           .values(created_at=utcnow() - age))
        message_id = message.id
        db.session.commit()
    return message_id


def test_sweep_resends_pending_messages_older_than_its_threshold(portal_app, worker):
    stranded = _write_without_sending(portal_app, unique_address("stranded"), timedelta(hours=1))
    fresh = _write_without_sending(portal_app, unique_address("fresh"), timedelta(seconds=5))

    with portal_app.app_context():
        send_now("portal.notifications.tasks.sweep_outbox")

    wait_until(_status_is(portal_app, stranded, MessageStatus.LOGGED), 30,
               what="the stranded message to be delivered", log=worker.log_text)
    worker.wait_for_log(r"sweep_outbox\[[\w-]+\] succeeded in [\d.]+s: 1\b")
    assert message_row(portal_app, fresh).status == MessageStatus.PENDING
    assert message_row(portal_app, fresh).attempts == 0


def test_worker_answers_remote_control_from_another_directory(worker, worker_env, tmp_path):
    """``celery inspect`` reaches the worker through the broker (for the filesystem broker, its
    control folder in the data folder, wherever the command is run from)."""
    node = f"{worker.queue}@{socket.gethostname()}"
    result = subprocess.run([sys.executable, "-m", "celery", "-A", "workers", "inspect", "ping",
                             "-d", node, "--timeout", "5"], env=worker_env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{node}: OK" in result.stdout
    assert "pong" in result.stdout
