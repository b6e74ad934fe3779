"""The reminders of funded projects' reports run by a real worker: the sweep delivered twice
sends each reminder (14 and 3 days before the due date, the day after it, the escalation at 30
days) to each of its recipients once."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.core.jobs import send_now
from portal.core.timezones import ZONES
from portal.extensions import db
from portal.notifications.models import NotificationKey, OutboxMessage
from tests.factories import (
    make_approved_proposal,
    make_call,
    make_organisation,
    make_project,
    make_user,
)
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker
TASK = "portal.projects.tasks.send_report_notices"
#: Each project's first report is due this many days from the call's local today.
DUE_IN = {"before_14": 14, "before_3": 3, "after_1": -1, "overdue_30": -30}


def _read(app, query):
    with app.app_context():
        try:
            return query()
        finally:
            db.session.rollback()


def _results(worker) -> list[str]:
    return re.findall(r"send_report_notices\[[\w-]+\] succeeded in [\d.]+s: '?([^'\n]*)'?",
                      worker.log_text())


def _zone_far_from_midnight() -> str:
    """A zone whose local time is between 02:00 and 22:00: the worker's run and this test agree
    on the call's local day."""
    return next(zone for zone in ZONES if 2 <= datetime.now(ZoneInfo(zone)).hour < 22)


@pytest.fixture(scope="module")
def setup(portal_app):
    zone = _zone_far_from_midnight()
    today = datetime.now(ZoneInfo(zone)).date()
    with portal_app.app_context():
        secretary = make_user("secretariat")
        call = make_call(creator=secretary, timezone=zone)
        lead, partner = make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")
        members = [make_user(f"org_member:{lead.id}"), make_user(f"org_admin:{partner.id}", language="ru")]
        contact_point = make_user("contact_point:RU")
        make_user("contact_point:BY")
        periods = {}
        for kind, days in DUE_IN.items():
            proposal = make_approved_proposal(call=call, partners=[lead, partner],
                                              creator=members[0], acronym=kind.upper())
            period = make_project(proposal, creator=secretary).periods[0]
            period.due_on = today + timedelta(days=days)
            period.ends_on = period.due_on - timedelta(days=30)
            period.starts_on = period.ends_on - timedelta(days=90)
            periods[kind] = period.id
        data = {"periods": periods, "members": [user.id for user in members],
                "escalation": [secretary.id, contact_point.id]}
        db.session.commit()
    return data


def test_each_reminder_is_sent_once_when_the_sweep_is_delivered_twice(portal_app, worker, setup):
    done = len(_results(worker))
    with portal_app.app_context():
        send_now(TASK)
        send_now(TASK)
    wait_until(lambda: len(_results(worker)) >= done + 2, 60, what="two sweeps",
               log=worker.log_text)
    expected = {(f"report.{kind}:{period_id}", user_id)
                for kind, period_id in setup["periods"].items()
                for user_id in (setup["escalation"] if kind == "overdue_30" else setup["members"])}
    assert sorted(_results(worker)[done:]) == sorted(["0", str(len(expected))])
    keys = _read(portal_app, lambda: set(db.session.execute(
        select(NotificationKey.event, NotificationKey.user_id))))
    assert keys == expected
    mails = _read(portal_app, lambda: db.session.execute(
        select(OutboxMessage.user_id, OutboxMessage.template, func.count(OutboxMessage.id))
        .group_by(OutboxMessage.user_id, OutboxMessage.template)).all())
    assert sorted(mails) == sorted(
        [(user_id, "project_report_reminder", 3) for user_id in setup["members"]]
        + [(user_id, "project_report_overdue", 1) for user_id in setup["escalation"]])

    # a third delivery, later, still sends nothing
    with portal_app.app_context():
        send_now(TASK)
    wait_until(lambda: len(_results(worker)) >= done + 3, 60, what="a third sweep",
               log=worker.log_text)
    assert _results(worker)[done + 2] == "0"
