"""Cooperation ads and expressions of interest: post, edit, renew, withdraw, express interest,
accept, decline, follow.

Each service checks the rule (who may act, and in which state), changes state, writes the audit
entry, queues its e-mails and flushes; the caller commits once. Permissions are the predicates of
:mod:`portal.partnering.permissions`. The periodic sweeps (reminders, expiry) are in
:mod:`portal.partnering.sweeps`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal.accounts.links import external_url
from portal.accounts.models import LANGUAGES
from portal.core import audit, limits
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.core.validation import Problems, add_problem, raise_if
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.partnering import permissions
from portal.partnering.models import (
    Ad,
    AdFollow,
    AdKind,
    AdReminder,
    AdStatus,
    ExpressionOfInterest,
    InterestStatus,
)
from portal.partnering.reader_view import ad_view
from portal.partnering.terms import ad_expiry
from portal.reference.models import TechnologyField
from portal.reference.queries import resolve_technology_fields
from portal.registry.models import Organisation


def _check_text(problems, field: str, value, limit: int) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        add_problem(problems, field, _("Must be text."))
    elif not value:
        add_problem(problems, field, _("This field is required."))
    elif too_long := limits.text_problem(value, limit):
        add_problem(problems, field, too_long)
    return value or ""


def _technology_fields(keys, problems) -> list[TechnologyField]:
    if not isinstance(keys, (list, tuple)) or not all(isinstance(k, str) for k in keys):
        add_problem(problems, "technology_fields", _("Must be a list of technology field keys."))
        return []
    if too_many := limits.count_problem(keys, limits.CODES_MAX):
        add_problem(problems, "technology_fields", too_many)
        return []
    fields, problem = resolve_technology_fields(keys)
    if problem:
        add_problem(problems, "technology_fields", problem)
    return fields


def _check_ad_fields(problems, *, kind, title, body, technology_fields, language):
    if kind not in set(AdKind):
        add_problem(problems, "kind", _("Unknown kind of ad: %(kind)s", kind=kind))
    values = {"kind": kind,
              "title": _check_text(problems, "title", title, limits.NAME_MAX),
              "body": _check_text(problems, "body", body, limits.DESCRIPTION_MAX),
              "technology_fields": _technology_fields(technology_fields, problems)}
    if language is not None:
        if language not in LANGUAGES:
            add_problem(problems, "language", _("Unknown language: %(language)s", language=language))
        values["language"] = language
    return values


def _check_expiry(problems, expires_at: datetime | None, now: datetime) -> datetime:
    latest = ad_expiry(now)
    if expires_at is None:
        return latest
    if expires_at.tzinfo is None:
        add_problem(problems, "expires_at", _("Give the time with its zone."))
    elif expires_at <= now:
        add_problem(problems, "expires_at", _("The expiry must be in the future."))
    elif expires_at > latest:
        add_problem(problems, "expires_at", _("An ad runs for 12 months at most; renew it then."))
    return expires_at


def get_ad(ad_id: int) -> Ad:
    ad = db.session.get(Ad, ad_id)
    if ad is None:
        raise NotFound(_("There is nothing here."))
    return ad


def visible_ad(ad_id: int, user) -> Ad:
    """The ad, or 404 when it does not exist or ``user`` may not know of it."""
    ad = get_ad(ad_id)
    if not permissions.can_view_ad(user, ad):
        raise NotFound(_("There is nothing here."))
    return ad


def visible_interest(interest_id: int, user) -> ExpressionOfInterest:
    """The interest, or 404 for anyone who is on neither side of it."""
    interest = db.session.get(ExpressionOfInterest, interest_id)
    if interest is None or not permissions.can_view_interest(user, interest):
        raise NotFound(_("There is nothing here."))
    return interest


def post_ad(*, organisation_id, kind, title, body, actor, technology_fields: Iterable[str] = (),
            language: str | None = None, anonymous: bool = False,
            expires_at: datetime | None = None) -> Ad:
    """Post an ad for one's organisation, ``active`` until ``expires_at`` (12 months from now
    by default, never later)."""
    if not isinstance(organisation_id, int) or isinstance(organisation_id, bool):
        raise ValidationError(_("Some values are not valid."),
                              {"organisation_id": [_("Must be a whole number.")]})
    if not permissions.can_post_ad(actor, organisation_id):
        raise PermissionDenied(_("You may post ads only for your own organisation."))
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise ValidationError(_("Some values are not valid."),
                              {"organisation_id": [_("No such organisation.")]})
    now = utcnow()
    problems: Problems = {}
    values = _check_ad_fields(problems, kind=kind, title=title, body=body,
                              technology_fields=list(technology_fields),
                              language=language or organisation.language)
    if not isinstance(anonymous, bool):
        add_problem(problems, "anonymous", _("Must be true or false."))
    expiry = _check_expiry(problems, expires_at, now)
    raise_if(problems)
    ad = Ad(organisation_id=organisation.id, author_id=actor.id, anonymous=anonymous,
            status=AdStatus.ACTIVE, created_at=now, expires_at=expiry, **values)
    db.session.add(ad)
    db.session.flush()
    audit.record("ad.post", actor, f"ad:{ad.id}", organisation=f"organisation:{organisation.id}",
                 kind=ad.kind, anonymous=ad.anonymous, expires_at=ad.expires_at)
    return ad


def _owned_ad(ad_id: int, actor) -> Ad:
    ad = visible_ad(ad_id, actor)
    if not permissions.owns_ad(actor, ad):
        raise PermissionDenied(_("Only members of the organisation that posted the ad may do this."))
    return ad


def _check_version(ad: Ad, version) -> None:
    if version is not None and version != ad.version:
        message = _("The ad was changed in the meantime. Reload it and try again.")
        raise ConflictError(message, {"version": [message]})


def update_ad(ad_id: int, actor, version: int | None = None, **changes) -> Ad:
    """Change an active ad's kind, title, text, language or technology fields (its followers
    hear of it), or its anonymity. ``version`` (when given) must be the one the editor saw.

    Anonymity off reveals the organisation to every reader; on again hides it from everyone
    but the organisations whose interest was already accepted (they keep what they were told)."""
    ad = _owned_ad(ad_id, actor)
    _check_version(ad, version)
    if ad.status != AdStatus.ACTIVE:
        raise ConflictError(_("Only an active ad can be changed; renew it first."))
    unknown = set(changes) - {"kind", "title", "body", "technology_fields", "language", "anonymous"}
    if unknown:
        raise ValidationError(_("Some values are not valid."),
                              {name: [_("This field cannot be changed.")] for name in unknown})
    problems: Problems = {}
    anonymous = changes.pop("anonymous", ad.anonymous)
    if not isinstance(anonymous, bool):
        add_problem(problems, "anonymous", _("Must be true or false."))
    current = {"kind": ad.kind, "title": ad.title, "body": ad.body, "language": ad.language,
               "technology_fields": [f.key for f in ad.technology_fields]}
    values = _check_ad_fields(problems, **{**current, **changes})
    raise_if(problems)
    content_changed = any(values[name] != current[name] for name in changes)
    anonymity_changed = anonymous != ad.anonymous
    for name, value in values.items():
        setattr(ad, name, value)
    ad.anonymous = anonymous
    ad.updated_at = utcnow()
    db.session.flush()
    changed = sorted(changes) + (["anonymous"] if anonymity_changed else [])
    audit.record("ad.update", actor, f"ad:{ad.id}", changed=changed, anonymous=ad.anonymous)
    if content_changed or not anonymity_changed:
        _tell_followers(ad, "ad_updated", actor)
    return ad


def renew_ad(ad_id: int, actor) -> Ad:
    """One step: active again, for 12 months from now; the reminders start over."""
    ad = _owned_ad(ad_id, actor)
    if ad.status == AdStatus.WITHDRAWN:
        raise ConflictError(_("A withdrawn ad cannot be renewed; post a new one."))
    now = utcnow()
    ad.status, ad.expires_at, ad.renewed_at = AdStatus.ACTIVE, ad_expiry(now), now
    db.session.execute(delete(AdReminder).where(AdReminder.ad_id == ad.id))
    db.session.flush()
    audit.record("ad.renew", actor, f"ad:{ad.id}", expires_at=ad.expires_at)
    _tell_followers(ad, "ad_renewed", actor)
    return ad


def withdraw_ad(ad_id: int, actor) -> Ad:
    """Take an ad off the list for good. Pending interests stay answerable."""
    ad = _owned_ad(ad_id, actor)
    if ad.status == AdStatus.WITHDRAWN:
        raise ConflictError(_("The ad is already withdrawn."))
    ad.status = AdStatus.WITHDRAWN
    db.session.flush()
    audit.record("ad.withdraw", actor, f"ad:{ad.id}")
    return ad


def follow_ad(ad_id: int, user) -> AdFollow:
    """Hear by e-mail when the ad is updated or renewed; following twice changes nothing."""
    ad = visible_ad(ad_id, user)
    follow = _follow_of(ad.id, user)
    if follow is None:
        follow = AdFollow(ad_id=ad.id, user_id=user.id)
        db.session.add(follow)
        db.session.flush()
        audit.record("ad.follow", user, f"ad:{ad.id}")
    return follow


def unfollow_ad(ad_id: int, user) -> None:
    ad = visible_ad(ad_id, user)
    follow = _follow_of(ad.id, user)
    if follow is not None:
        db.session.delete(follow)
        db.session.flush()
        audit.record("ad.unfollow", user, f"ad:{ad.id}")


def _follow_of(ad_id: int, user) -> AdFollow | None:
    return db.session.scalar(select(AdFollow).where(AdFollow.ad_id == ad_id,
                                                    AdFollow.user_id == user.id))


def is_following(ad: Ad, user) -> bool:
    return _follow_of(ad.id, user) is not None


def followed_ads(ad_ids: list[int], user) -> set[int]:
    """Which of ``ad_ids`` ``user`` follows, in one statement (for a list of ads)."""
    if not ad_ids:
        return set()
    return set(db.session.scalars(select(AdFollow.ad_id).where(AdFollow.ad_id.in_(ad_ids),
                                                               AdFollow.user_id == user.id)))


def _tell_followers(ad: Ad, template: str, actor) -> None:
    followers = db.session.scalars(select(AdFollow).where(AdFollow.ad_id == ad.id))
    for follow in followers:
        if follow.user_id != getattr(actor, "id", None) and follow.user.is_active:
            mail_user(follow.user, template, ad=ad, link=ad_link(ad),
                      owner=ad_view(ad, follow.user).owner_name)


def ad_link(ad: Ad) -> str:
    return external_url("partnering.ad", ad_id=ad.id)


def interest_link(interest: ExpressionOfInterest) -> str:
    return external_url("partnering.interest", interest_id=interest.id)


def express_interest(ad_id: int, organisation_id, message, actor) -> ExpressionOfInterest:
    """Tell an active ad's owner that one's organisation is interested. The owner is told by
    e-mail; the interest waits ``INTEREST_DAYS`` for an answer."""
    ad = visible_ad(ad_id, actor)
    if not isinstance(organisation_id, int) or isinstance(organisation_id, bool):
        raise ValidationError(_("Some values are not valid."),
                              {"organisation_id": [_("Must be a whole number.")]})
    if organisation_id not in permissions.organisation_ids(actor):
        raise PermissionDenied(_("You may express interest only for your own organisation."))
    if organisation_id == ad.organisation_id:
        message_text = _("This is your own organisation's ad.")
        raise ValidationError(message_text, {"organisation_id": [message_text]})
    if ad.status != AdStatus.ACTIVE:
        raise ConflictError(_("The ad is no longer active."))
    problems: Problems = {}
    text = _check_text(problems, "message", message, limits.DESCRIPTION_MAX)
    raise_if(problems)
    if open_interest(ad.id, organisation_id) is not None:
        raise ConflictError(_("Your organisation has already expressed interest in this ad."))
    now = utcnow()
    interest = ExpressionOfInterest(
        ad_id=ad.id, organisation_id=organisation_id, sender_id=actor.id, message=text,
        status=InterestStatus.PENDING, created_at=now,
        expires_at=now + timedelta(days=current_app.config["INTEREST_DAYS"]))
    db.session.add(interest)
    db.session.flush()
    audit.record("interest.express", actor, f"interest:{interest.id}", ad=f"ad:{ad.id}",
                 organisation=f"organisation:{organisation_id}")
    if ad.author.is_active:
        mail_user(ad.author, "interest_received", ad=ad, interest=interest,
                  link=interest_link(interest))
    return interest


def open_interest(ad_id: int, organisation_id: int) -> ExpressionOfInterest | None:
    """The organisation's pending or accepted interest in the ad, if any."""
    return db.session.scalar(select(ExpressionOfInterest).where(
        ExpressionOfInterest.ad_id == ad_id, ExpressionOfInterest.organisation_id == organisation_id,
        ExpressionOfInterest.status.in_([InterestStatus.PENDING, InterestStatus.ACCEPTED])))


def _answerable(interest_id: int, actor) -> ExpressionOfInterest:
    interest = visible_interest(interest_id, actor)
    if not permissions.can_answer_interest(actor, interest):
        raise PermissionDenied(_("Only the organisation that posted the ad answers."))
    if interest.status != InterestStatus.PENDING:
        raise ConflictError(_("This expression of interest has already been answered or has "
                              "expired."))
    return interest


def accept_interest(interest_id: int, actor) -> ExpressionOfInterest:
    """Accept: both sides now see each other's organisation and contact e-mail, even on an
    anonymous ad; the sender is told by e-mail with the owner's details."""
    interest = _answerable(interest_id, actor)
    interest.status, interest.answered_at = InterestStatus.ACCEPTED, utcnow()
    interest.answered_by_id = actor.id
    db.session.flush()
    audit.record("interest.accept", actor, f"interest:{interest.id}", ad=f"ad:{interest.ad_id}")
    if interest.sender.is_active:
        mail_user(interest.sender, "interest_accepted", ad=interest.ad, interest=interest,
                  contacts=contacts(interest), link=interest_link(interest))
    return interest


def decline_interest(interest_id: int, actor) -> ExpressionOfInterest:
    """Decline: the sender is told, and an anonymous owner stays anonymous."""
    interest = _answerable(interest_id, actor)
    interest.status, interest.answered_at = InterestStatus.DECLINED, utcnow()
    interest.answered_by_id = actor.id
    db.session.flush()
    audit.record("interest.decline", actor, f"interest:{interest.id}", ad=f"ad:{interest.ad_id}")
    if interest.sender.is_active:
        mail_user(interest.sender, "interest_declined", ad=interest.ad, interest=interest,
                  owner=ad_view(interest.ad, interest.sender).owner_name, link=ad_link(interest.ad))
    return interest


def contacts(interest: ExpressionOfInterest) -> dict:
    """The details both sides see once the interest is accepted."""
    ad = interest.ad
    return {
        "owner": {"organisation_id": ad.organisation_id, "organisation": ad.organisation.name,
                  "name": ad.author.name, "email": ad.author.email},
        "sender": {"organisation_id": interest.organisation_id,
                   "organisation": interest.organisation.name,
                   "name": interest.sender.name, "email": interest.sender.email},
    }
