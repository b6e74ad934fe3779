"""The council's tasks: the tally of a closing session, and the periodic sweeps that close
sessions at their deadline and bring decisions into force. Thin and idempotent: each loads by
id, returns early when nothing is left to do, calls one service and commits once."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.council import decisions, notices
from portal.extensions import db


@portal_task(retry_also=(IntegrityError,), time_limit=300, soft_time_limit=240)
def tally_session(session_id: int) -> int:
    """Tally a closing session into decisions; a closed session is left alone. Two tallies
    racing for the same decision number or item: the loser retries and finds the work done or
    the next number free."""
    try:
        made = decisions.tally_session(session_id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(made)


@portal_task(time_limit=120, soft_time_limit=100)
def close_due_sessions() -> int:
    """Every minute: close the sessions whose deadline passed and queue their tallies."""
    closed = decisions.close_due_sessions()
    db.session.commit()
    return closed


@portal_task(time_limit=120, soft_time_limit=100)
def enter_decisions_into_force() -> int:
    """Hourly: decisions whose objection window passed unchallenged enter into force."""
    entered = decisions.enter_decisions_into_force()
    db.session.commit()
    return entered


@portal_task(time_limit=300, soft_time_limit=240)
def send_notices() -> int:
    """Every ten minutes: a session opened, a written procedure about to close without a
    state's ballot, a request for reconsideration, a decision in force; each recipient is told
    once (:mod:`portal.council.notices`), so a repeated run sends nothing twice."""
    sent = notices.send_notices(utcnow())
    db.session.commit()
    return sent
