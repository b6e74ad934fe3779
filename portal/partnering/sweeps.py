"""The periodic work on ads and interests, run by the beat schedule: reminders of an ad's expiry,
the expiry of ads, and the expiry of unanswered interests.

Each sweep is safe to run twice, or in two workers at once: a reminder is recorded in
``ad_reminder`` with ``INSERT … ON CONFLICT DO NOTHING`` and mailed only by the run whose insert
took; an expiry changes only rows still in the state that calls for it (and the interest's
version column turns a race with an answer into a retry, which then finds nothing to do).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from portal.core import audit
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.partnering.models import (
    Ad,
    AdReminder,
    AdStatus,
    ExpressionOfInterest,
    InterestStatus,
    ReminderKind,
)
from portal.partnering.reader_view import ad_view
from portal.partnering.services import ad_link
from portal.partnering.terms import REMINDER_DAYS, reminder_due


def _record_reminder(ad_id: int, kind: str, now: datetime) -> bool:
    """True when this call recorded the reminder, False when it had been sent already."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = db.session.execute(
        insert(AdReminder.__table__).values(ad_id=ad_id, kind=kind, sent_at=now)
        .on_conflict_do_nothing(index_elements=["ad_id", "kind"])
        .returning(AdReminder.__table__.c.id))
    return inserted.first() is not None


def send_expiry_reminders(now: datetime) -> int:
    """Remind the author of each active ad 30 and 7 days before it expires, once each."""
    horizon = now + timedelta(days=max(REMINDER_DAYS.values()))
    ads = db.session.scalars(select(Ad).where(Ad.status == AdStatus.ACTIVE, Ad.expires_at > now,
                                              Ad.expires_at <= horizon).order_by(Ad.id))
    sent = 0
    for ad in ads:
        kind = reminder_due(ad.expires_at, now)
        if kind is None or not _record_reminder(ad.id, kind, now):
            continue
        if ad.author.is_active:
            mail_user(ad.author, "ad_expiry_reminder", ad=ad, days=REMINDER_DAYS[kind],
                      link=ad_link(ad))
        audit.record("ad.remind", audit.WORKER_ACTOR, f"ad:{ad.id}", reminder=ReminderKind(kind).value)
        sent += 1
    db.session.flush()
    return sent


def expire_ads(now: datetime) -> int:
    """Mark active ads past their expiry ``expired``; the reminders have told the authors."""
    ads = list(db.session.scalars(select(Ad).where(Ad.status == AdStatus.ACTIVE,
                                                   Ad.expires_at <= now).order_by(Ad.id)))
    for ad in ads:
        ad.status = AdStatus.EXPIRED
        db.session.flush()
        audit.record("ad.expire", audit.WORKER_ACTOR, f"ad:{ad.id}")
    return len(ads)


def expire_interests(now: datetime) -> int:
    """Mark pending interests past their expiry ``expired`` and tell each sender."""
    interests = list(db.session.scalars(
        select(ExpressionOfInterest).where(ExpressionOfInterest.status == InterestStatus.PENDING,
                                           ExpressionOfInterest.expires_at <= now)
        .order_by(ExpressionOfInterest.id)))
    for interest in interests:
        interest.status = InterestStatus.EXPIRED
        db.session.flush()
        audit.record("interest.expire", audit.WORKER_ACTOR, f"interest:{interest.id}",
                     ad=f"ad:{interest.ad_id}")
        if interest.sender.is_active:
            mail_user(interest.sender, "interest_expired", ad=interest.ad, interest=interest,
                      owner=ad_view(interest.ad, interest.sender).owner_name,
                      link=ad_link(interest.ad))
    return len(interests)
