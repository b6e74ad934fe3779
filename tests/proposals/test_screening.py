"""The eligibility check the worker runs, and the reminders to partners, called in-process."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.proposals import services
from portal.proposals.requests import send_partner_reminders
from portal.proposals.screening import screen_proposal
from portal.proposals.snapshots import compare_snapshots
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from tests.factories import make_user
from tests.proposals.conftest import ready


def mails(template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)
                                   .order_by(OutboxMessage.id)))


def test_a_complete_proposal_becomes_eligible_and_the_applicant_is_told(consortium):
    proposal = ready(consortium)
    with force_locale("en"):
        services.submit_proposal(proposal.id, consortium.manager)
        assert screen_proposal(proposal) is True
    assert proposal.status == ProposalStatus.ELIGIBLE and proposal.eligibility_reasons == []
    [mail] = mails("proposal_eligibility")
    assert mail.recipient == consortium.manager.email and "is eligible" in mail.subject
    assert screen_proposal(proposal) is None


def test_an_incomplete_proposal_is_ineligible_with_every_reason_in_the_applicants_language(
        consortium):
    consortium.manager.language = "en"
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(indicators=[]), consortium.manager)
        # Submitted as a loader replays a submission made without the preview: the worker's
        # check stays for what changes between submission and screening.
        services.submit_proposal(proposal.id, consortium.manager, preview=False)
        assert screen_proposal(proposal) is False
    codes = [reason["code"] for reason in proposal.eligibility_reasons]
    assert codes == ["not_confirmed", "not_confirmed", "not_endorsed", "not_endorsed",
                     "no_indicator"]
    [mail] = mails("proposal_eligibility")
    assert mail.body.count("\n- ") == 5 and "Smolensk Medical" in mail.body


def test_resubmission_numbers_the_snapshots_and_they_compare_in_words(consortium):
    proposal = ready(consortium)
    staff = make_user("secretariat")
    with force_locale("en"):
        services.submit_proposal(proposal.id, consortium.manager)
        screen_proposal(proposal)
        apply_transition(proposal, Action.RETURN_TO_APPLICANT, staff, note="Clarify the budget")
        services.update_proposal(proposal.id, {"title": "Renamed"}, proposal.version,
                                 consortium.manager)
        services.submit_proposal(proposal.id, consortium.manager)
    with force_locale("en"):
        differences = compare_snapshots(proposal, 1, 2)
    assert [(d.label, d.before, d.after) for d in differences] == [
        ("Title", "Smolensk-Vitebsk medical devices", "Renamed")]


def test_reminders_go_at_most_every_three_days_per_partner(consortium):
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    first = len(mails("proposal_confirmation_request"))
    now = utcnow()
    assert send_partner_reminders(now) == 0
    assert send_partner_reminders(now + timedelta(days=2)) == 0
    later = now + timedelta(days=3)
    sent = send_partner_reminders(later)
    assert sent == 4  # two confirmations and two endorsements
    assert send_partner_reminders(later) == 0
    assert len(mails("proposal_confirmation_request")) > first
    services.confirm_partner(proposal.id, consortium.by.id, consortium.by_member)
    assert send_partner_reminders(later + timedelta(days=3)) == 3
