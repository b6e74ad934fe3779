"""Cooperation ads, expressions of interest in them, and who follows an ad.

An ad is ``active`` from the day it is posted until ``expires_at`` (12 months by default), when
the hourly sweep marks it ``expired``; its owner may renew it in one step (active again, 12 more
months) or withdraw it. An anonymous ad hides its organisation until the owner accepts an
expression of interest, and then only from the organisation whose interest was accepted.

An expression of interest is ``pending`` until a member of the ad's organisation accepts or
declines it, or until ``expires_at`` passes (``INTEREST_DAYS``, 30 by default) and the sweep marks
it ``expired``. One organisation has at most one pending or accepted interest in an ad (a partial
unique index); after a decline or an expiry it may try again.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.db import UTCDateTime, check_in, technology_field_link, utcnow
from portal.extensions import db
from portal.registry.models import Organisation


class AdKind(StrEnum):
    TECHNOLOGY_OFFER = "technology_offer"
    TECHNOLOGY_REQUEST = "technology_request"
    BUSINESS_OFFER = "business_offer"
    BUSINESS_REQUEST = "business_request"
    RD_REQUEST = "rd_request"
    PARTNER_SEARCH = "partner_search"


class AdStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class InterestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


class ReminderKind(StrEnum):
    DAYS_30 = "30_days"
    DAYS_7 = "7_days"


ad_technology_field = technology_field_link("ad")


class Ad(db.Model):
    __tablename__ = "ad"
    __table_args__ = (check_in("kind", AdKind), check_in("status", AdStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: The member who posted the ad: its contact, told of interests and of the coming expiry.
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: The language the title and body are written in.
    language: Mapped[str] = mapped_column(String(5))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=AdStatus.ACTIVE, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    renewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User] = relationship()
    technology_fields = relationship(
        "TechnologyField", secondary=ad_technology_field, lazy="selectin",
        order_by="TechnologyField.position")

    __mapper_args__ = {"version_id_col": version}


class AdReminder(db.Model):
    """A reminder of the ad's expiry that was sent, so that the sweep sends each one once. The
    rows of a term are deleted when the ad is renewed."""

    __tablename__ = "ad_reminder"
    __table_args__ = (UniqueConstraint("ad_id", "kind"), check_in("kind", ReminderKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    ad_id: Mapped[int] = mapped_column(ForeignKey("ad.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AdFollow(db.Model):
    """A user who hears by e-mail when the ad is updated or renewed."""

    __tablename__ = "ad_follow"
    __table_args__ = (UniqueConstraint("ad_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ad_id: Mapped[int] = mapped_column(ForeignKey("ad.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


#: The statuses in which an organisation's interest in an ad blocks another one.
OPEN_INTEREST = "status IN ('pending', 'accepted')"


class ExpressionOfInterest(db.Model):
    __tablename__ = "expression_of_interest"
    __table_args__ = (
        check_in("status", InterestStatus),
        Index("uq_expression_of_interest_open", "ad_id", "organisation_id", unique=True,
              sqlite_where=text(OPEN_INTEREST), postgresql_where=text(OPEN_INTEREST)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ad_id: Mapped[int] = mapped_column(ForeignKey("ad.id", ondelete="CASCADE"), index=True)
    #: The sender's organisation.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=InterestStatus.PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    ad: Mapped[Ad] = relationship()
    organisation: Mapped[Organisation] = relationship()
    sender: Mapped[User] = relationship(foreign_keys=[sender_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    __mapper_args__ = {"version_id_col": version}
