"""A funded project (DESIGN 4.8): the grant agreement of an approved proposal, the grant of each
partner, the reporting schedule the agreement creates, and the partners' reports against the
proposal's indicators and milestones, with every submitted version kept.

The project's status is its proposal's (``in_implementation`` until an accepted final report
makes it ``completed``); the project row holds what the agreement added. Money is in the call's
currency; spending is in each partner's own.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.calls.models import CALL_CURRENCIES, Money
from portal.core.db import UTCDateTime, check_in, utcnow
from portal.extensions import db
from portal.proposals.models import (
    BudgetCategory,
    Indicator,
    Milestone,
    Proposal,
)
from portal.registry.models import Organisation


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


#: A report still with the partners: they may change it, it is not handed in (so it is
#: reminded of, and overdue after its due moment), as a period with no report at all.
WITH_PARTNERS = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class Project(db.Model):
    """What the grant agreement of an approved proposal started: one per proposal."""

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("reporting_period_months >= 1 AND reporting_period_months <= 24",
                        name="reporting_period_range"),
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), unique=True)
    #: The decision that funded it (the last adopted decision on the proposal).
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    signed_on: Mapped[date] = mapped_column(Date)
    #: The first and last day of the work (the day after signing, for ``duration_months``).
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reporting_period_months: Mapped[int] = mapped_column(Integer, default=6)
    #: What the secretariat recorded of the decision's conditions being met (may be empty).
    conditions_note: Mapped[str] = mapped_column(Text, default="")
    #: The signed agreement: a PDF stored outside the web root under a random name, like a
    #: proposal's attachments; its downloads are audited.
    agreement_filename: Mapped[str | None] = mapped_column(String(255))
    agreement_stored_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    agreement_size: Mapped[int | None] = mapped_column(Integer)
    agreement_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship(lazy="joined")
    created_by: Mapped[User] = relationship()
    grants: Mapped[list[ProjectGrant]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectGrant.id")
    periods: Mapped[list[ReportingPeriod]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="ReportingPeriod.number")


class ProjectGrant(db.Model):
    """The grant the agreement gives one partner, in the call's currency."""

    __tablename__ = "project_grant"
    __table_args__ = (
        UniqueConstraint("project_id", "organisation_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)

    project: Mapped[Project] = relationship(back_populates="grants")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class ReportingPeriod(db.Model):
    """A period of the schedule, numbered from 1; the last one's report is the final report. A
    report is due by the end of ``due_on`` in the call's time zone."""

    __tablename__ = "reporting_period"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("ends_on >= starts_on AND due_on > ends_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    final: Mapped[bool] = mapped_column(Boolean, default=False)

    project: Mapped[Project] = relationship(back_populates="periods")
    report: Mapped[Report | None] = relationship(back_populates="period", uselist=False)


class Report(db.Model):
    """The partners' report for a period: written together by members of the partner
    organisations, submitted by the lead's, accepted or returned by the secretariat. A returned
    report is edited and submitted again; each submission is kept as a :class:`ReportVersion`."""

    __tablename__ = "report"
    __table_args__ = (
        check_in("status", ReportStatus),
        CheckConstraint("patents_filed IS NULL OR patents_filed >= 0",
                        name="patents_filed_not_negative"),
        CheckConstraint("licences_granted IS NULL OR licences_granted >= 0",
                        name="licences_granted_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_period.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"),
                                            index=True)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.DRAFT, index=True)
    #: For the public once accepted.
    summary: Mapped[str] = mapped_column(Text, default="")
    #: For the secretariat and the council.
    narrative: Mapped[str] = mapped_column(Text, default="")
    #: The joint R&D's intellectual property so far, cumulative like the indicators (DESIGN
    #: 4.10): patent applications filed and licences granted on the project's results.
    patents_filed: Mapped[int | None] = mapped_column(Integer)
    licences_granted: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow,
                                                        onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: The secretariat's reason when it returned the report (kept until the next return).
    return_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    period: Mapped[ReportingPeriod] = relationship(back_populates="report")
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="IndicatorValue.id")
    milestones: Mapped[list[MilestoneReached]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="MilestoneReached.id")
    spending: Mapped[list[Spending]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Spending.id")
    versions: Mapped[list[ReportVersion]] = relationship(order_by="ReportVersion.number")

    __mapper_args__ = {"version_id_col": version}


class IndicatorValue(db.Model):
    """An indicator's cumulative value at the end of the report's period."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("report_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))

    report: Mapped[Report] = relationship(back_populates="values")
    indicator: Mapped[Indicator] = relationship()


class MilestoneReached(db.Model):
    """A milestone of the work plan reached in the report's period, with its deliverable."""

    __tablename__ = "milestone_reached"
    __table_args__ = (UniqueConstraint("report_id", "milestone_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestone.id"), index=True)
    reached_on: Mapped[date] = mapped_column(Date)
    deliverable: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship(back_populates="milestones")
    milestone: Mapped[Milestone] = relationship()


class Spending(db.Model):
    """What one partner spent in the period on one category, in its own currency."""

    __tablename__ = "spending"
    __table_args__ = (
        UniqueConstraint("report_id", "organisation_id", "category"),
        check_in("category", BudgetCategory),
        check_in("currency", CALL_CURRENCIES),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))

    report: Mapped[Report] = relationship(back_populates="spending")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class ReportVersion(db.Model):
    """The report as it was at a submission, numbered from 1, never changed afterwards: what
    the secretariat accepted or returned."""

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    #: The summary, narrative, values, milestones and spending as submitted.
    content: Mapped[dict] = mapped_column(JSON)
    #: ``accepted`` or ``returned`` once assessed, with the reason of a return.
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
