"""The people and the data of the role journeys (tests/e2e/test_role_journeys.py), one set per
language so that each walk finds its own task on its dashboard: an open call in roubles, three
organisations of Russia, Kazakhstan and Belarus, the demo's dated exchange rates (tenge and
Belarusian roubles in roubles), and for each role the state its work starts from, reached
through the services the pages call."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from portal.accounts.models import User
from portal.core.db import utcnow
from portal.council import services as council
from portal.council.seats import assign_seat
from portal.demo.rates import RATES_IN_ROUBLES, load_rates
from portal.extensions import db
from portal.proposals import services as proposals
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from portal.reference.models import MemberState
from portal.registry.models import Cluster, ProfileStatus
from portal.review.models import Assignment, AssignmentStatus, ConsensusReport
from tests.e2e.conftest import Person
from tests.factories import make_call, make_organisation, make_proposal, make_user
from tests.review.support import make_expert

#: Each partner's state, region and currency; the call budgets in roubles.
PARTNER_STATES = (("RU", "RU-OMS", "RUB"), ("KZ", "KZ-55", "KZT"), ("BY", "BY-VI", "BYN"))
#: The manager's budget: one line per partner, in the partner's currency.
BUDGET = (("staff", Decimal("6000000")), ("equipment", Decimal("10000000")),
          ("travel", Decimal("50000")))
#: The demo's rates: how many days ago the latest was published, and its value in roubles.
RATE_AGE = timedelta(days=3)
#: The consensus report the council reads: 4 × 0.4 + 3.5 × 0.4 + 3 × 0.2.
REPORT_SCORES = {"excellence": "4", "impact": "3.5", "implementation": "3"}
REPORT_TOTAL = Decimal("3.6")
REPORT_TEXT = "The panel agrees to fund the polymer line."


def rate_in_roubles(currency: str) -> Decimal:
    return Decimal(RATES_IN_ROUBLES[currency][-1])


@dataclass(frozen=True)
class Journeys:
    language: str
    call_title: str
    organisations: tuple[str, str, str]
    #: The cluster the manager manages.
    cluster: str
    organisation_ids: tuple[int, int, int]
    acronym: str
    title: str
    manager: Person
    #: The expert invited to review ``review_acronym`` (submitted, under review).
    expert: Person
    review_acronym: str
    review_title: str
    review_due: datetime
    #: Kazakhstan's contact point, asked to endorse the Kazakh partner of ``endorse_acronym``.
    contact_point: Person
    endorse_acronym: str
    #: The council member seated for ``council_state``, with a ballot on ``vote_acronym``.
    council_member: Person
    council_state_name: str
    vote_acronym: str
    vote_title: str
    session_title: str
    session_closes: datetime
    administrator: Person
    #: The user the administrator finds and makes a member of ``grant_organisation``.
    grantee_email: str
    grantee_name: str
    grant_organisation: str


def _person(user) -> Person:
    return Person(user.email, user.totp_secret)


def add_journeys(language: str) -> Journeys:
    """Create one language's call and people (committed by the caller)."""
    tag = language.upper()
    load_rates(Counter())
    secretariat = make_user("secretariat", email=f"journey.{language}.secretariat@example.org")
    call_title = f"Fine chemistry across three borders ({tag})"
    call = make_call(secretariat, title=call_title, currency="RUB", min_states=2,
                     requires_endorsement=True, max_grant=Decimal("20000000"))
    names = (f"Omsk Catalyst Works ({tag})", f"Pavlodar Reagents ({tag})",
             f"Vitebsk Polymer Plant ({tag})")
    organisations = [make_organisation(state, region, name=name, status=ProfileStatus.PUBLISHED)
                     for (state, region, _currency), name in zip(PARTNER_STATES, names,
                                                                 strict=True)]
    lead, kazakh, belarusian = organisations
    cluster = Cluster(name=f"Irtysh Chemistry Cluster ({tag})", state_code="RU",
                      region_code="RU-OMS", language="ru", management_organisation_id=lead.id)
    db.session.add(cluster)
    db.session.flush()
    manager = make_user(f"org_member:{lead.id}", f"cluster_manager:{cluster.id}",
                        email=f"journey.{language}.manager@example.org")
    members = [make_user(f"org_member:{o.id}", email=f"journey.{language}.member{n}@example.org")
               for n, o in enumerate(organisations)]
    contacts = {state: make_user(f"contact_point:{state}",
                                 email=f"journey.{language}.cp.{state.lower()}@example.org")
                for state, _region, _currency in PARTNER_STATES}

    # The expert's invitation: a proposal of the call, submitted and under review.
    review = make_proposal(call=call, creator=members[0], partners=[lead, kazakh],
                           acronym=f"REVIEW{tag}", title=f"Catalyst recovery line ({tag})",
                           summary="A joint line that recovers platinum catalysts.")
    apply_transition(review, Action.SUBMIT, members[0])
    apply_transition(review, Action.MARK_ELIGIBLE, None)
    apply_transition(review, Action.START_REVIEW, None)
    expert = make_expert("AM", email=f"journey.{language}.expert@example.org")
    now = utcnow()
    review_due = now + timedelta(days=20)
    db.session.add(Assignment(proposal_id=review.id, expert_id=expert.id,
                              status=AssignmentStatus.INVITED, assigned_at=now,
                              due_at=review_due))

    # The contact point's endorsement: a draft whose Kazakh partner waits for it.
    endorse = make_proposal(call=call, creator=members[0], partners=[lead, kazakh, belarusian],
                            acronym=f"ENDORSE{tag}", title=f"Reagent exchange ({tag})")
    proposals.endorse_partner(endorse.id, lead.id, contacts["RU"])

    # The council member's ballot: a proposal with its locked consensus report on the agenda of
    # an open meeting; the member holds seat 2 of their state (seat 1 belongs to other tests).
    council_state = {"en": "KG", "ru": "AM"}[language]
    member = make_user(f"council_member:{council_state}", with_totp=True,
                       email=f"journey.{language}.council@example.org")
    assign_seat(council_state, 2, member, "cli")
    voted = make_proposal(call=call, creator=members[0], partners=[lead, belarusian],
                          acronym=f"VOTE{tag}", title=f"Polymer recycling line ({tag})",
                          summary="A line that recycles polymer packaging of reagents.")
    for action in (Action.SUBMIT, Action.MARK_ELIGIBLE, Action.START_REVIEW):
        apply_transition(voted, action, members[0] if action is Action.SUBMIT else None)
    # Consolidation and the report's lock belong to the review, walked in
    # tests/e2e/test_proposal_path.py: here the status and the report are written directly.
    db.session.execute(update(Proposal).where(Proposal.id == voted.id)
                       .values(status=ProposalStatus.READY_FOR_COUNCIL))
    db.session.add(ConsensusReport(proposal_id=voted.id, author_id=expert.id,
                                   scores=REPORT_SCORES, total=REPORT_TOTAL,
                                   recommendation="fund", text=REPORT_TEXT, locked_at=now))
    db.session.flush()
    session_title = f"Council meeting on chemistry ({tag})"
    session_closes = now + timedelta(days=2)
    council.create_vote_session({
        "title": session_title, "kind": "meeting", "opens_at": now - timedelta(hours=1),
        "closes_at": session_closes, "seats_per_state": 2,
        "items": [{"proposal_id": voted.id, "sensitive": False}]}, secretariat)

    administrator = make_user("admin", email=f"journey.{language}.admin@example.org",
                              with_totp=True)
    grantee = make_user(email=f"journey.{language}.newcomer@example.org")
    db.session.flush()
    return Journeys(
        language=language, call_title=call_title, organisations=tuple(names),
        cluster=cluster.name,
        organisation_ids=tuple(o.id for o in organisations), acronym=f"TRICHEM{tag}",
        title=f"Three-state fine chemistry line ({tag})", manager=_person(manager),
        expert=_person(expert), review_acronym=review.acronym, review_title=review.title,
        contact_point=_person(contacts["KZ"]), endorse_acronym=endorse.acronym,
        council_member=_person(member),
        council_state_name=db.session.get(MemberState, council_state).name(language),
        vote_acronym=voted.acronym, vote_title=voted.title, session_title=session_title,
        session_closes=session_closes, review_due=review_due,
        administrator=_person(administrator), grantee_email=grantee.email,
        grantee_name=grantee.name, grant_organisation=belarusian.name)


def partners_confirm_and_are_endorsed(journeys: Journeys) -> None:
    """What the other partners and the contact points do on their pages (tests/e2e/
    test_proposal_path.py walks it): every partner but the lead confirms, every partner is
    endorsed."""
    proposal = db.session.scalar(select(Proposal).where(Proposal.acronym == journeys.acronym))
    prefix = f"journey.{journeys.language}"
    for partner in proposal.partners:
        number = journeys.organisation_ids.index(partner.organisation_id)
        if partner.organisation_id != proposal.lead_organisation_id:
            member = db.session.scalar(select(User).where(
                User.email == f"{prefix}.member{number}@example.org"))
            proposals.confirm_partner(proposal.id, partner.organisation_id, member)
        state = partner.organisation.state_code.lower()
        contact = db.session.scalar(select(User).where(
            User.email == f"{prefix}.cp.{state}@example.org"))
        proposals.endorse_partner(proposal.id, partner.organisation_id, contact)
    db.session.flush()
