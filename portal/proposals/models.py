"""A joint proposal, its consortium, budget, indicators, work plan, attachments, the immutable
snapshot each submission freezes, and the history of its workflow.

The proposal's ``status`` moves only through the transition table in
:mod:`portal.proposals.workflow`; each move writes a :class:`StatusChange` and an audit entry.
``version`` is the optimistic lock: an edit made against an older version is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.calls.models import CALL_CURRENCIES, Call, Money, Rate
from portal.calls.terms import AttachmentKind
from portal.core.db import UTCDateTime, check_in, technology_field_link, utcnow
from portal.extensions import db
from portal.proposals.workflow import ProposalStatus
from portal.registry.models import Organisation


class BudgetCategory(StrEnum):
    STAFF = "staff"
    EQUIPMENT = "equipment"
    TRAVEL = "travel"
    SUBCONTRACTING = "subcontracting"
    CONSUMABLES = "consumables"
    OTHER = "other"


class ResultsOwnership(StrEnum):
    """Who owns the results of joint R&D (DESIGN 4.10)."""

    #: The partner that creates a result owns it.
    CREATOR = "creator"
    #: All partners own every result jointly.
    JOINT = "joint"
    #: The lead organisation owns the results.
    LEAD = "lead"


class BackgroundKind(StrEnum):
    """The kinds of intellectual property a partner brings into a project."""

    PATENT = "patent"
    KNOW_HOW = "know_how"
    SOFTWARE = "software"
    DATA = "data"
    OTHER = "other"


proposal_technology_field = technology_field_link("proposal")

#: A proposal started from an expression of interest that still counts: one per interest, lead
#: and call (see :mod:`portal.proposals.joint`).
LIVE_FROM_INTEREST = "interest_id IS NOT NULL AND status <> 'withdrawn'"


class Proposal(db.Model):
    __tablename__ = "proposal"
    __table_args__ = (
        check_in("status", ProposalStatus),
        check_in("ip_results_ownership", ResultsOwnership),
        CheckConstraint("duration_months >= 1 AND duration_months <= 120",
                        name="duration_range"),
        Index("uq_proposal_from_interest", "interest_id", "lead_organisation_id", "call_id",
              unique=True, sqlite_where=text(LIVE_FROM_INTEREST),
              postgresql_where=text(LIVE_FROM_INTEREST)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    acronym: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: The work plan's narrative; its milestones are rows of :class:`Milestone`.
    work_plan: Mapped[str] = mapped_column(Text, default="")
    #: The language the texts are written in.
    language: Mapped[str] = mapped_column(String(5), default="ru")
    #: The IP section (DESIGN 4.10): who owns the results (``None`` until stated) and the
    #: access rights of partners and third parties; the background IP is in rows of
    #: :class:`BackgroundIp`.
    ip_results_ownership: Mapped[str | None] = mapped_column(String(10))
    ip_access_rights: Mapped[str] = mapped_column(Text, default="")
    duration_months: Mapped[int] = mapped_column(Integer, default=24)
    lead_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: Who created the proposal: a cluster manager, the secretariat, or a member of the lead
    #: organisation who started it from an accepted expression of interest.
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    #: The accepted expression of interest the draft was started from, if any.
    interest_id: Mapped[int | None] = mapped_column(
        ForeignKey("expression_of_interest.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(30), default=ProposalStatus.DRAFT, index=True)
    #: The classifier's verdict on the partners' regions (DESIGN 4.1), kept current on every edit.
    classification: Mapped[str] = mapped_column(String(20), default="national")
    #: The last eligibility check: ``None`` before the worker has run it.
    eligibility_passed: Mapped[bool | None] = mapped_column()
    #: Every failed rule of the last check, as ``[{"code": ..., "params": {...}}]``.
    eligibility_reasons: Mapped[list] = mapped_column(JSON, default=list)
    eligibility_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Number of the last frozen snapshot (0 before the first submission).
    snapshot_number: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow,
                                                        onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    call: Mapped[Call] = relationship()
    lead_organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship()
    technology_fields = relationship(
        "TechnologyField", secondary=proposal_technology_field, lazy="selectin",
        order_by="TechnologyField.position")
    partners: Mapped[list[ProposalPartner]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalPartner.id")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Indicator.position")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Milestone.position")
    attachments: Mapped[list[Attachment]] = relationship(
        cascade="all, delete-orphan", order_by="Attachment.id")
    background_ip: Mapped[list[BackgroundIp]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="BackgroundIp.position")

    __mapper_args__ = {"version_id_col": version}


class ProposalPartner(db.Model):
    """An organisation in the consortium (the lead is a partner too). Its participation counts
    once a member of the organisation confirms it and, where the call asks for it, once the
    contact point of its state endorses it."""

    __tablename__ = "proposal_partner"
    __table_args__ = (
        UniqueConstraint("proposal_id", "organisation_id"),
        CheckConstraint("cofinancing_rate >= 0 AND cofinancing_rate <= 1",
                        name="cofinancing_rate_fraction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: The share of this partner's budget it pays itself.
    cofinancing_rate: Mapped[Decimal] = mapped_column(Rate, default=Decimal("0"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    budget: Mapped[list[BudgetLine]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="BudgetLine.id")


class BudgetLine(db.Model):
    """An amount in the partner's currency, with the rate to the call's currency that was
    stored for ``rate_date`` when the line was written (DESIGN 4.4, rule 5)."""

    __tablename__ = "budget_line"
    __table_args__ = (
        check_in("category", BudgetCategory),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("rate IS NULL OR rate > 0", name="rate_positive"),
        check_in("currency", CALL_CURRENCIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("proposal_partner.id", ondelete="CASCADE"),
                                            index=True)
    category: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    #: Units of the call's currency for one unit of ``currency``; ``None`` when none was stored.
    rate: Mapped[Decimal | None] = mapped_column(Numeric(18, 8))
    rate_date: Mapped[date | None] = mapped_column(Date)

    partner: Mapped[ProposalPartner] = relationship(back_populates="budget")


class Indicator(db.Model):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(50), default="")
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    target: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    position: Mapped[int] = mapped_column(Integer, default=0)

    proposal: Mapped[Proposal] = relationship(back_populates="indicators")


class Milestone(db.Model):
    __tablename__ = "milestone"
    __table_args__ = (CheckConstraint("month >= 1", name="month_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    title: Mapped[str] = mapped_column(String(300))
    #: The project month (1 = the first) by which the milestone is due.
    month: Mapped[int] = mapped_column(Integer)
    deliverable: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    proposal: Mapped[Proposal] = relationship(back_populates="milestones")


class BackgroundIp(db.Model):
    """Intellectual property a partner brings into the project, and the terms on which the
    other partners may use it."""

    __tablename__ = "background_ip"
    __table_args__ = (check_in("kind", BackgroundKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    #: The owner, a partner of the proposal.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    terms: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    proposal: Mapped[Proposal] = relationship(back_populates="background_ip")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Attachment(db.Model):
    """A PDF kept outside the web root under ``stored_name``; every download is audited."""

    __tablename__ = "attachment"
    __table_args__ = (check_in("kind", AttachmentKind),
                      CheckConstraint("size > 0", name="size_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[str] = mapped_column(String(30))
    #: The name the file had on the uploader's machine, for display only.
    filename: Mapped[str] = mapped_column(String(255))
    #: A random name in the uploads folder; never derived from user input.
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProposalSnapshot(db.Model):
    """The proposal as it was at a submission, numbered from 1. Triggers on both databases
    refuse UPDATE and DELETE: a snapshot is the record of what the council was asked to fund."""

    __tablename__ = "proposal_snapshot"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    #: The proposal with its partners, budget, indicators, milestones and attachments.
    content: Mapped[dict] = mapped_column(JSON)


class StatusChange(db.Model):
    """One row per workflow transition: who (or the worker) moved the proposal, when and why."""

    __tablename__ = "status_change"
    __table_args__ = (check_in("to_status", ProposalStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(40))
    #: ``None`` when the worker made the move.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


class PartnerRequestKind(StrEnum):
    CONFIRMATION = "confirmation"
    ENDORSEMENT = "endorsement"


class PartnerRequest(db.Model):
    """A request (or reminder) for a partner's confirmation or endorsement, sent on ``sent_on``;
    one per partner, kind and day, so a repeated sweep sends nothing twice."""

    __tablename__ = "partner_request"
    __table_args__ = (UniqueConstraint("partner_id", "kind", "sent_on"),
                      check_in("kind", PartnerRequestKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_partner.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: How many people the request went to.
    recipients: Mapped[int] = mapped_column(Integer, default=0)
