"""Growing lists for the statement counts and the page benchmark: each builder adds ``count``
more rows to one list a page or an API list shows (members of a cluster, partners of a
proposal, items of a vote session, rows of a register), each in a region and state of its own
where it has one, so that a name looked up per row shows as a statement per row.

Builders flush, never commit; they write test rows directly where the workflow would take a
dozen steps (a proposal's status, a decision), as the council tests' fixtures do.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select, update

from portal.calls.models import Call
from portal.core.db import utcnow
from portal.council.models import AgendaItem, Ballot, Decision, VoteSession
from portal.extensions import db
from portal.partnering.models import Ad
from portal.proposals.models import BudgetLine, Indicator, Proposal, ProposalPartner
from portal.proposals.workflow import ProposalStatus
from portal.reference.models import Region, TechnologyField
from portal.registry.models import Cluster, ClusterMember, Organisation
from portal.search.services import reindex
from tests.factories import make_call, make_organisation, make_proposal

STATES = ("AM", "BY", "KG", "KZ", "RU")
_numbers = itertools.count(1)


def _regions() -> list[Region]:
    """Regions of every member state in turn, so that consecutive rows differ in both."""
    by_state = {state: list(db.session.scalars(
        select(Region).where(Region.state_code == state).order_by(Region.code))) for state in STATES}
    return [region for group in itertools.zip_longest(*by_state.values()) for region in group
            if region is not None]


def _fields() -> list[TechnologyField]:
    return list(db.session.scalars(select(TechnologyField).order_by(TechnologyField.position)))


def organisations(count: int, **fields) -> list[Organisation]:
    """``count`` published organisations, each in another region, with a technology field and
    a NACE class."""
    regions, technology = _regions(), _fields()
    made = []
    for _ in range(count):
        n = next(_numbers)
        region = regions[n % len(regions)]
        values = {"name": f"Bench organisation {n}", "status": "published",
                  "nace_codes": ["21.20", "26.60"],
                  "technology_fields": [technology[n % len(technology)]],
                  "offers": ["Aseptic filling of vials"], "description": "Titanium alloys."}
        values.update(fields)
        made.append(make_organisation(region.state_code, region.code, **values))
    return made


def cluster(**fields) -> Cluster:
    """A published cluster managed by a new organisation, its first member."""
    manager = organisations(1)[0]
    values = {"name": f"Bench cluster {next(_numbers)}", "state_code": manager.state_code,
              "region_code": manager.region_code, "language": "en", "status": "published",
              "management_organisation_id": manager.id}
    values.update(fields)
    made = Cluster(**values)
    made.technology_fields = _fields()[:2]
    made.members = [ClusterMember(organisation_id=manager.id, helix_role="business")]
    db.session.add(made)
    db.session.flush()
    return made


def add_members(cluster_id: int, count: int, *, managing: bool = False) -> None:
    """``count`` more members, of every state in turn; each manages the cluster's side in its
    state when ``managing``."""
    roles = ("business", "academia", "government", "intermediary")
    for n, organisation in enumerate(organisations(count)):
        db.session.add(ClusterMember(cluster_id=cluster_id, organisation_id=organisation.id,
                                     helix_role=roles[n % len(roles)], manages=managing))
    db.session.flush()


def add_clusters_of(organisation_id: int, count: int) -> None:
    """``count`` more published clusters that the organisation is a member of."""
    for _ in range(count):
        made = cluster()
        db.session.add(ClusterMember(cluster_id=made.id, organisation_id=organisation_id,
                                     helix_role="academia"))
    db.session.flush()


def add_partners(proposal_id: int, count: int) -> None:
    """``count`` more confirmed and endorsed partners with two budget lines each, and as many
    more indicators."""
    now = utcnow()
    proposal = db.session.get(Proposal, proposal_id)
    for organisation in organisations(count):
        proposal.partners.append(ProposalPartner(
            organisation_id=organisation.id, cofinancing_rate=Decimal("0.3"),
            confirmed_at=now, endorsed_at=now,
            budget=[BudgetLine(category="staff", amount=Decimal("100000"), currency="RUB",
                               rate=Decimal("1")),
                    BudgetLine(category="travel", amount=Decimal("2000"), currency="RUB",
                               rate=Decimal("1"))]))
        proposal.indicators.append(Indicator(name=f"Indicator {next(_numbers)}", unit="units",
                                             baseline=Decimal("0"), target=Decimal("3"),
                                             position=len(proposal.indicators)))
    db.session.flush()


def set_status(proposal: Proposal, status: ProposalStatus, **values) -> None:
    """Test rows only: the workflow's steps are tested elsewhere."""
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(status=status, **values))
    db.session.refresh(proposal)


def add_proposals(count: int, call=None, creator=None, partners=None,
                  call_id: int | None = None) -> list[Proposal]:
    made = []
    if call_id is not None:
        call = db.session.get(Call, call_id)
    for _ in range(count):
        proposal = make_proposal(call=call, creator=creator,
                                 partners=list(partners or organisations(2)))
        made.append(proposal)
    return made


def vote_session(secretariat_id: int, **fields) -> VoteSession:
    now = utcnow()
    values = {"title": "Bench council meeting", "kind": "meeting",
              "opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=2),
              "seats_per_state": 1, "status": "open", "created_by_id": secretariat_id}
    values.update(fields)
    made = VoteSession(**values)
    db.session.add(made)
    db.session.flush()
    return made


def add_items(session_id: int, count: int, voters: dict[str, int]) -> None:
    """``count`` more items, each a proposal of its own on the agenda with every state's
    ballot (``voters`` maps a state to the id of its council member)."""
    target = db.session.get(VoteSession, session_id)
    call = make_call()
    for proposal in add_proposals(count, call=call):
        set_status(proposal, ProposalStatus.ON_AGENDA, submitted_at=utcnow())
        item = AgendaItem(session_id=target.id, proposal_id=proposal.id,
                          position=len(target.items) + 1, rule="consensus")
        target.items.append(item)
        db.session.flush()
        for state, voter in voters.items():
            db.session.add(Ballot(item_id=item.id, state_code=state, seat_number=1,
                                  voter_id=voter, choice="for", counted=True))
    db.session.flush()


def add_decisions(count: int, secretariat_id: int) -> None:
    now = utcnow()
    session = vote_session(secretariat_id, status="closed", closed_at=now,
                           opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    call = make_call()
    for proposal in add_proposals(count, call=call):
        set_status(proposal, ProposalStatus.APPROVED, submitted_at=now)
        item = AgendaItem(session_id=session.id, proposal_id=proposal.id, position=1,
                          rule="consensus", outcome="adopted", tallied_at=now)
        db.session.add(item)
        db.session.flush()
        db.session.add(Decision(number=f"2026/{next(_numbers)}", item_id=item.id,
                                proposal_id=proposal.id, outcome="adopted", rule="consensus",
                                rationale="Consensus.", decided_at=now,
                                objection_until=now + timedelta(days=14),
                                ballots=[{"state": s, "seat": 1, "choice": "for"} for s in STATES]))
    db.session.flush()


def add_ads(count: int, author_id: int, organisation: Organisation | None = None) -> None:
    technology = _fields()
    for n, owner in enumerate(organisations(count) if organisation is None
                              else [organisation] * count):
        ad = Ad(organisation_id=owner.id, author_id=author_id, kind="technology_offer",
                title=f"Titanium offer {next(_numbers)}", body="Titanium alloys for implants.",
                language="en", anonymous=n % 2 == 1, expires_at=utcnow() + timedelta(days=60))
        ad.technology_fields = [technology[n % len(technology)]]
        db.session.add(ad)
    db.session.flush()


def add_calls(count: int) -> None:
    for _ in range(count):
        make_call()


def add_indexed(count: int) -> None:
    """``count`` more organisations that the search finds by "titanium", indexed at once."""
    for organisation in organisations(count):
        reindex("organisation", organisation.id)
    db.session.flush()
