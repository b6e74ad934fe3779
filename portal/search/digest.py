"""The saved-search digest: each due saved search re-run, its new results mailed to its owner.

A saved search is due when its schedule's period has passed since ``last_sent_at`` (with an hour
of slack, so a beat that runs a little early still sends). The mail lists what the search finds
now and did not list before (``last_result_ids``); the search is then marked sent in the same
transaction as the outbox message, so a repeated run, or a worker that dies and is redelivered
the task, never mails the same results twice. A search with nothing new sends nothing. The
daily task (:func:`portal.search.tasks.send_digests`) commits after each search.

Other features add sections to the same mail (the matcher's new partner suggestions) by
appending to :data:`DIGEST_SECTIONS` a function ``(user, since) -> list of lines``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from portal.accounts.links import external_url
from portal.accounts.models import User
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.search.engine import SearchQuery, search
from portal.search.models import SavedSearch, Schedule

PERIODS = {Schedule.DAILY: timedelta(days=1), Schedule.WEEKLY: timedelta(days=7)}
SLACK = timedelta(hours=1)
#: Results a digest considers (best first) and lists.
CONSIDERED = 200
LISTED = 20
DIGEST_SECTIONS: list[Callable[[User, datetime | None], list[str]]] = []


def due_ids(now: datetime) -> list[int]:
    conditions = [
        (SavedSearch.schedule == schedule)
        & (SavedSearch.last_sent_at.is_(None) | (SavedSearch.last_sent_at <= now - period + SLACK))
        for schedule, period in PERIODS.items()]
    return list(db.session.scalars(select(SavedSearch.id).where(or_(*conditions))
                                   .order_by(SavedSearch.id)))


def send_digest(saved_id: int, now: datetime) -> bool:
    """Mail one saved search's new results if it is still due; True if a mail was queued.
    Flushes; the caller commits."""
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or saved_id not in due_ids(now):
        return False
    query = SearchQuery.from_params(saved.params, per_page=CONSIDERED)
    hits = search(query, with_facets=False).hits
    known = set(saved.last_result_ids or [])
    new = [hit for hit in hits if hit.key not in known]
    user = db.session.get(User, saved.user_id)
    sent = False
    if new and user is not None:
        mail_user(user, "search_digest", saved=saved, hits=new[:LISTED], more=len(new) - LISTED,
                  link=external_url("search.search_page", **query.params()),
                  sections=[line for section in DIGEST_SECTIONS
                            for line in section(user, saved.last_sent_at)])
        sent = True
    saved.last_result_ids = sorted(known | {hit.key for hit in hits})
    saved.last_sent_at = now
    db.session.flush()
    return sent

