"""The hourly sweeps of cooperation ads: expiry reminders, expired ads, expired interests."""

from __future__ import annotations

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.extensions import db
from portal.partnering import sweeps


@portal_task
def send_ad_reminders() -> int:
    """Hourly: remind authors 30 and 7 days before their ads expire, each reminder once."""
    sent = sweeps.send_expiry_reminders(utcnow())
    db.session.commit()
    return sent


@portal_task
def expire_ads() -> int:
    """Hourly: active ads past their expiry become ``expired``."""
    expired = sweeps.expire_ads(utcnow())
    db.session.commit()
    return expired


@portal_task
def expire_interests() -> int:
    """Hourly: unanswered interests past their expiry become ``expired``; senders are told."""
    expired = sweeps.expire_interests(utcnow())
    db.session.commit()
    return expired
