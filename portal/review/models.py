"""Experts, their assignments to proposals, their reviews and the consensus report.

An assignment is ``invited`` when the worker makes it; the expert ``accepted`` it by declaring no
conflict of interest (before that they see only the title and abstract), or ``declined`` it, or
declared a ``conflict``; the worker marks it ``overdue`` three days after its due date. Declined,
conflicted and overdue assignments are replaced by the worker. ``submitted`` means the review is
in. One expert is assigned to a proposal at most once (a replaced expert is not asked again).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.calls.models import Score
from portal.core.db import UTCDateTime, check_in, technology_field_link, utcnow
from portal.extensions import db


class AssignmentStatus(StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONFLICT = "conflict"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"


#: Assignments the expert has still to answer or to review: their open workload.
OPEN_ASSIGNMENT = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)
#: Assignments that still hold a seat on the proposal's panel: the open ones and the reviewed.
ACTIVE_ASSIGNMENT = (*OPEN_ASSIGNMENT, AssignmentStatus.SUBMITTED)


class Recommendation(StrEnum):
    FUND = "fund"
    FUND_WITH_CONDITIONS = "fund_with_conditions"
    DO_NOT_FUND = "do_not_fund"


class ReviewReminderKind(StrEnum):
    DAYS_7_BEFORE = "7_days_before"
    DAYS_2_BEFORE = "2_days_before"
    DAY_1_AFTER = "1_day_after"


expert_technology_field = technology_field_link("expert_profile", key="user_id", column="user_id")


class ExpertProfile(db.Model):
    """What the assignment needs to know about a user with the expert role."""

    __tablename__ = "expert_profile"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"), index=True)
    #: A short description of the expert's field and experience, shown to the secretariat.
    expertise: Mapped[str] = mapped_column(Text, default="")
    #: False while the expert is unavailable; the worker assigns only active experts.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    user: Mapped[User] = relationship()
    technology_fields = relationship("TechnologyField", secondary=expert_technology_field,
                                     lazy="selectin")


class ExpertAffiliation(db.Model):
    """An organisation the expert is tied to (employer, board seat, consultancy) beyond any
    membership role: the assignment keeps them off its proposals."""

    __tablename__ = "expert_affiliation"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("expert_profile.user_id", ondelete="CASCADE"),
                                         index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    note: Mapped[str] = mapped_column(String(300), default="")


class Assignment(db.Model):
    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("proposal_id", "expert_id"),
        check_in("status", AssignmentStatus),
        Index("uq_assignment_rapporteur", "proposal_id", unique=True,
              sqlite_where=text("rapporteur"), postgresql_where=text("rapporteur")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=AssignmentStatus.INVITED, index=True)
    #: The expert designated to write the consensus report (at most one per proposal).
    rapporteur: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: When the expert declared that they have no conflict of interest (and accepted).
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str] = mapped_column(Text, default="")

    expert: Mapped[User] = relationship()
    review: Mapped[Review | None] = relationship(back_populates="assignment", uselist=False)


class ReviewReminder(db.Model):
    """A reminder sent about an assignment, so that the sweep sends each one once."""

    __tablename__ = "review_reminder"
    __table_args__ = (UniqueConstraint("assignment_id", "kind"), check_in("kind", ReviewReminderKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Review(db.Model):
    """An expert's scores (criterion key -> 0..5 in half points, as strings), a comment per
    criterion and a recommendation. Submitted once; it cannot be changed afterwards."""

    __tablename__ = "review"
    __table_args__ = (check_in("recommendation", Recommendation),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"),
                                               unique=True)
    scores: Mapped[dict] = mapped_column(JSON)
    comments: Mapped[dict] = mapped_column(JSON)
    recommendation: Mapped[str] = mapped_column(String(30))
    #: The weighted total over the call's criteria, on the 0-5 scale.
    total: Mapped[Decimal] = mapped_column(Score)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="review")


class ConsensusReport(db.Model):
    """The panel's agreed view, written by the rapporteur. Applicants read it without the
    reviewers' names. ``locked_at`` is set when it is submitted; then it never changes."""

    __tablename__ = "consensus_report"
    __table_args__ = (check_in("recommendation", Recommendation),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"),
                                             unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    scores: Mapped[dict] = mapped_column(JSON)
    total: Mapped[Decimal] = mapped_column(Score)
    recommendation: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    #: The conditions a ``fund_with_conditions`` recommendation sets; carried into the decision.
    conditions: Mapped[str] = mapped_column(Text, default="")
    #: Raised when the experts' totals spread by more than 1.5 points.
    disagreement: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
