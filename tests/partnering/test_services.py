"""Ads and expressions of interest: the rules of the services and the mails they write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.notifications.models import OutboxMessage
from portal.partnering import permissions, services
from portal.partnering.models import AdStatus, InterestStatus
from portal.partnering.terms import add_months, reminder_due
from tests.factories import make_organisation, make_user
from tests.partnering.conftest import post


def mails_to(session, address: str) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)
                                .order_by(OutboxMessage.id)))


def actions(session, obj: str) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).where(AuditEntry.object == obj)
                                .order_by(AuditEntry.seq)))


def test_a_posted_ad_is_active_for_twelve_months_and_audited(session, parties, ad):
    assert ad.status == AdStatus.ACTIVE
    assert ad.language == parties.owner_org.language
    assert [f.key for f in ad.technology_fields] == ["pharmaceuticals_biotech_medical"]
    assert ad.expires_at == add_months(ad.created_at, 12)
    assert actions(session, f"ad:{ad.id}") == ["ad.post"]


def test_posting_for_another_organisation_is_refused(parties):
    with pytest.raises(PermissionDenied):
        post(parties, organisation_id=parties.other_org.id)


def test_every_invalid_value_is_reported_at_once(parties):
    with pytest.raises(ValidationError) as caught:
        post(parties, kind="gift", title=" ", body="", technology_fields=["nonsense"],
             expires_at=utcnow() + timedelta(days=400))
    assert set(caught.value.fields) == {"kind", "title", "body", "technology_fields", "expires_at"}


def test_an_expiry_in_the_past_is_refused(parties):
    with pytest.raises(ValidationError) as caught:
        post(parties, expires_at=utcnow() - timedelta(days=1))
    assert "expires_at" in caught.value.fields


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    start = utcnow().replace(year=2027, month=1, day=31)
    assert add_months(start, 1).day == 28
    assert add_months(start.replace(year=2028, month=2, day=29), 12).day == 28
    assert add_months(start, 12).year == 2028


def test_the_most_urgent_reminder_due_is_chosen():
    now = utcnow()
    assert reminder_due(now + timedelta(days=40), now) is None
    assert reminder_due(now + timedelta(days=29), now) == "30_days"
    assert reminder_due(now + timedelta(days=6), now) == "7_days"
    assert reminder_due(now - timedelta(days=1), now) is None


def test_expressing_interest_mails_the_author_and_waits_interest_days(session, app, parties, ad):
    interest = services.express_interest(ad.id, parties.other_org.id, "We need this.",
                                         parties.sender)
    assert interest.status == InterestStatus.PENDING
    assert interest.expires_at - interest.created_at == timedelta(days=app.config["INTEREST_DAYS"])
    [mail] = mails_to(session, parties.owner.email)
    assert parties.other_org.name in mail.body and "We need this." in mail.body


def test_interest_in_ones_own_organisations_ad_is_refused(parties, ad):
    both = make_user(f"org_member:{parties.owner_org.id}", f"org_member:{parties.other_org.id}")
    with pytest.raises(ValidationError):
        services.express_interest(ad.id, parties.owner_org.id, "Hello", both)


def test_interest_on_behalf_of_another_organisation_is_refused(parties, ad):
    third = make_organisation(state="KZ", region="KZ-55")
    with pytest.raises(PermissionDenied):
        services.express_interest(ad.id, third.id, "Hello", parties.sender)


def test_a_second_open_interest_of_the_same_organisation_is_a_conflict(parties, ad):
    services.express_interest(ad.id, parties.other_org.id, "First", parties.sender)
    with pytest.raises(ConflictError):
        services.express_interest(ad.id, parties.other_org.id, "Again", parties.sender)


def test_after_a_decline_the_organisation_may_try_again(parties, ad):
    first = services.express_interest(ad.id, parties.other_org.id, "First", parties.sender)
    services.decline_interest(first.id, parties.owner)
    second = services.express_interest(ad.id, parties.other_org.id, "Again", parties.sender)
    assert second.status == InterestStatus.PENDING


def test_interest_in_a_withdrawn_ad_is_not_possible(parties, ad):
    services.withdraw_ad(ad.id, parties.owner)
    with pytest.raises(NotFound):  # the sender's organisation never saw it
        services.express_interest(ad.id, parties.other_org.id, "Hello", parties.sender)


def test_interest_in_an_expired_ad_one_can_still_see_is_a_conflict(parties, ad):
    services.express_interest(ad.id, parties.other_org.id, "First", parties.sender)
    ad.status = AdStatus.EXPIRED
    with pytest.raises(ConflictError):
        services.express_interest(ad.id, parties.other_org.id, "Again", parties.sender)


def test_only_the_ads_organisation_answers(parties, ad):
    interest = services.express_interest(ad.id, parties.other_org.id, "Hello", parties.sender)
    with pytest.raises(PermissionDenied):
        services.accept_interest(interest.id, parties.sender)
    with pytest.raises(NotFound):
        services.accept_interest(interest.id, parties.outsider)


def test_accepting_reveals_the_contacts_and_mails_the_sender_in_their_language(
        session, parties, anonymous_ad):
    interest = services.express_interest(anonymous_ad.id, parties.other_org.id, "Hello",
                                         parties.sender)
    assert not permissions.can_see_owner(parties.sender, anonymous_ad)
    assert not permissions.can_see_contacts(parties.sender, interest)

    services.accept_interest(interest.id, parties.owner)

    assert permissions.can_see_owner(parties.sender, anonymous_ad)
    assert permissions.can_see_contacts(parties.owner, interest)
    contacts = services.contacts(interest)
    assert contacts["owner"]["email"] == parties.owner.email
    assert contacts["sender"]["email"] == parties.sender.email
    [mail] = mails_to(session, parties.sender.email)
    assert mail.language == "ru"
    assert parties.owner_org.name in mail.body and parties.owner.email in mail.body
    with pytest.raises(ConflictError):
        services.decline_interest(interest.id, parties.owner)


def test_a_declined_sender_is_told_without_learning_the_anonymous_owner(
        session, parties, anonymous_ad):
    interest = services.express_interest(anonymous_ad.id, parties.other_org.id, "Hello",
                                         parties.sender)
    services.decline_interest(interest.id, parties.owner)
    [mail] = mails_to(session, parties.sender.email)
    assert parties.owner_org.name not in mail.subject + mail.body
    assert parties.owner.email not in mail.body
    assert not permissions.can_see_owner(parties.sender, anonymous_ad)


def test_anonymity_is_lifted_only_for_the_accepted_organisation(parties, anonymous_ad):
    third_org = make_organisation(state="KZ", region="KZ-55")
    third = make_user(f"org_member:{third_org.id}")
    interest = services.express_interest(anonymous_ad.id, parties.other_org.id, "Hi",
                                         parties.sender)
    services.accept_interest(interest.id, parties.owner)
    assert not permissions.can_see_owner(third, anonymous_ad)
    assert not permissions.can_see_owner(parties.outsider, anonymous_ad)
    assert permissions.can_see_owner(parties.owner, anonymous_ad)


def test_renewal_is_one_step_and_tells_the_followers(session, parties, ad):
    services.follow_ad(ad.id, parties.sender)
    services.follow_ad(ad.id, parties.sender)  # following twice changes nothing
    ad.status, ad.expires_at = AdStatus.EXPIRED, utcnow() - timedelta(days=1)

    services.renew_ad(ad.id, parties.owner)

    assert ad.status == AdStatus.ACTIVE
    assert ad.expires_at > utcnow() + timedelta(days=360)
    [mail] = mails_to(session, parties.sender.email)
    assert mail.template == "ad_renewed"


def test_an_update_tells_followers_but_not_the_editor_and_checks_the_version(
        session, parties, ad):
    services.follow_ad(ad.id, parties.sender)
    services.follow_ad(ad.id, parties.owner)
    with pytest.raises(ConflictError):
        services.update_ad(ad.id, parties.owner, version=ad.version + 1, title="New")
    services.update_ad(ad.id, parties.owner, version=ad.version, title="New title")
    assert ad.title == "New title"
    assert [m.template for m in mails_to(session, parties.sender.email)] == ["ad_updated"]
    assert mails_to(session, parties.owner.email) == []


def test_unfollowing_stops_the_mails(session, parties, ad):
    services.follow_ad(ad.id, parties.sender)
    services.unfollow_ad(ad.id, parties.sender)
    services.renew_ad(ad.id, parties.owner)
    assert mails_to(session, parties.sender.email) == []


def test_a_withdrawn_ad_is_hidden_from_others_and_cannot_be_renewed(parties, ad):
    services.withdraw_ad(ad.id, parties.owner)
    assert not permissions.can_view_ad(parties.sender, ad)
    assert permissions.can_view_ad(parties.owner, ad)
    with pytest.raises(ConflictError):
        services.renew_ad(ad.id, parties.owner)
    with pytest.raises(ConflictError):
        services.withdraw_ad(ad.id, parties.owner)


def test_members_of_other_organisations_cannot_change_an_ad(parties, ad):
    with pytest.raises(PermissionDenied):
        services.update_ad(ad.id, parties.sender, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.renew_ad(ad.id, parties.sender)
