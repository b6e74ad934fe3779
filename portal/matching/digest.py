"""The match digest: a member of an organisation subscribes to its new or better partner
suggestions, mailed on their schedule (daily or weekly) by a beat task.

A subscription is due when its period has passed since ``last_sent_at`` (an hour of slack, as
for the saved-search digest). The mail names each suggestion the digest has not named before,
or whose score has risen by :data:`IMPROVEMENT` since; what it names is recorded
(:class:`MatchSent`) in the same transaction as the outbox message, so a repeated run, or a
redelivered task, never mails the same suggestion twice. Nothing new sends nothing. The daily
task (:func:`portal.matching.tasks.send_digests`) commits after each subscription.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from portal.accounts.links import external_url
from portal.accounts.models import User
from portal.core import audit
from portal.core.errors import NotFound, PermissionDenied, ValidationError
from portal.core.i18n import in_language
from portal.extensions import db
from portal.matching.models import DigestSchedule, MatchSent, MatchSubscription
from portal.matching.permissions import may_subscribe_to_digest
from portal.matching.reasons import explain
from portal.matching.services import find_matches
from portal.notifications.services import mail_user
from portal.registry.models import Organisation

PERIODS = {DigestSchedule.DAILY: timedelta(days=1), DigestSchedule.WEEKLY: timedelta(days=7)}
SLACK = timedelta(hours=1)
#: Suggestions a digest considers (best first) and the rise in score that makes one news again.
CONSIDERED = 20
IMPROVEMENT = 0.05


def _organisation_for(organisation_id: int, actor) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("There is no such organisation."))
    if not may_subscribe_to_digest(actor, organisation):
        raise PermissionDenied(_("Only the people of an organisation receive its digest."))
    return organisation


def subscription_of(user, organisation_id: int) -> MatchSubscription | None:
    return db.session.scalar(select(MatchSubscription).where(
        MatchSubscription.user_id == user.id, MatchSubscription.organisation_id == organisation_id))


def subscribe_to_digest(organisation_id: int, schedule: str, actor) -> MatchSubscription:
    """Start (or reschedule) the actor's digest of the organisation's partner suggestions."""
    _organisation_for(organisation_id, actor)
    if schedule not in set(DigestSchedule):
        raise ValidationError(_("Some values are not valid."),
                              {"schedule": [_("Choose daily or weekly.")]})
    subscription = subscription_of(actor, organisation_id)
    if subscription is None:
        subscription = MatchSubscription(user_id=actor.id, organisation_id=organisation_id)
        db.session.add(subscription)
    subscription.schedule = schedule
    db.session.flush()
    audit.record("matching.digest_subscribed", actor, f"organisation:{organisation_id}",
                 schedule=schedule)
    return subscription


def unsubscribe_from_digest(organisation_id: int, actor) -> None:
    _organisation_for(organisation_id, actor)
    subscription = subscription_of(actor, organisation_id)
    if subscription is not None:
        db.session.delete(subscription)
        db.session.flush()
        audit.record("matching.digest_unsubscribed", actor, f"organisation:{organisation_id}")


def due_ids(now: datetime) -> list[int]:
    conditions = [
        (MatchSubscription.schedule == schedule)
        & (MatchSubscription.last_sent_at.is_(None)
           | (MatchSubscription.last_sent_at <= now - period + SLACK))
        for schedule, period in PERIODS.items()]
    return list(db.session.scalars(select(MatchSubscription.id).where(or_(*conditions))
                                   .order_by(MatchSubscription.id)))


def send_match_digest(subscription_id: int, now: datetime) -> bool:
    """Mail one subscription's new or improved suggestions if it is still due; True if a mail
    was queued. Flushes; the caller commits."""
    subscription = db.session.get(MatchSubscription, subscription_id)
    if subscription is None or subscription_id not in due_ids(now):
        return False
    user = db.session.get(User, subscription.user_id)
    organisation = db.session.get(Organisation, subscription.organisation_id)
    subscription.last_sent_at = now
    if user is None or not user.is_active or not may_subscribe_to_digest(user, organisation):
        db.session.flush()
        return False
    sent = {row.partner_id: row for row in db.session.scalars(select(MatchSent).where(
        MatchSent.subscription_id == subscription.id))}
    news = [match for match in find_matches(organisation.id, limit=CONSIDERED)
            if match.score > 0 and (match.organisation_id not in sent
                                    or match.score >= sent[match.organisation_id].score + IMPROVEMENT)]
    if not news:
        db.session.flush()
        return False
    partners = {o.id: o for o in db.session.scalars(select(Organisation).where(
        Organisation.id.in_([m.organisation_id for m in news])))}
    with in_language(user.language):
        rows = [(partners[m.organisation_id], explain(m)) for m in news]
    mail_user(user, "match_digest", organisation=organisation, rows=rows,
              link=external_url("matching.organisation_matches", organisation_id=organisation.id))
    for match in news:
        row = sent.get(match.organisation_id)
        if row is None:
            db.session.add(MatchSent(subscription_id=subscription.id,
                                     partner_id=match.organisation_id, score=match.score, sent_at=now))
        else:
            row.score, row.sent_at = match.score, now
    db.session.flush()
    return True

