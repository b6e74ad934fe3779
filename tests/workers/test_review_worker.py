"""The review's tasks run by a real worker: experts assigned to an eligible proposal (three, from
two states at least, none affiliated), nobody assigned twice on a repeated delivery, a decline
replaced, and the reminder sweep run twice sending each reminder once."""

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
from portal.proposals.models import Proposal
from portal.reference.models import TechnologyField
from portal.review import services
from portal.review.models import Assignment, ExpertProfile, ReviewReminder
from tests.factories import make_organisation
from tests.review.support import eligible_proposal, make_expert
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker
PHARMA, IT = "pharmaceuticals_biotech_medical", "it_electronics"


def _read(app, query):
    with app.app_context():
        try:
            return query()
        finally:
            db.session.rollback()


def _assignments(app, proposal_id):
    return _read(app, lambda: [(a.id, a.expert_id, a.status) for a in db.session.scalars(
        select(Assignment).where(Assignment.proposal_id == proposal_id).order_by(Assignment.id))])


def _results(worker, task: str) -> list[str]:
    return re.findall(rf"{task}\[[\w-]+\] succeeded in [\d.]+s: '?([^'\n]*)'?", worker.log_text())


@pytest.fixture(scope="module")
def setup(portal_app):
    tag = uuid.uuid4().hex[:6]
    with portal_app.app_context():
        lead, other = make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")
        # the best matches on paper, but tied to a partner: never assigned
        barred = [make_expert("KZ", fields=[PHARMA], affiliations=[lead],
                              email=f"barred1-{tag}@example.org"),
                  make_expert("AM", fields=[PHARMA], roles=[f"org_admin:{other.id}"],
                              email=f"barred2-{tag}@example.org")]
        clean = [make_expert(state, fields=[IT], email=f"clean{n}-{tag}@example.org")
                 for n, state in enumerate(("KZ", "KZ", "AM", "KG", "AM", "BY"))]
        proposal = eligible_proposal(partners=[lead, other])
        proposal.technology_fields = [db.session.get(TechnologyField, PHARMA)]
        data = {"proposal": proposal.id, "barred": {e.id for e in barred},
                "clean": {e.id for e in clean}}
        db.session.commit()
    return data


def test_an_eligible_proposal_gets_three_experts_from_two_states_none_affiliated(
        portal_app, worker, setup):
    with portal_app.app_context():
        send_now("portal.review.tasks.assign_experts", setup["proposal"])
    rows = wait_until(lambda: len(_assignments(portal_app, setup["proposal"])) == 3
                      and _assignments(portal_app, setup["proposal"]), 30,
                      what="three assignments", log=worker.log_text)
    experts = {expert_id for _id, expert_id, _status in rows}
    assert experts <= setup["clean"] and not experts & setup["barred"]
    states = _read(portal_app, lambda: {db.session.get(ExpertProfile, e).state_code for e in experts})
    assert len(states) >= 2
    status = _read(portal_app, lambda: db.session.get(Proposal, setup["proposal"]).status)
    assert status == "in_review"


def test_a_repeated_delivery_assigns_nobody_twice(portal_app, worker, setup):
    before = len(_results(worker, "assign_experts"))
    with portal_app.app_context():
        send_now("portal.review.tasks.assign_experts", setup["proposal"])
        send_now("portal.review.tasks.assign_experts", setup["proposal"])
    wait_until(lambda: len(_results(worker, "assign_experts")) >= before + 2, 30,
               what="two more runs", log=worker.log_text)
    assert _results(worker, "assign_experts")[before:] == ["nothing to do", "nothing to do"]
    assert len(_assignments(portal_app, setup["proposal"])) == 3


def test_a_decline_is_replaced_by_another_expert(portal_app, worker, setup):
    first_id, first_expert, _status = _assignments(portal_app, setup["proposal"])[0]
    with portal_app.app_context():
        services.decline_assignment(first_id, db.session.get(Assignment, first_id).expert, "Busy")
        db.session.commit()
    rows = wait_until(lambda: len(_assignments(portal_app, setup["proposal"])) == 4
                      and _assignments(portal_app, setup["proposal"]), 30,
                      what="a replacement", log=worker.log_text)
    open_experts = [e for _id, e, status in rows if status == "invited"]
    assert len(open_experts) == 3 and first_expert not in open_experts
    assert set(open_experts) <= setup["clean"]


def test_the_reminder_sweep_run_twice_sends_each_reminder_once(portal_app, worker, setup):
    assignment_id, _expert, _status = next(
        row for row in _assignments(portal_app, setup["proposal"]) if row[2] == "invited")
    with portal_app.app_context():
        db.session.execute(update(Assignment).where(Assignment.id == assignment_id)
                           .values(due_at=utcnow() + timedelta(days=6, hours=12)))
        email = db.session.get(Assignment, assignment_id).expert.email
        db.session.commit()
    mails = lambda: _read(portal_app, lambda: db.session.scalar(  # noqa: E731
        select(func.count(OutboxMessage.id)).where(OutboxMessage.recipient == email)))
    before = mails()
    done = len(_results(worker, "send_reminders"))
    with portal_app.app_context():
        send_now("portal.review.tasks.send_reminders")
        send_now("portal.review.tasks.send_reminders")
    wait_until(lambda: len(_results(worker, "send_reminders")) >= done + 2, 30,
               what="two sweeps", log=worker.log_text)
    assert sorted(_results(worker, "send_reminders")[done:]) == ["0", "1"]
    assert mails() == before + 1
    kinds = _read(portal_app, lambda: list(db.session.scalars(
        select(ReviewReminder.kind).where(ReviewReminder.assignment_id == assignment_id))))
    assert kinds == ["7_days_before"]
