"""Background work requested by the web tier, sent only after the transaction commits.

A service calls :func:`enqueue` with a task's registered name (the dotted path of its function,
in the feature's ``tasks.py``); the name is kept in the session and published when the session
commits, or dropped when it rolls back, so a worker never sees a row that does not exist yet or
never will. A service names the task rather than importing it, since the task imports the
service; a test checks every name the portal sends is registered.
What must not be lost is recorded in the database first (the outbox, the proposal's state) and
re-sent by a periodic sweep, which closes the gap of a process that dies between commit and send.
"""

from __future__ import annotations

import logging

from celery import Task
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from portal.core.db import within_transaction
from portal.extensions import db

log = logging.getLogger(__name__)
_PENDING = "portal_pending_tasks"


#: A task object, or the registered name of one: the dotted path of its function (see
#: :func:`portal.core.celery.portal_task`), such as ``"portal.review.tasks.assign_experts"``.
TaskRef = Task | str


def task_name(task: TaskRef) -> str:
    return task if isinstance(task, str) else task.name


def enqueue(task: TaskRef, *args) -> None:
    """Send the task once the session commits; forgotten if the transaction, or the savepoint
    it was requested in, rolls back."""
    session = db.session()
    transaction = (session.get_nested_transaction() or session.get_transaction()
                   or session.begin())
    session.info.setdefault(_PENDING, []).append((transaction, task_name(task), args))


def send_now(task: TaskRef, *args) -> None:
    """Publish at once; for callers outside a transaction (the CLI, the periodic sweeps)."""
    current_app.extensions["celery"].send_task(task_name(task), args=list(args))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: nothing is committed yet
        return
    pending = session.info.pop(_PENDING, [])
    for _transaction, name, args in pending:
        try:
            current_app.extensions["celery"].send_task(name, args=list(args))
        except Exception:  # the sweep re-sends what was recorded; the commit stands
            log.exception("could not send %s%r; the periodic sweep will retry", name, args)


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """Forget the tasks requested in the transaction or savepoint that rolled back, and only
    those (``after_rollback`` fires for ``ROLLBACK TO SAVEPOINT`` too, so it cannot tell)."""
    pending = session.info.get(_PENDING)
    if pending:
        session.info[_PENDING] = [item for item in pending
                                  if not within_transaction(item[0], previous_transaction)]
