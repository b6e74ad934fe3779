"""The hourly sweeps: reminders 30 and 7 days before an ad expires, the expiry of ads and of
unanswered interests. Each is run twice: the second run finds nothing left to do."""

from __future__ import annotations

from datetime import timedelta

from portal.core.db import utcnow
from portal.partnering import permissions, services, sweeps
from portal.partnering.models import AdStatus, InterestStatus
from tests.partnering.conftest import post
from tests.partnering.test_services import mails_to


def test_each_reminder_is_sent_once_however_often_the_sweep_runs(session, parties):
    now = utcnow()
    ad = post(parties, expires_at=now + timedelta(days=25))

    assert sweeps.send_expiry_reminders(now) == 1
    assert sweeps.send_expiry_reminders(now) == 0
    [reminder] = mails_to(session, parties.owner.email)
    assert reminder.template == "ad_expiry_reminder" and "30" in reminder.subject

    later = now + timedelta(days=19)
    assert sweeps.send_expiry_reminders(later) == 1
    assert sweeps.send_expiry_reminders(later) == 0
    assert "7 days" in mails_to(session, parties.owner.email)[1].subject
    assert len(mails_to(session, parties.owner.email)) == 2
    assert ad.status == AdStatus.ACTIVE


def test_an_ad_far_from_its_expiry_gets_no_reminder(session, parties, ad):
    assert sweeps.send_expiry_reminders(utcnow()) == 0


def test_renewal_starts_the_reminders_over(session, parties):
    now = utcnow()
    ad = post(parties, expires_at=now + timedelta(days=5))
    assert sweeps.send_expiry_reminders(now) == 1
    services.renew_ad(ad.id, parties.owner)
    assert sweeps.send_expiry_reminders(ad.expires_at - timedelta(days=6)) == 1


def test_ads_past_their_expiry_expire_once(session, parties, ad):
    later = ad.expires_at + timedelta(minutes=1)
    assert sweeps.expire_ads(later) == 1
    assert sweeps.expire_ads(later) == 0
    assert ad.status == AdStatus.EXPIRED
    assert not permissions.can_view_ad(parties.outsider, ad)


def test_unanswered_interests_expire_once_and_the_sender_is_told(session, parties, anonymous_ad):
    interest = services.express_interest(anonymous_ad.id, parties.other_org.id, "Hello",
                                         parties.sender)
    later = interest.expires_at + timedelta(minutes=1)

    assert sweeps.expire_interests(later) == 1
    assert sweeps.expire_interests(later) == 0

    assert interest.status == InterestStatus.EXPIRED
    [mail] = mails_to(session, parties.sender.email)
    assert mail.template == "interest_expired"
    assert parties.owner_org.name not in mail.body  # the ad is anonymous


def test_an_answered_interest_does_not_expire(session, parties, ad):
    interest = services.express_interest(ad.id, parties.other_org.id, "Hello", parties.sender)
    services.accept_interest(interest.id, parties.owner)
    assert sweeps.expire_interests(interest.expires_at + timedelta(days=1)) == 0
    assert interest.status == InterestStatus.ACCEPTED
