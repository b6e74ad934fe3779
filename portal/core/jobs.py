"""Background work requested by the web tier, sent only after the transaction commits.

A service calls :func:`enqueue` with a task's registered name; the name is kept in the session
and published when the session commits, or dropped when it rolls back, so a worker never sees a
row that does not exist yet or never will. ``portal`` never imports ``workers``: it knows tasks
by the names in :class:`TaskName`, and a test checks each one is registered in the worker.
What must not be lost is recorded in the database first (the outbox, the proposal's state) and
re-sent by a periodic sweep, which closes the gap of a process that dies between commit and send.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from portal.core.db import within_transaction
from portal.extensions import db

log = logging.getLogger(__name__)
_PENDING = "portal_pending_tasks"


class TaskName(StrEnum):
    DELIVER_MAIL = "portal.notifications.deliver_mail"
    SWEEP_OUTBOX = "portal.notifications.sweep_outbox"
    IMPORT_ORGANISATIONS = "portal.registry.import_organisations"
    AD_REMINDERS = "portal.partnering.send_ad_reminders"
    EXPIRE_ADS = "portal.partnering.expire_ads"
    EXPIRE_INTERESTS = "portal.partnering.expire_interests"
    EMBED_ORGANISATION = "portal.matching.embed_organisation"
    REBUILD_MATCHING_INDEX = "portal.matching.rebuild_index"
    INDEX_DOCUMENT = "portal.search.index_document"
    SEND_SEARCH_DIGESTS = "portal.search.send_digests"
    ASSIGN_EXPERTS = "portal.review.assign_experts"
    REPLACE_EXPERT = "portal.review.replace_expert"
    CONSOLIDATE_REVIEWS = "portal.review.consolidate_reviews"
    REVIEW_REMINDERS = "portal.review.send_reminders"
    SEND_MATCH_DIGESTS = "portal.matching.send_digests"
    CLEAN_IMPORT_UPLOADS = "portal.registry.clean_import_uploads"
    CHECK_ELIGIBILITY = "portal.proposals.check_eligibility"
    PARTNER_REMINDERS = "portal.proposals.send_partner_reminders"
    RECONCILE_PROPOSALS = "portal.proposals.reconcile"
    TALLY_SESSION = "portal.council.tally_session"
    CLOSE_DUE_SESSIONS = "portal.council.close_due_sessions"
    ENTER_DECISIONS_INTO_FORCE = "portal.council.enter_decisions_into_force"


def enqueue(name: TaskName, *args) -> None:
    """Send the task once the session commits; forgotten if the transaction, or the savepoint
    it was requested in, rolls back."""
    session = db.session()
    transaction = (session.get_nested_transaction() or session.get_transaction()
                   or session.begin())
    session.info.setdefault(_PENDING, []).append((transaction, str(name), args))


def send_now(name: TaskName, *args) -> None:
    """Publish at once; for callers outside a transaction (the CLI, the periodic sweeps)."""
    current_app.extensions["celery"].send_task(str(name), args=list(args))


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
