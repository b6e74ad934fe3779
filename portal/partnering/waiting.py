"""Partnering's part of what waits for a user (:mod:`portal.core.waiting`): the expressions of
interest in their organisations' ads that wait for an answer, due when they expire."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from portal.core.waiting import MAX_PER_PROVIDER, TaskKind, WaitingTask
from portal.extensions import db
from portal.partnering.models import Ad, ExpressionOfInterest, InterestStatus
from portal.partnering.permissions import organisation_ids
from portal.registry.models import Organisation


def interests_to_answer(user, now: datetime) -> list[WaitingTask]:
    """One statement: the pending interests in the ads of the organisations the user acts for."""
    mine = organisation_ids(user)
    if not mine:
        return []
    sender = aliased(Organisation)
    rows = db.session.execute(
        select(ExpressionOfInterest.id, ExpressionOfInterest.expires_at, Ad.title, sender.name)
        .join(Ad, Ad.id == ExpressionOfInterest.ad_id)
        .join(sender, sender.id == ExpressionOfInterest.organisation_id)
        .where(Ad.organisation_id.in_(mine), ExpressionOfInterest.status == InterestStatus.PENDING)
        .order_by(ExpressionOfInterest.expires_at, ExpressionOfInterest.id)
        .limit(MAX_PER_PROVIDER))
    return [WaitingTask(TaskKind.ANSWER_INTEREST,
                        _("Answer the interest of %(organisation)s in “%(ad)s”",
                          organisation=sender_name, ad=ad_title),
                        "interest", interest_id, "partnering.interest", due_at=expires_at,
                        values={"interest_id": interest_id})
            for interest_id, expires_at, ad_title, sender_name in rows]
