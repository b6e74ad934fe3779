"""The saved-search digest: one mail per due search with only the new results, never twice."""

from __future__ import annotations

from datetime import timedelta

from portal.core.db import utcnow
from portal.extensions import db
from portal.search.models import SavedSearch
from portal.search.tasks import send_digests
from tests.accounts.helpers import mails
from tests.factories import make_user
from tests.search.helpers import indexed_organisation


def saved_search(user, schedule="daily", **params):
    saved = SavedSearch(user_id=user.id, name="Titanium", params=params or {"q": "titanium"},
                        schedule=schedule, last_result_ids=[])
    db.session.add(saved)
    db.session.flush()
    return saved


def test_a_due_search_mails_its_new_results_once(session):
    user = make_user(email="digest@example.org")
    titan = indexed_organisation(name="Titan One", description="Titanium alloys")
    saved = saved_search(user)
    assert send_digests.run() == 1
    [mail] = mails("search_digest", "digest@example.org")
    assert "Titan One" in mail.body and "Titanium" in mail.subject
    assert saved.last_result_ids == [f"organisation:{titan.id}"]
    assert send_digests.run() == 0  # not due again until tomorrow
    assert len(mails("search_digest")) == 1


def test_the_next_digest_lists_only_what_is_new(session):
    user = make_user(email="next@example.org")
    indexed_organisation(name="Titan One", description="Titanium alloys")
    saved = saved_search(user)
    send_digests.run()
    indexed_organisation(name="Titan Two", description="Titanium sheet")
    saved.last_sent_at = utcnow() - timedelta(days=1)
    assert send_digests.run() == 1
    second = mails("search_digest", "next@example.org")[-1]
    assert "Titan Two" in second.body and "Titan One" not in second.body


def test_nothing_new_sends_nothing_and_off_sends_never(session):
    quiet = make_user(email="quiet@example.org")
    off = make_user(email="off@example.org")
    saved_search(quiet, q="nothing-matches-this")
    saved_search(off, schedule="off")
    indexed_organisation(name="Titan", description="Titanium")
    assert send_digests.run() == 0
    assert mails("search_digest") == []


def test_a_weekly_search_waits_a_week(session):
    user = make_user(email="weekly@example.org")
    indexed_organisation(name="Titan", description="Titanium")
    saved = saved_search(user, schedule="weekly")
    saved.last_sent_at = utcnow() - timedelta(days=3)
    assert send_digests.run() == 0
    saved.last_sent_at = utcnow() - timedelta(days=7)
    assert send_digests.run() == 1


def test_the_digest_is_written_in_the_users_language(session):
    user = make_user(email="ru@example.org", language="ru")
    indexed_organisation(name="Titan", description="Titanium")
    saved_search(user)
    send_digests.run()
    [mail] = mails("search_digest", "ru@example.org")
    assert mail.language == "ru"
