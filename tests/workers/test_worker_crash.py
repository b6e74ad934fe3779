"""A worker's pool process killed in the middle of a delivery (SIGKILL: an out-of-memory kill, a
crash): the message goes back to the queue (``acks_late`` + ``task_reject_on_worker_lost``), the
worker starts a new pool process, and the delivery runs again.

What is guaranteed: the work is never lost, and it is never done twice *before the SMTP server
has accepted the message*: the killed attempt's transaction dies with it, the row is still
``pending`` and the repeat sends the one copy. What is not: a kill after the server accepted the
message and before the ``sent`` status was committed gives a second copy (at-least-once
delivery); it carries the same ``Message-ID``, by which mail clients recognise duplicates. Both
cases are shown below, by holding the SMTP exchange before and after acceptance.
"""

from __future__ import annotations

import os
import signal

import pytest

from portal.notifications.models import MessageStatus
from tests.workers.conftest import is_gone, message_row, queue_check_mail, unique_address, wait_until
from tests.workers.smtp import SMTPServer

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker_settings(smtp_server):
    return {"MAIL_SERVER": smtp_server.host, "MAIL_PORT": str(smtp_server.port),
            "MAIL_FROM": "portal@portal.test"}


def _kill_the_pool_process_during(command: str, portal_app, worker, smtp_server) -> tuple[int, int]:
    """Queue a mail, hold its SMTP exchange at ``command``, SIGKILL the pool process that is
    delivering it, then let the SMTP server go on. Returns the message id and the killed PID."""
    [child] = worker.pool_children()
    smtp_server.handler.hold_next(command)
    recipient = unique_address(f"killed-at-{command.lower()}")
    message_id = queue_check_mail(portal_app, recipient)
    assert smtp_server.handler.holding.wait(30), "the delivery never reached the SMTP server"

    os.kill(child, signal.SIGKILL)
    wait_until(lambda: is_gone(child), 10, what=f"pool process {child} to die")
    smtp_server.handler.release.set()
    return message_id, child


def _sent(portal_app, message_id: int, worker):
    return wait_until(lambda: (row := message_row(portal_app, message_id)) is not None
                      and row.status == MessageStatus.SENT and row, 60,
                      what="the repeated delivery", log=worker.log_text)


def test_pool_process_killed_before_the_server_accepted_delivers_exactly_once(
        portal_app, worker, smtp_server, published):
    message_id, killed = _kill_the_pool_process_during("RCPT", portal_app, worker, smtp_server)

    row = _sent(portal_app, message_id, worker)

    [(_name, _args, task_id)] = published  # one message, handed out twice by the broker
    worker.wait_for_log(rf"deliver_mail\[{task_id}\] received", count=2)

    assert row.attempts == 1  # the killed attempt's transaction was rolled back with it
    assert len(smtp_server.handler.messages_to(row.recipient)) == 1
    assert f"pid:{killed} exited with 'signal 9 (SIGKILL)'" in worker.log_text()
    assert killed not in worker.pool_children()
    assert len(worker.pool_children()) == 1


def test_pool_process_killed_after_the_server_accepted_sends_a_copy_with_the_same_message_id(
        portal_app, worker, smtp_server):
    message_id, _killed = _kill_the_pool_process_during("QUIT", portal_app, worker, smtp_server)

    row = _sent(portal_app, message_id, worker)

    copies = smtp_server.handler.messages_to(row.recipient)
    assert len(copies) == 2
    assert {copy["Message-ID"] for copy in copies} == {f"<outbox-{message_id}@portal.test>"}
