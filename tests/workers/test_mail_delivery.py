"""E-mail delivery by a real worker to a real SMTP server on the loopback.

One worker and one SMTP server serve the module; each test writes to recipients of its own, so a
retry left over from another test cannot be mistaken for its mail.
"""

from __future__ import annotations

import pytest

from portal.core.jobs import send_now
from portal.extensions import db
from portal.notifications.delivery import MAX_ATTEMPTS
from portal.notifications.models import MessageStatus
from portal.notifications.services import queue_mail
from tests.workers.conftest import message_row, queue_check_mail, unique_address, wait_until
from tests.workers.smtp import SMTPServer

DELIVER_MAIL = "portal.notifications.tasks.deliver_mail"

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker_settings(smtp_server):
    # A one-second base for the retry back-off (1, 2, 4… s) keeps the SMTP-down test short.
    return {"MAIL_SERVER": smtp_server.host, "MAIL_PORT": str(smtp_server.port),
            "MAIL_RETRY_DELAY": "1", "MAIL_FROM": "portal@portal.test"}


def _row_when(app, message_id: int, condition):
    return lambda: (row := message_row(app, message_id)) is not None and condition(row) and row


def _delivered(app, message_id: int, worker):
    return wait_until(_row_when(app, message_id, lambda r: r.status != MessageStatus.PENDING), 30,
                      what=f"outbox message {message_id} to leave 'pending'", log=worker.log_text)


def test_worker_sends_a_committed_mail_to_the_smtp_server(portal_app, worker, smtp_server):
    recipient = unique_address("sent")
    message_id = queue_check_mail(portal_app, recipient, language="en")

    row = _delivered(portal_app, message_id, worker)

    assert row.status == MessageStatus.SENT
    assert row.attempts == 1
    [email] = smtp_server.handler.messages_to(recipient)
    assert email["Subject"] == f"Delivery check {recipient}"
    assert email["To"] == recipient
    assert email["From"] == "portal@portal.test"
    assert email["Content-Language"] == "en"
    assert email["Message-ID"] == f"<outbox-{message_id}@portal.test>"
    assert "Hello Tester," in email.get_content()


def test_delivering_the_same_message_twice_sends_one_email(portal_app, worker, smtp_server,
                                                          published):
    recipient = unique_address("twice")
    message_id = queue_check_mail(portal_app, recipient)
    with portal_app.app_context():
        send_now(DELIVER_MAIL, message_id)

    task_ids = [task_id for name, args, task_id in published if args == [message_id]]
    assert len(task_ids) == 2
    outcomes = sorted(worker.wait_for_log(rf"deliver_mail\[{task_id}\] succeeded in [\d.]+s: '(\w+)'")[0]
                      for task_id in task_ids)
    assert outcomes == ["delivered", "nothing_to_do"]
    row = message_row(portal_app, message_id)
    assert row.status == MessageStatus.SENT
    assert row.attempts == 1
    assert len(smtp_server.handler.messages_to(recipient)) == 1


def test_mail_queued_in_a_rolled_back_transaction_is_never_sent(portal_app, worker, smtp_server,
                                                                published):
    dropped = unique_address("rolled-back")
    with portal_app.test_request_context():
        queue_mail(dropped, "worker_check", "en", token=dropped, name="Tester")
        db.session.rollback()
    assert published == []

    kept = unique_address("kept")
    kept_id = queue_check_mail(portal_app, kept)
    _delivered(portal_app, kept_id, worker)

    assert [(name, args) for name, args, _id in published] == [(DELIVER_MAIL, [kept_id])]
    assert smtp_server.handler.messages_to(dropped) == []
    assert len(smtp_server.handler.messages_to(kept)) == 1


def test_mail_queued_in_a_rolled_back_savepoint_is_dropped_and_the_rest_sent(
        portal_app, worker, smtp_server, published):
    kept, dropped = unique_address("kept"), unique_address("savepoint")
    with portal_app.test_request_context():
        kept_id = queue_mail(kept, "worker_check", "en", token=kept, name="Tester").id
        savepoint = db.session.begin_nested()
        dropped_id = queue_mail(dropped, "worker_check", "en", token=dropped, name="Tester").id
        savepoint.rollback()
        db.session.commit()

    _delivered(portal_app, kept_id, worker)

    assert [(name, args) for name, args, _id in published] == [(DELIVER_MAIL, [kept_id])]
    assert message_row(portal_app, dropped_id) is None
    assert smtp_server.handler.messages_to(dropped) == []
    assert len(smtp_server.handler.messages_to(kept)) == 1


def test_connection_lost_after_the_server_accepted_does_not_send_a_second_copy(
        portal_app, worker, smtp_server):
    recipient = unique_address("no-quit-reply")
    smtp_server.handler.drop_next_quit = True
    message_id = queue_check_mail(portal_app, recipient)

    row = _delivered(portal_app, message_id, worker)

    assert not smtp_server.handler.drop_next_quit
    assert row.status == MessageStatus.SENT
    assert row.attempts == 1
    assert len(smtp_server.handler.messages_to(recipient)) == 1


def test_message_refused_for_good_is_marked_failed_without_retry(portal_app, worker, smtp_server):
    recipient = unique_address("refused")
    message_id = queue_check_mail(portal_app, recipient)

    row = _delivered(portal_app, message_id, worker)

    assert row.status == MessageStatus.FAILED
    assert row.attempts == 1
    assert "550" in row.last_error
    assert smtp_server.handler.messages_to(recipient) == []


def test_mail_waits_while_smtp_is_down_and_is_sent_once_it_is_back(portal_app, worker, smtp_server):
    recipient = unique_address("outage")
    smtp_server.stop()
    try:
        message_id = queue_check_mail(portal_app, recipient)
        failing = wait_until(_row_when(portal_app, message_id, lambda r: r.attempts >= 2), 30,
                             what="two failed attempts", log=worker.log_text)
    finally:
        smtp_server.start()

    assert failing.status == MessageStatus.PENDING
    assert "ConnectionRefusedError" in failing.last_error
    assert failing.attempts < MAX_ATTEMPTS
    row = _delivered(portal_app, message_id, worker)
    assert row.status == MessageStatus.SENT
    assert row.last_error is None
    assert row.attempts > failing.attempts
    assert len(smtp_server.handler.messages_to(recipient)) == 1
