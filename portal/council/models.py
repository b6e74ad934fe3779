"""Seats, vote sessions, agenda items, ballots, recusals, decisions and reconsideration requests.

A state's seat votes on each agenda item. Ballots are never changed: a new ballot from the same
seat clears ``counted`` on the previous one, and a partial UNIQUE index lets the database hold
at most one counted ballot per item and seat, whatever two requests do at the same moment. In the
default mode each state has one seat; a session in Board mode has two per state.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
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
from portal.calls.terms import DecisionRule
from portal.core.db import UTCDateTime, check_in, utcnow
from portal.council.tally import Choice, Outcome
from portal.extensions import db
from portal.proposals.models import Proposal


class SessionKind(StrEnum):
    MEETING = "meeting"
    WRITTEN = "written"


class SessionStatus(StrEnum):
    OPEN = "open"
    #: The close was asked for (or the deadline passed); the worker is tallying.
    CLOSING = "closing"
    CLOSED = "closed"


class CouncilSeat(db.Model):
    """Seat ``number`` of a state and its titular member; alternates hold the state's
    ``council_alternate`` role and vote for a seat whose titular has recused."""

    __tablename__ = "council_seat"
    __table_args__ = (UniqueConstraint("state_code", "number"),
                      CheckConstraint("number IN (1, 2)", name="number_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"))
    number: Mapped[int] = mapped_column(Integer, default=1)
    titular_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)

    titular: Mapped[User | None] = relationship()


class VoteSession(db.Model):
    __tablename__ = "vote_session"
    __table_args__ = (
        check_in("kind", SessionKind),
        check_in("status", SessionStatus),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("seats_per_state IN (1, 2)", name="seats_per_state_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: A written procedure closes at this deadline (found by the worker); a meeting is closed by
    #: the secretariat, at the latest at this time.
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: 1 (one vote per state) or 2 (the Commission's Board mode).
    seats_per_state: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default=SessionStatus.OPEN, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", order_by="AgendaItem.position", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


#: An item still waiting for its tally; a proposal is on at most one such item.
UNDECIDED_ITEM = "outcome IS NULL"


class AgendaItem(db.Model):
    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("session_id", "proposal_id"),
        check_in("rule", DecisionRule),
        check_in("outcome", Outcome),
        Index("uq_agenda_item_undecided", "proposal_id", unique=True,
              sqlite_where=text(UNDECIDED_ITEM), postgresql_where=text(UNDECIDED_ITEM)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_session.id", ondelete="CASCADE"),
                                            index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: The call's decision rule when the item was put on the agenda.
    rule: Mapped[str] = mapped_column(String(20))
    #: A sensitive item is always decided by consensus.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(20))
    tallied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[VoteSession] = relationship(back_populates="items")


#: The ballot that counts for its seat: the last one cast.
COUNTED_BALLOT = "counted"


class Ballot(db.Model):
    __tablename__ = "ballot"
    __table_args__ = (
        check_in("choice", Choice),
        Index("uq_ballot_counted", "item_id", "state_code", "seat_number", unique=True,
              sqlite_where=text(COUNTED_BALLOT), postgresql_where=text(COUNTED_BALLOT)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"),
                                         index=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"))
    seat_number: Mapped[int] = mapped_column(Integer, default=1)
    voter_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    choice: Mapped[str] = mapped_column(String(10))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    counted: Mapped[bool] = mapped_column(Boolean, default=True)

    voter: Mapped[User] = relationship()


class Recusal(db.Model):
    """A titular member stands aside on an item; the state's alternate then votes for the seat."""

    __tablename__ = "recusal"
    __table_args__ = (UniqueConstraint("item_id", "state_code", "seat_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"),
                                         index=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"))
    seat_number: Mapped[int] = mapped_column(Integer, default=1)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Decision(db.Model):
    """The outcome of an agenda item, numbered ``YYYY/N`` within its year. It enters into force
    when the objection window closes without a request for reconsideration."""

    __tablename__ = "decision"
    __table_args__ = (check_in("outcome", Outcome),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), unique=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    #: The rule the tally applied (consensus for a sensitive item).
    rule: Mapped[str] = mapped_column(String(20))
    conditions: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    #: Every seat's counted ballot at the close: ``[{"state", "seat", "choice"}]``, ``choice``
    #: ``None`` for a seat that did not vote.
    ballots: Mapped[list] = mapped_column(JSON)
    #: What each member state's national envelope commits to an adopted proposal, in that
    #: state's currency: ``[{"state", "amount", "currency", "co_funder_organisation_id"}]``;
    #: empty for a call without national envelopes and for an outcome that funds nothing.
    commitments: Mapped[list] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    objection_until: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: Set by the worker when the objection window closed with no reconsideration request.
    entered_into_force_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when a state asked for reconsideration in time; the decision never enters into force.
    reconsideration_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    #: The proposal decided on; its acronym and title are public with the decision.
    proposal: Mapped[Proposal] = relationship(lazy="joined")


class ReconsiderationRequest(db.Model):
    __tablename__ = "reconsideration_request"
    __table_args__ = (UniqueConstraint("decision_id", "state_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("member_state.code"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
