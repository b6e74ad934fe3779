"""A call for joint proposals and the criteria its experts score.

Times are stored in UTC and shown in the call's own zone (``timezone``, an IANA name) and the
reader's. A call is open from ``opens_at`` (inclusive) to ``closes_at`` (exclusive). Money is in
the call's ``currency``; rates are fractions (0.25 is 25 %).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.calls.terms import DecisionRule
from portal.core.db import UTCDateTime, check_in, technology_field_link, utcnow
from portal.extensions import db
from portal.registry.models import BUDGET_CURRENCIES, Organisation

#: Money: 16 digits before the point cover a budget of any member state's currency.
Money = Numeric(18, 2)
#: A fraction between 0 and 1 with four decimals (a rate of 12.5 % is 0.1250).
Rate = Numeric(5, 4)
#: A score on the 0-5 scale, in half points for experts and two decimals for weights and means.
Score = Numeric(4, 2)

#: A call is announced in a member state's currency or one of two common others.
CALL_CURRENCIES = BUDGET_CURRENCIES


call_technology_field = technology_field_link("call")


class Call(db.Model):
    __tablename__ = "call"
    __table_args__ = (
        check_in("decision_rule", DecisionRule),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("max_grant > 0 AND (budget IS NULL OR (budget > 0 AND max_grant <= budget))",
                        name="grant_within_budget"),
        CheckConstraint("min_cofinancing_rate >= 0 AND min_cofinancing_rate < 1",
                        name="cofinancing_rate_fraction"),
        CheckConstraint("min_states >= 2 AND min_states <= 5", name="min_states_range"),
        CheckConstraint("experts_per_proposal >= 1", name="experts_positive"),
        CheckConstraint("review_days >= 1", name="review_days_positive"),
        CheckConstraint("reporting_period_months >= 1 AND reporting_period_months <= 24",
                        name="reporting_period_range"),
        CheckConstraint("overall_threshold >= 0 AND overall_threshold <= 5",
                        name="overall_threshold_scale"),
        check_in("currency", CALL_CURRENCIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    #: The language the title and text are written in.
    language: Mapped[str] = mapped_column(String(5), default="ru")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: The IANA zone the call's times are announced in, e.g. ``Asia/Almaty``.
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Moscow")
    #: The common envelope; ``None`` when the call is funded only from national envelopes.
    budget: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    max_grant: Mapped[Decimal] = mapped_column(Money)
    min_cofinancing_rate: Mapped[Decimal] = mapped_column(Rate)
    min_states: Mapped[int] = mapped_column(Integer, default=2)
    requires_endorsement: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Joint R&D (DESIGN 4.10): a signed consortium agreement on the intellectual property is
    #: an eligibility rule.
    requires_consortium_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Attachment kinds every proposal must carry, e.g. ``["letter_of_intent"]``.
    required_attachments: Mapped[list] = mapped_column(JSON, default=list)
    overall_threshold: Mapped[Decimal] = mapped_column(Score)
    experts_per_proposal: Mapped[int] = mapped_column(Integer, default=3)
    #: Days an expert has to review, counted from the assignment.
    review_days: Mapped[int] = mapped_column(Integer, default=30)
    decision_rule: Mapped[str] = mapped_column(String(20), default=DecisionRule.CONSENSUS)
    #: Months between the reports of a funded project (DESIGN 4.8); the agreement may differ.
    reporting_period_months: Mapped[int] = mapped_column(Integer, default=6)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    technology_fields = relationship(
        "TechnologyField", secondary=call_technology_field, lazy="selectin",
        order_by="TechnologyField.position")
    criteria: Mapped[list[CallCriterion]] = relationship(
        back_populates="call", order_by="CallCriterion.position", cascade="all, delete-orphan",
        lazy="selectin")
    envelopes: Mapped[list[CallEnvelope]] = relationship(
        back_populates="call", order_by="CallEnvelope.state_code", cascade="all, delete-orphan",
        lazy="selectin")

    __mapper_args__ = {"version_id_col": version}

    def is_open(self, at: datetime) -> bool:
        return self.opens_at <= at < self.closes_at


class CallCriterion(db.Model):
    """An evaluation criterion: experts score it 0-5; the mean must reach ``threshold``."""

    __tablename__ = "call_criterion"
    __table_args__ = (
        UniqueConstraint("call_id", "key"),
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("threshold >= 0 AND threshold <= 5", name="threshold_scale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"))
    #: A short identifier used in the API's score objects, e.g. ``excellence``.
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    weight: Mapped[Decimal] = mapped_column(Score)
    threshold: Mapped[Decimal] = mapped_column(Score)
    position: Mapped[int] = mapped_column(Integer, default=0)

    call: Mapped[Call] = relationship(back_populates="criteria")


class CallEnvelope(db.Model):
    """A national envelope (DESIGN 4.10, the Medicon Valley way): what a member state's
    co-funder, an organisation of the registry, puts into the call for its own partners, in
    that state's currency. A partner's grant is drawn from its state's envelope."""

    __tablename__ = "call_envelope"
    __table_args__ = (
        UniqueConstraint("call_id", "state_code"),
        CheckConstraint("amount > 0", name="amount_positive"),
        check_in("currency", CALL_CURRENCIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"))
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"))
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    co_funder_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"),
                                                           index=True)

    call: Mapped[Call] = relationship(back_populates="envelopes")
    co_funder: Mapped[Organisation] = relationship(lazy="joined")
