"""The council tally (DESIGN 4.6), as a pure function: no database, no application."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from portal.council.tally import (
    Choice,
    DecisionRule,
    Outcome,
    Seat,
    required_majority,
    seats_for,
    tally,
)

STATES = ("AM", "BY", "KG", "KZ", "RU")
COUNCIL = seats_for(STATES)
BOARD = seats_for(STATES, seats_per_state=2)
CONSENSUS = DecisionRule.CONSENSUS
MAJORITY = DecisionRule.QUALIFIED_MAJORITY

#: One character per seat, in seat order: ``+`` for, ``-`` against, ``0`` abstain, ``.`` absent.
SYMBOLS = {"+": Choice.FOR, "-": Choice.AGAINST, "0": Choice.ABSTAIN}


def ballots(pattern: str, seats: tuple[Seat, ...] = COUNCIL) -> dict[Seat, Choice]:
    assert len(pattern) == len(seats), "one symbol per seat"
    return {seat: SYMBOLS[symbol] for seat, symbol in zip(seats, pattern, strict=True) if symbol != "."}


OUTCOMES = [
    # consensus
    pytest.param(CONSENSUS, False, "+++++", COUNCIL, Outcome.ADOPTED, id="consensus-all-for-adopted"),
    pytest.param(CONSENSUS, False, "++++-", COUNCIL, Outcome.NO_CONSENSUS,
                 id="consensus-one-against-no-consensus"),
    pytest.param(CONSENSUS, False, "++++0", COUNCIL, Outcome.ADOPTED,
                 id="consensus-one-abstention-is-no-objection"),
    pytest.param(CONSENSUS, False, "00000", COUNCIL, Outcome.ADOPTED,
                 id="consensus-all-abstain-still-no-objection"),
    pytest.param(CONSENSUS, False, "++++.", COUNCIL, Outcome.NO_CONSENSUS,
                 id="consensus-one-state-missing-no-consensus"),
    pytest.param(CONSENSUS, False, ".....", COUNCIL, Outcome.NO_CONSENSUS,
                 id="consensus-no-ballot-no-consensus"),
    pytest.param(CONSENSUS, False, "+++++++++.", BOARD, Outcome.NO_CONSENSUS,
                 id="board-consensus-one-seat-missing-no-consensus"),
    # qualified majority, five states
    pytest.param(MAJORITY, False, "+++++", COUNCIL, Outcome.ADOPTED, id="majority-all-for-adopted"),
    pytest.param(MAJORITY, False, "++++-", COUNCIL, Outcome.ADOPTED,
                 id="majority-exactly-4-of-5-adopted-despite-objection"),
    pytest.param(MAJORITY, False, "++++.", COUNCIL, Outcome.ADOPTED, id="majority-4-for-1-absent-adopted"),
    pytest.param(MAJORITY, False, "++++0", COUNCIL, Outcome.ADOPTED,
                 id="majority-4-for-1-abstain-adopted"),
    pytest.param(MAJORITY, False, "+++00", COUNCIL, Outcome.REJECTED,
                 id="majority-3-for-2-abstain-rejected"),
    pytest.param(MAJORITY, False, "+++..", COUNCIL, Outcome.REJECTED,
                 id="majority-3-for-2-absent-rejected"),
    pytest.param(MAJORITY, False, "+++.0", COUNCIL, Outcome.REJECTED,
                 id="majority-3-for-absent-and-abstain-rejected"),
    pytest.param(MAJORITY, False, "+++--", COUNCIL, Outcome.REJECTED, id="majority-3-for-2-against-rejected"),
    pytest.param(MAJORITY, False, ".....", COUNCIL, Outcome.REJECTED, id="majority-no-ballot-rejected"),
    # qualified majority, Board mode (two seats per state)
    pytest.param(MAJORITY, False, "++++++----", BOARD, Outcome.REJECTED, id="board-6-of-10-rejected"),
    pytest.param(MAJORITY, False, "++++++....", BOARD, Outcome.REJECTED,
                 id="board-6-for-4-absent-rejected"),
    pytest.param(MAJORITY, False, "+++++++---", BOARD, Outcome.ADOPTED, id="board-7-of-10-adopted"),
    pytest.param(MAJORITY, False, "+++++++0..", BOARD, Outcome.ADOPTED,
                 id="board-7-for-rest-abstain-or-absent-adopted"),
    # a sensitive item is decided by consensus whatever the call
    pytest.param(MAJORITY, True, "++++-", COUNCIL, Outcome.NO_CONSENSUS,
                 id="sensitive-4-of-5-for-one-against-no-consensus"),
    pytest.param(MAJORITY, True, "++++.", COUNCIL, Outcome.NO_CONSENSUS,
                 id="sensitive-4-of-5-for-one-absent-no-consensus"),
    pytest.param(MAJORITY, True, "+++00", COUNCIL, Outcome.ADOPTED,
                 id="sensitive-3-for-2-abstain-adopted-by-consensus"),
    pytest.param(CONSENSUS, True, "+++++", COUNCIL, Outcome.ADOPTED, id="sensitive-consensus-call-adopted"),
]


@pytest.mark.parametrize(("rule", "sensitive", "pattern", "seats", "expected"), OUTCOMES)
def test_outcome_follows_the_rule(rule, sensitive, pattern, seats, expected):
    assert tally(ballots(pattern, seats), seats, rule, sensitive=sensitive).outcome is expected


@pytest.mark.parametrize(("rule", "sensitive", "applied"), [
    pytest.param(CONSENSUS, False, CONSENSUS, id="consensus-call"),
    pytest.param(MAJORITY, False, MAJORITY, id="majority-call"),
    pytest.param(MAJORITY, True, CONSENSUS, id="sensitive-majority-call-becomes-consensus"),
    pytest.param(CONSENSUS, True, CONSENSUS, id="sensitive-consensus-call"),
])
def test_result_names_the_rule_actually_applied(rule, sensitive, applied):
    assert tally(ballots("+++++"), COUNCIL, rule, sensitive=sensitive).rule is applied


def test_result_counts_every_seat_and_names_the_absent_and_the_objecting():
    result = tally(ballots("+-0.-"), COUNCIL, MAJORITY)
    assert (result.votes_for, result.votes_against, result.abstentions) == (1, 2, 1)
    assert result.absent == (Seat("KZ"),)
    assert result.objecting == (Seat("BY"), Seat("RU"))
    assert (result.seats, result.required) == (5, 4)


@pytest.mark.parametrize(("rule", "sensitive", "seats", "required"), [
    pytest.param(MAJORITY, False, COUNCIL, 4, id="majority-five-states-needs-4"),
    pytest.param(MAJORITY, False, BOARD, 7, id="majority-board-needs-7"),
    pytest.param(CONSENSUS, False, COUNCIL, None, id="consensus-has-no-threshold"),
    pytest.param(MAJORITY, True, COUNCIL, None, id="sensitive-has-no-threshold"),
])
def test_required_is_set_only_under_qualified_majority(rule, sensitive, seats, required):
    assert tally({}, seats, rule, sensitive=sensitive).required == required


def test_result_does_not_depend_on_the_order_seats_are_given_in():
    given = ballots("++-0.")
    forward = tally(given, COUNCIL, MAJORITY)
    assert tally(given, reversed(COUNCIL), MAJORITY) == forward
    assert tally(given, (seat for seat in COUNCIL), MAJORITY) == forward


def test_plain_strings_count_as_choices():
    result = tally({Seat(state): "for" for state in STATES}, COUNCIL, "qualified_majority")
    assert (result.outcome, result.rule, result.votes_for) == (Outcome.ADOPTED, MAJORITY, 5)


@pytest.mark.parametrize(("given", "seats"), [
    pytest.param({Seat("UZ"): Choice.FOR}, COUNCIL, id="state-outside-the-council"),
    pytest.param({Seat("KZ", 2): Choice.FOR}, COUNCIL, id="second-seat-outside-board-mode"),
    pytest.param({Seat("KZ", 3): Choice.FOR}, BOARD, id="third-seat-in-board-mode"),
    pytest.param({"KZ": Choice.FOR}, COUNCIL, id="state-code-instead-of-seat"),
])
def test_ballot_from_a_seat_outside_the_council_raises(given, seats):
    with pytest.raises(ValueError, match="outside the council"):
        tally(given, seats, MAJORITY)


@pytest.mark.parametrize(("given", "seats", "message"), [
    pytest.param({}, (), "at least one seat", id="empty-council"),
    pytest.param({}, (*COUNCIL, Seat("KZ")), "listed twice", id="seat-listed-twice"),
    pytest.param({Seat("KZ"): "yes"}, COUNCIL, "'yes' is not a valid Choice", id="unknown-choice"),
])
def test_malformed_input_raises_rather_than_counting(given, seats, message):
    with pytest.raises(ValueError, match=message):
        tally(given, seats, MAJORITY)


def test_unknown_rule_raises():
    with pytest.raises(ValueError, match="not a valid DecisionRule"):
        tally({}, COUNCIL, "simple_majority")


def _reference(pattern: str, rule: DecisionRule) -> Outcome:
    """The DESIGN 4.6 sentences restated another way, to check the implementation against."""
    if rule is CONSENSUS:
        unanimous_or_abstaining = set(pattern) <= {"+", "0"}
        return Outcome.ADOPTED if unanimous_or_abstaining else Outcome.NO_CONSENSUS
    share_for = Fraction(pattern.count("+"), len(pattern))
    return Outcome.ADOPTED if share_for >= Fraction(2, 3) else Outcome.REJECTED


def test_every_combination_of_five_ballots_matches_the_reference():
    for symbols in itertools.product("+-0.", repeat=len(COUNCIL)):
        pattern = "".join(symbols)
        for rule, sensitive in itertools.product(DecisionRule, (False, True)):
            applied = CONSENSUS if sensitive else rule
            result = tally(ballots(pattern), COUNCIL, rule, sensitive=sensitive)
            assert result.outcome is _reference(pattern, applied), (pattern, rule, sensitive)
            assert result.votes_for + result.votes_against + result.abstentions + len(result.absent) == 5


@pytest.mark.parametrize("seats_per_state", [1, 2], ids=["one-seat-per-state", "board-mode"])
def test_every_split_of_the_council_matches_the_reference(seats_per_state):
    seats = seats_for(STATES, seats_per_state)
    for counts in itertools.product(range(len(seats) + 1), repeat=3):
        absent = len(seats) - sum(counts)
        if absent < 0:
            continue
        pattern = "+" * counts[0] + "-" * counts[1] + "0" * counts[2] + "." * absent
        for rule in DecisionRule:
            assert tally(ballots(pattern, seats), seats, rule).outcome is _reference(pattern, rule), pattern


@pytest.mark.parametrize("seats", range(1, 13), ids=lambda n: f"{n}-seats")
def test_required_majority_is_two_thirds_of_all_seats_rounded_up(seats):
    reference = next(k for k in range(seats + 1) if Fraction(k, seats) >= Fraction(2, 3))
    assert required_majority(seats) == reference


@pytest.mark.parametrize(("seats", "required"), [(5, 4), (10, 7), (6, 4), (3, 2)],
                         ids=["five-states", "board", "exact-two-thirds-of-6", "exact-two-thirds-of-3"])
def test_required_majority_known_values(seats, required):
    assert required_majority(seats) == required


@pytest.mark.parametrize("seats", [0, -1])
def test_required_majority_needs_a_seat(seats):
    with pytest.raises(ValueError, match="at least one seat"):
        required_majority(seats)


def test_seats_for_is_sorted_and_deterministic():
    assert seats_for(["RU", "AM", "KZ"]) == (Seat("AM"), Seat("KZ"), Seat("RU"))
    assert seats_for(reversed(STATES)) == seats_for(STATES)


def test_seats_for_board_mode_gives_two_seats_per_state():
    assert seats_for(["KZ", "AM"], seats_per_state=2) == (
        Seat("AM", 1), Seat("AM", 2), Seat("KZ", 1), Seat("KZ", 2))
    assert len(BOARD) == 10


def test_seats_for_counts_a_repeated_state_once():
    assert seats_for(["KZ", "KZ", "AM"]) == (Seat("AM"), Seat("KZ"))


def test_seats_for_needs_a_seat_per_state():
    with pytest.raises(ValueError, match="at least one seat"):
        seats_for(STATES, seats_per_state=0)


@pytest.mark.parametrize(("state", "number"), [("", 1), ("KZ", 0)], ids=["no-state", "seat-zero"])
def test_seat_must_name_a_state_and_a_positive_number(state, number):
    with pytest.raises(ValueError, match="not a council seat"):
        Seat(state, number)
