"""The demo vote sessions (DESIGN 7): the demo proposals that are ``ready_for_council`` go on
them, the demo council logins vote, and the worker's tally turns them into decisions.

* an earlier meeting, tallied about 28 months ago, whose consensus decisions are in force: the
  three funded projects of :mod:`portal.demo.projects`;
* a meeting today: one item adopted with conditions, one blocked by a single objection;
* a meeting in the Commission's Board mode (two seats per state, qualified majority): 6 of 10
  fails, 7 of 10 passes;
* an open written procedure, closing in two weeks, that a newcomer votes in with the demo
  council logins (``council.<state>@demo.portal``).

Sessions are looked up by title before they are created; each takes only proposals that are
``ready_for_council`` (so nothing is made when they are missing or have moved on).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from portal.accounts import services as accounts
from portal.core.db import utcnow
from portal.council import decisions
from portal.council import services as council
from portal.council.models import CouncilSeat, VoteSession
from portal.council.seats import assign_seat
from portal.demo.people import SECOND_SEATS
from portal.demo.proposals import DOMAIN, SECRETARIAT, proposal_by_acronym
from portal.extensions import db
from portal.proposals.workflow import ProposalStatus

DEMO_SESSION_TITLE = "Письменная процедура совета (demo)"

F, A, X = "for", "against", "abstain"


@dataclass(frozen=True)
class DemoSession:
    title: str
    kind: str
    seats_per_state: int
    #: (acronym, ballots): each ballot ``"KZ": "for"`` (seat 1) or ``"KZ2": "for"`` (seat 2).
    items: tuple[tuple[str, dict[str, str]], ...]
    #: Days ago the meeting was tallied; ``None``: today. An open session is never tallied.
    tallied_days_ago: int | None = None
    open_days: int | None = None


ALL_FOR = {"AM": F, "BY": F, "KG": F, "KZ": F, "RU": F}

#: The meeting that funded the demo's projects sat about 28 months ago, so that the projects
#: signed since (:mod:`portal.demo.projects`) have reports accepted, returned and overdue.
FUNDED_MEETING_DAYS_AGO = 850

SESSIONS = (
    DemoSession("Заседание Совета № 1 (demo)", "meeting", 1, (
        ("VOLGA-INJECT", ALL_FOR),
        ("STERIL-BORDER", ALL_FOR),
        ("ERTIS-CHUY", ALL_FOR),
    ), tallied_days_ago=FUNDED_MEETING_DAYS_AGO),
    DemoSession("Заседание Совета № 2 (demo)", "meeting", 1, (
        ("PHYTO-API", {"AM": X, "BY": F, "KG": F, "KZ": F, "RU": F}),
        ("BIOEQ-KV", {"AM": F, "BY": F, "KG": F, "KZ": A, "RU": F}),
    ), tallied_days_ago=0),
    DemoSession("Заседание Совета в формате Коллегии (demo)", "meeting", 2, (
        ("AMPOULE-GLASS", {"AM": F, "AM2": A, "BY": F, "BY2": F, "KG": X, "KZ": F, "KZ2": F,
                           "RU": F, "RU2": A}),
        ("ALTAI-IRTYSH", {"AM": F, "AM2": X, "BY": F, "BY2": F, "KG": F, "KG2": X, "KZ": F,
                          "KZ2": F, "RU": F, "RU2": A}),
    ), tallied_days_ago=0),
    DemoSession(DEMO_SESSION_TITLE, "written", 1, (
        ("CHUY-TARAZ-BIO", {"BY": F, "AM": F}),
        ("PET-ARARAT", {}),
        ("EURASIA-BIOSIM", {}),
    ), open_days=14),
)

def _voter(seat: str):
    state, number = seat[:2], seat[2:]
    prefix = "council2" if number == "2" else "council"
    return accounts.user_by_email(f"{prefix}.{state.lower()}@{DOMAIN}")


def ensure_seats(secretariat, created: Counter) -> None:
    """Name the titulars of the Board mode's second seats, once."""
    for state, email in SECOND_SEATS:
        user = accounts.user_by_email(email)
        exists = db.session.scalar(select(CouncilSeat.id).where(
            CouncilSeat.state_code == state, CouncilSeat.number == 2,
            CouncilSeat.titular_id.is_not(None)))
        if user is not None and exists is None:
            assign_seat(state, 2, user, secretariat)
            created["council seats assigned"] += 1


def _load_session(spec: DemoSession, secretariat, created: Counter) -> bool:
    """Create, vote and tally the session if it is missing; whether it was tallied in the past."""
    if db.session.scalar(select(VoteSession.id).where(VoteSession.title == spec.title)):
        return False
    proposals = [proposal_by_acronym(acronym) for acronym, _ballots in spec.items]
    if any(p is None or p.status != ProposalStatus.READY_FOR_COUNCIL for p in proposals):
        return False
    now = utcnow()
    days_ago = spec.tallied_days_ago or 0
    opens_at = now - timedelta(days=days_ago, hours=2)
    closes_at = now + timedelta(days=spec.open_days) if spec.open_days else now + timedelta(
        hours=1)
    session = council.create_vote_session({
        "title": spec.title, "kind": spec.kind, "opens_at": opens_at, "closes_at": closes_at,
        "seats_per_state": spec.seats_per_state,
        "items": [{"proposal_id": proposal.id} for proposal in proposals]}, secretariat)
    for item, (_acronym, ballots) in zip(session.items, spec.items, strict=True):
        for seat, choice in ballots.items():
            council.cast_ballot(item.id, _voter(seat), choice)
    created["vote sessions created"] += 1
    if spec.tallied_days_ago is None:
        return False
    council.close_session(session.id, secretariat)
    # The worker's tally, dated when the meeting ended.
    decisions.tally_session(session.id, now=now - timedelta(days=days_ago))
    created["decisions taken"] += len(spec.items)
    return days_ago > 0


def _after_force() -> None:
    """The worker brought the funded meeting's decisions into force once their objection window
    passed (the secretariat then records the agreements: :mod:`portal.demo.projects`)."""
    decided = utcnow() - timedelta(days=FUNDED_MEETING_DAYS_AGO)
    decisions.enter_decisions_into_force(now=decided + timedelta(
        days=decisions.objection_days(), hours=1))


def load_council(created: Counter) -> None:
    secretariat = accounts.user_by_email(SECRETARIAT)
    if secretariat is None:
        return
    ensure_seats(secretariat, created)
    past = [_load_session(spec, secretariat, created) for spec in SESSIONS]
    if any(past):
        _after_force()
