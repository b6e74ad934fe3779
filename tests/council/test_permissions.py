"""The council's predicates know the state of the session and of the item, so that the page,
the API and the service refuse alike."""

from __future__ import annotations

from portal.core.errors import ConflictError, PermissionDenied
from portal.council import permissions, seats, services
from tests.council.conftest import open_session, ready_proposal


def test_a_titular_may_vote_and_recuse_while_the_session_is_open(council):
    vote_session = open_session(council, [ready_proposal()])
    [item] = vote_session.items
    assert seats.can_vote(council.titular["KZ"], item)
    assert seats.can_recuse(council.titular["KZ"], item)
    assert isinstance(seats.refusal_to_vote(council.alternate["KZ"], item), PermissionDenied)
    assert not seats.can_recuse(council.alternate["KZ"], item)


def test_after_recusal_the_seat_passes_to_the_alternate(council):
    vote_session = open_session(council, [ready_proposal()])
    [item] = vote_session.items
    services.recuse(item.id, council.titular["KZ"], "My institute is a partner.")
    assert not seats.can_vote(council.titular["KZ"], item)
    assert isinstance(seats.refusal_to_recuse(council.titular["KZ"], item), ConflictError)
    assert seats.can_vote(council.alternate["KZ"], item)


def test_nobody_votes_or_closes_once_the_session_is_closing(council):
    vote_session = open_session(council, [ready_proposal()])
    [item] = vote_session.items
    assert permissions.can_close_session(council.secretariat, vote_session)
    assert not permissions.can_close_session(council.titular["KZ"], vote_session)
    services.close_session(vote_session.id, council.secretariat)
    assert isinstance(seats.refusal_to_vote(council.titular["KZ"], item), ConflictError)
    assert not seats.can_recuse(council.titular["KZ"], item)
    assert isinstance(permissions.refusal_to_close(council.secretariat, vote_session),
                      ConflictError)
