"""The worker killed (SIGKILL) while it tallies a vote session: once a new worker runs, the work
is done exactly once: one decision per item, the proposal's transition written once, each
e-mail queued once, no ballot added.

How the task is held mid-way without a test-only branch in the portal: the test holds a database
lock the tally needs (on PostgreSQL the vote session's row, ``SELECT … FOR UPDATE`` in another
connection: the tally begins by locking that row; on SQLite the write lock, ``BEGIN IMMEDIATE``
on another connection: the tally's transaction waits for it up to the busy timeout of
``portal.core.db``, ten seconds). The session is closed while no worker runs, so its tally
message waits in the queue; a worker is started once the lock is held and takes the message.
On PostgreSQL the test waits until the tally's connection is blocked by the lock; on SQLite,
which cannot show a waiter, until the worker's log shows the task received.

Why the whole-worker kill still completes: the killed attempt's transaction dies with it (nothing
of it is committed), but its message is gone too. On the embedded filesystem broker the message
file was removed when the worker fetched it; on Redis it sits among the unacknowledged messages
and comes back only after the visibility timeout (an hour). The portal does not depend on the
message: the state is recorded first (the session is ``closing``), and the ``close_due_sessions``
sweep, sent by beat every minute, sends the tally of any session still ``closing`` again. The
test sends that sweep itself after the restart, as beat would. The tally is idempotent (a closed
session or a decided item is left alone), so a late copy of the message changes nothing.

When only the pool process is killed, the worker's main process sees it die and hands the
message back (``acks_late`` + ``task_reject_on_worker_lost``): the same message runs again
without any sweep.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from portal.core.jobs import send_now
from portal.council import services
from portal.council.models import AgendaItem, Ballot, Decision, SessionStatus, VoteSession
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals.models import StatusChange
from tests.council.conftest import STATES, Council, open_session, ready_proposal
from tests.factories import make_user
from tests.workers.conftest import is_gone, wait_until

pytestmark = pytest.mark.worker
TEMPLATES = ("council_decision", "council_session_closed")


@pytest.fixture(scope="module")
def council_ids(portal_app):
    with portal_app.app_context():
        ids = {"secretariat": make_user("secretariat").id,
               **{state: make_user(f"council_member:{state}").id for state in STATES}}
        db.session.commit()
    return ids


def _council(ids) -> Council:
    from portal.accounts.models import User

    return Council(secretariat=db.session.get(User, ids["secretariat"]),
                   titular={state: db.session.get(User, ids[state]) for state in STATES})


def _read(app, query):
    with app.app_context():
        try:
            return query()
        finally:
            db.session.rollback()


def _closing_session(portal_app, ids, worker, published) -> dict:
    """A meeting on one proposal, every state voting for, then the worker stopped and the
    meeting closed by the secretariat: it is ``closing`` and its tally message, alone, waits in
    the queue. (The work the setting up queued, such as indexing the new organisations, is done
    first: it would wait for the test's lock too.)"""
    with portal_app.app_context():
        council = _council(ids)
        proposal = ready_proposal()
        vote_session = open_session(council, [proposal])
        [item] = vote_session.items
        for state in STATES:
            services.cast_ballot(item.id, council.titular[state], "for")
        found = {"session": vote_session.id, "item": item.id, "proposal": proposal.id}
        db.session.commit()
    for _name, _args, task_id in list(published):
        worker.wait_for_log(rf"\[{task_id}\] (succeeded|raised|failed)", 60)
    worker.stop()
    published.clear()
    with portal_app.app_context():
        services.close_session(found["session"], _council(ids).secretariat)
        db.session.commit()
    [(name, args, found["task_id"])] = published
    assert (name, args) == ("portal.council.tasks.tally_session", [found["session"]])
    return found


def _mails(portal_app) -> Counter:
    """Queued council e-mails by (recipient, template)."""
    return _read(portal_app, lambda: Counter(db.session.execute(
        select(OutboxMessage.recipient, OutboxMessage.template)
        .where(OutboxMessage.template.in_(TEMPLATES))).all()))


def _outcome(portal_app, found) -> dict:
    def query():
        return {
            "session": db.session.get(VoteSession, found["session"]).status,
            "outcome": db.session.get(AgendaItem, found["item"]).outcome,
            "decisions": db.session.scalar(select(func.count(Decision.id))
                                           .where(Decision.item_id == found["item"])),
            "transitions": list(db.session.scalars(
                select(StatusChange.action).where(StatusChange.proposal_id == found["proposal"])
                .order_by(StatusChange.id))),
            "ballots": db.session.scalar(select(func.count(Ballot.id))
                                         .where(Ballot.item_id == found["item"])),
        }
    return _read(portal_app, query)


def open_files(pid: int) -> set[str]:
    files = set()
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        for entry in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                files.add(os.readlink(entry))
    return files


@contextlib.contextmanager
def tally_held(portal_app, session_id: int):
    """Hold the lock the tally of ``session_id`` needs; yields a predicate ``blocked(worker)``,
    true once the worker's tally waits for it. SQLite cannot show a waiter: there, the worker's
    pool process has the database file open, which it does only once a task touches the
    database (the main process never opens it, so a pool process does not inherit it)."""
    url = portal_app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        path = os.path.realpath(make_url(url).database)
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield lambda worker: (path not in open_files(worker.pid) and any(
                path in open_files(pid) for pid in worker.pool_children()))
        finally:
            connection.rollback()
            connection.close()
        return
    with portal_app.app_context():
        engine = db.engine
    with engine.connect() as holder:
        holder.execute(select(VoteSession.id).where(VoteSession.id == session_id)
                       .with_for_update())
        holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()

        def blocked(_worker) -> bool:
            with engine.connect() as probe:
                return bool(probe.execute(text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE :holder = ANY(pg_blocking_pids(pid))"), {"holder": holder_pid})
                    .scalar_one())
        try:
            yield blocked
        finally:
            holder.rollback()


def _tally_received(worker, task_id: str, count: int = 1) -> None:
    worker.wait_for_log(rf"tally_session\[{task_id}\] received", 60, count)


def _assert_done_once(portal_app, found, mails_before: Counter, worker) -> None:
    wait_until(lambda: _outcome(portal_app, found)["session"] == SessionStatus.CLOSED, 60,
               what="the tally", log=worker.log_text)
    assert _outcome(portal_app, found) == {
        "session": "closed", "outcome": "adopted", "decisions": 1,
        "transitions": ["submit", "mark_eligible", "start_review", "put_on_agenda", "adopt"],
        "ballots": len(STATES)}
    new_mails = _mails(portal_app) - mails_before
    assert new_mails and set(new_mails.values()) == {1}
    assert {template for _recipient, template in new_mails} == set(TEMPLATES)


def test_the_whole_worker_killed_mid_tally_then_the_sweep_completes_it_once(
        portal_app, worker, council_ids, published):
    mails_before = _mails(portal_app)
    found = _closing_session(portal_app, council_ids, worker, published)
    task_id = found["task_id"]

    with tally_held(portal_app, found["session"]) as blocked:
        worker.restart()
        _tally_received(worker, task_id)
        wait_until(lambda: blocked(worker), 30, what="the tally to wait for the lock", log=worker.log_text)
        pool = worker.pool_children()
        worker.kill()
        assert all(is_gone(pid) for pid in [worker.pid, *pool])

    assert _outcome(portal_app, found)["session"] == SessionStatus.CLOSING  # nothing committed
    worker.restart()
    with portal_app.app_context():
        send_now("portal.council.tasks.close_due_sessions")  # as beat does every minute

    _assert_done_once(portal_app, found, mails_before, worker)
    # the killed delivery never came back: the tally that ran was the sweep's
    assert len(re.findall(rf"tally_session\[{task_id}\] received", worker.log_text())) == 1


def test_the_pool_process_killed_mid_tally_gets_the_message_back(
        portal_app, worker, council_ids, published):
    mails_before = _mails(portal_app)
    found = _closing_session(portal_app, council_ids, worker, published)
    task_id = found["task_id"]

    with tally_held(portal_app, found["session"]) as blocked:
        worker.restart()
        _tally_received(worker, task_id)
        wait_until(lambda: blocked(worker), 30, what="the tally to wait for the lock", log=worker.log_text)
        [child] = worker.pool_children()
        os.kill(child, signal.SIGKILL)
        wait_until(lambda: is_gone(child), 10, what=f"pool process {child} to die")

    _assert_done_once(portal_app, found, mails_before, worker)
    _tally_received(worker, task_id, count=2)  # the same message, handed back and run again
    assert f"pid:{child} exited with 'signal 9 (SIGKILL)'" in worker.log_text()
