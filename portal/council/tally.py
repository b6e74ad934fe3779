"""The council tally (DESIGN 4.6): a pure function from the counted ballots to an outcome.

It knows nothing of sessions, users or the database, so that the rule member states agreed on can be
read in one screen and tested on every combination of ballots. The caller passes the last counted
ballot of each seat (the database keeps one counted ballot per seat and item) and every seat of the
council, including those that did not vote: an absence only exists relative to the full list.

* **consensus**: adopted when every seat has cast a ballot and none is ``against``; abstaining is not
  objecting. A missing seat or a single objection gives ``no_consensus``.
* **qualified majority**: adopted when the ``for`` ballots reach two thirds of *all* seats, so an
  absence or an abstention weighs like a vote against. Otherwise ``rejected``.
* a sensitive item is always decided by consensus, whatever rule the session called for.

The rules themselves are named by the call that sets them (:class:`portal.calls.terms.DecisionRule`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from portal.calls.terms import DecisionRule


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_CONSENSUS = "no_consensus"


@dataclass(frozen=True, order=True)
class Seat:
    """One voting seat: ``Seat("KZ")`` by default; in Board mode a state holds seats 1 and 2.

    Ordered (by state, then number) so that results list seats in the same order every time.
    """

    state: str
    number: int = 1

    def __post_init__(self) -> None:
        if not self.state or self.number < 1:
            raise ValueError(f"not a council seat: {self.state!r} #{self.number}")


@dataclass(frozen=True)
class TallyResult:
    outcome: Outcome
    #: The rule actually applied: consensus for a sensitive item, whatever the session asked for.
    rule: DecisionRule
    votes_for: int
    votes_against: int
    abstentions: int
    absent: tuple[Seat, ...]
    #: Every seat of the council, voting or not: the base of the two-thirds majority.
    seats: int
    #: ``for`` ballots needed under qualified majority; None under consensus.
    required: int | None
    objecting: tuple[Seat, ...]


def required_majority(seats: int) -> int:
    """Two thirds of all seats, rounded up: 4 of 5 states, 7 of 10 Board seats.

    Integer arithmetic (a ceiling division) so that the threshold is exact by construction: a
    tie with two thirds, as 4 of 6, must adopt, and no floating-point rounding has to be trusted.
    """
    if seats < 1:
        raise ValueError(f"a council needs at least one seat, not {seats}")
    return -(-2 * seats // 3)


def seats_for(states: Iterable[str], seats_per_state: int = 1) -> tuple[Seat, ...]:
    """Every seat of a council of ``states``, sorted so that tallies and decisions read the same
    each time; a state listed twice still holds its seats once."""
    if seats_per_state < 1:
        raise ValueError(f"a state holds at least one seat, not {seats_per_state}")
    return tuple(sorted(Seat(state, number) for state in set(states)
                        for number in range(1, seats_per_state + 1)))


def tally(ballots: Mapping[Seat, Choice], seats: Iterable[Seat], rule: DecisionRule, *,
          sensitive: bool = False) -> TallyResult:
    """Count ``ballots`` (the last counted ballot of each seat that voted) among all ``seats``.

    A ballot from a seat outside the council, a seat listed twice, or an empty council is a bug
    upstream and raises ``ValueError`` rather than quietly changing the count.
    """
    council = _council(seats)
    cast = _checked_ballots(ballots, council)
    applied = DecisionRule.CONSENSUS if sensitive else DecisionRule(rule)
    absent = tuple(seat for seat in council if seat not in cast)
    objecting = tuple(seat for seat in council if cast.get(seat) is Choice.AGAINST)
    votes_for = sum(1 for choice in cast.values() if choice is Choice.FOR)
    if applied is DecisionRule.CONSENSUS:
        required = None
        outcome = Outcome.NO_CONSENSUS if absent or objecting else Outcome.ADOPTED
    else:
        required = required_majority(len(council))
        outcome = Outcome.ADOPTED if votes_for >= required else Outcome.REJECTED
    return TallyResult(
        outcome=outcome, rule=applied, votes_for=votes_for, votes_against=len(objecting),
        abstentions=sum(1 for choice in cast.values() if choice is Choice.ABSTAIN),
        absent=absent, seats=len(council), required=required, objecting=objecting,
    )


def _council(seats: Iterable[Seat]) -> tuple[Seat, ...]:
    council = tuple(sorted(seats))
    if not council:
        raise ValueError("a council needs at least one seat")
    if len(set(council)) != len(council):
        raise ValueError(f"a seat is listed twice: {council}")
    return council


def _checked_ballots(ballots: Mapping[Seat, Choice], council: tuple[Seat, ...]) -> dict[Seat, Choice]:
    members = set(council)
    strangers = [seat for seat in ballots if seat not in members]
    if strangers:
        raise ValueError(f"ballots from seats outside the council: {strangers}")
    return {seat: Choice(choice) for seat, choice in ballots.items()}
