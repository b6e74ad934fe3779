"""The eligibility check run by a real worker: a complete submission becomes eligible, an
incomplete one ineligible with every reason, and a repeated delivery changes nothing."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, update

from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals import services
from portal.proposals.models import PartnerRequest, Proposal, StatusChange
from tests.factories import make_call, make_organisation, make_user
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker


def _values(call, lead, partner, **changes) -> dict:
    values = {"call_id": call.id, "title": "Joint devices", "acronym": "JD",
              "summary": "Summary.", "work_plan": "Plan.",
              "technology_fields": ["pharmaceuticals_biotech_medical"],
              "lead_organisation_id": lead.id,
              "partners": [{"organisation_id": org.id, "cofinancing_rate": 0.3,
                            "budget": [{"category": "staff", "amount": 1000, "currency": "RUB"}]}
                           for org in (lead, partner)],
              "indicators": [{"name": "Patents", "unit": "", "baseline": 0, "target": 2}]}
    values.update(changes)
    return values


@pytest.fixture
def submitted(portal_app):
    """Two submitted proposals: one complete, one with nothing confirmed and no indicator."""
    tag = uuid.uuid4().hex[:6]
    with portal_app.app_context(), force_locale("en"):
        call = make_call(max_grant=Decimal("20000000"))
        ru = make_organisation("RU", "RU-SMO", status="published")
        by = make_organisation("BY", "BY-VI", status="published")
        manager = make_user(f"org_member:{ru.id}", "cluster_manager:1",
                            email=f"manager-{tag}@example.org")
        by_member = make_user(f"org_member:{by.id}", email=f"by-{tag}@example.org")
        contacts = [make_user(f"contact_point:{s}", email=f"cp{s}-{tag}@example.org")
                    for s in ("RU", "BY")]
        good = services.create_proposal(_values(call, ru, by), manager)
        bad = services.create_proposal(_values(call, ru, by, indicators=[]), manager)
        services.confirm_partner(good.id, ru.id, manager)
        services.confirm_partner(good.id, by.id, by_member)
        for org, contact in zip((ru, by), contacts, strict=True):
            services.endorse_partner(good.id, org.id, contact)
        services.submit_proposal(good.id, manager)
        # Its preview fails; submitted as a loader replays a submission made without it, for
        # the worker's check, which stays for what changes between submission and screening.
        services.submit_proposal(bad.id, manager, preview=False)
        ids = {"good": good.id, "bad": bad.id, "manager": manager.email}
        db.session.commit()
    return ids


def _read(app, proposal_id: int):
    with app.app_context():
        try:
            proposal = db.session.get(Proposal, proposal_id)
            changes = db.session.scalar(select(func.count(StatusChange.id))
                                        .where(StatusChange.proposal_id == proposal_id))
            return proposal.status, list(proposal.eligibility_reasons), changes
        finally:
            db.session.rollback()


def _actions(app, proposal_id: int) -> list[str]:
    with app.app_context():
        try:
            return list(db.session.scalars(select(StatusChange.action).where(
                StatusChange.proposal_id == proposal_id).order_by(StatusChange.id)))
        finally:
            db.session.rollback()


def _mails(app, address: str) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count(OutboxMessage.id)).where(
                OutboxMessage.recipient == address,
                OutboxMessage.template == "proposal_eligibility"))
        finally:
            db.session.rollback()


def test_the_worker_screens_each_submission_once(portal_app, worker, submitted):
    def done():
        statuses = [_read(portal_app, submitted[key])[0] for key in ("good", "bad")]
        return statuses if "submitted" not in statuses else None

    good, bad = wait_until(done, 60, what="both proposals screened", log=worker.log_text)
    assert bad == "ineligible"
    # An eligible proposal goes straight on to the assignment of experts (the next worker step).
    assert good in ("eligible", "in_review")
    assert _actions(portal_app, submitted["good"])[:2] == ["submit", "mark_eligible"]
    status, reasons, changes = _read(portal_app, submitted["bad"])
    assert [r["code"] for r in reasons] == ["not_confirmed", "not_confirmed", "not_endorsed",
                                            "not_endorsed", "no_indicator"]
    assert _mails(portal_app, submitted["manager"]) == 2

    with portal_app.app_context():
        send_now("portal.proposals.tasks.check_eligibility", submitted["good"])
        send_now("portal.proposals.tasks.check_eligibility", submitted["bad"])
    wait_until(lambda: len(re.findall(r"check_eligibility\[[\w-]+\] succeeded in [\d.]+s: "
                                      r"'skipped'", worker.log_text())) >= 2,
               30, what="two repeated deliveries", log=worker.log_text)
    assert _read(portal_app, submitted["bad"]) == (status, reasons, changes)
    assert _actions(portal_app, submitted["good"]).count("mark_eligible") == 1
    assert _mails(portal_app, submitted["manager"]) == 2


def _reminder_results(worker) -> list[int]:
    return [int(n) for n in re.findall(r"remind_partners\[[\w-]+\] succeeded in [\d.]+s: (\d+)",
                                       worker.log_text())]


def test_the_reminder_task_run_twice_chases_each_waiting_partner_once(portal_app, worker):
    tag = uuid.uuid4().hex[:6]
    with portal_app.app_context(), force_locale("en"):
        call = make_call(max_grant=Decimal("20000000"), requires_endorsement=False)
        ru = make_organisation("RU", "RU-SMO", status="published")
        by = make_organisation("BY", "BY-VI", status="published")
        manager = make_user(f"org_member:{ru.id}", "cluster_manager:1",
                            email=f"lead-{tag}@example.org")
        make_user(f"org_member:{by.id}", email=f"partner-{tag}@example.org")
        proposal = services.create_proposal(_values(call, ru, by), manager)
        db.session.execute(update(PartnerRequest).where(PartnerRequest.partner_id.in_(
            [p.id for p in proposal.partners])).values(sent_on=utcnow().date()
                                                        - timedelta(days=3)))
        db.session.commit()
    before = len(_reminder_results(worker))
    with portal_app.app_context():
        send_now("portal.proposals.tasks.remind_partners")
        send_now("portal.proposals.tasks.remind_partners")
    wait_until(lambda: len(_reminder_results(worker)) >= before + 2, 30,
               what="two reminder sweeps", log=worker.log_text)
    results = sorted(_reminder_results(worker)[before:])
    assert results[0] == 0 and results[1] >= 2
