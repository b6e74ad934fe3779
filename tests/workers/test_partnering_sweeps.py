"""The ad sweeps run by a real worker, twice each: one reminder mail, one expiry notice."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.partnering import services
from portal.partnering.models import ExpressionOfInterest
from tests.factories import make_organisation, make_user
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker


def _mails_to(app, address: str) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count(OutboxMessage.id))
                                     .where(OutboxMessage.recipient == address))
        finally:
            db.session.rollback()


def _results(worker, task: str) -> list[int]:
    return [int(n) for n in re.findall(
        rf"{re.escape(task)}\[[\w-]+\] succeeded in [\d.]+s: (\d+)", worker.log_text())]


def _run_twice(app, worker, task: str) -> list[int]:
    before = len(_results(worker, task))
    with app.app_context():
        send_now(task)
        send_now(task)
    wait_until(lambda: len(_results(worker, task)) >= before + 2, 30,
               what=f"two runs of {task}", log=worker.log_text)
    return sorted(_results(worker, task)[before:])


@pytest.fixture
def pair(portal_app):
    tag = uuid.uuid4().hex[:6]
    with portal_app.app_context():
        owner_org = make_organisation(state="BY", region="BY-VI")
        other_org = make_organisation(state="RU", region="RU-SMO")
        owner = make_user(f"org_admin:{owner_org.id}", email=f"owner-{tag}@example.org")
        sender = make_user(f"org_member:{other_org.id}", email=f"sender-{tag}@example.org")
        ad = services.post_ad(organisation_id=owner_org.id, kind="business_offer",
                              title="Sterilisation", body="Capacity", actor=owner,
                              expires_at=utcnow() + timedelta(days=20))
        interest = services.express_interest(ad.id, other_org.id, "Interested", sender)
        ids = {"owner": owner.email, "sender": sender.email, "interest": interest.id}
        db.session.commit()
    return ids


def test_the_reminder_task_run_twice_sends_one_mail(portal_app, worker, pair):
    before = _mails_to(portal_app, pair["owner"])  # the notice of the new interest

    assert _run_twice(portal_app, worker, "portal.partnering.tasks.send_ad_reminders") == [0, 1]

    assert _mails_to(portal_app, pair["owner"]) == before + 1


def test_the_interest_expiry_task_run_twice_tells_the_sender_once(portal_app, worker, pair):
    with portal_app.app_context():
        db.session.execute(update(ExpressionOfInterest)
                           .where(ExpressionOfInterest.id == pair["interest"])
                           .values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()

    assert _run_twice(portal_app, worker, "portal.partnering.tasks.expire_interests") == [0, 1]

    assert _mails_to(portal_app, pair["sender"]) == 1


def test_the_ad_expiry_task_is_harmless_when_nothing_is_due(portal_app, worker, pair):
    assert _run_twice(portal_app, worker, "portal.partnering.tasks.expire_ads") == [0, 0]
