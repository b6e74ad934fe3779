"""Many funded projects, fast, for the statistics' statement counts and benchmark: rows written
directly (no decision, no schedule: the statistics read neither), flushed in batches.

:func:`ground` makes what the projects share (organisations of every state in clusters, three
calls in three currencies, a year of monthly rates); :func:`grow` adds projects, each with a
submitted proposal beside it in another status, spread over the calls, states, fields, days of
signing and classifications, so that a statement per row, per day or per currency would show.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.core.db import utcnow
from portal.extensions import db
from portal.money.models import ExchangeRate
from portal.projects.models import Project, ProjectGrant
from portal.proposals.models import Proposal, ProposalPartner
from portal.reference.models import TechnologyField
from portal.registry.models import ClusterMember
from tests.factories import make_call, make_user
from tests.perf import builders

FIRST_DAY = date(2025, 1, 1)
OTHER_STATUSES = ("submitted", "ineligible", "in_review", "rejected", "no_consensus", "approved")
CLASSIFICATIONS = ("cross_border", "transnational", "national")
_numbers = itertools.count(1)


@dataclass
class Ground:
    organisation_ids: list[int]
    call_ids: list[int]
    field_keys: list[str]
    creator_id: int


def ground() -> Ground:
    organisations = builders.organisations(30)
    for offset in range(3):
        cluster = builders.cluster()
        for organisation in organisations[offset::3][:6]:
            db.session.add(ClusterMember(cluster_id=cluster.id, organisation_id=organisation.id,
                                         helix_role="business"))
    creator = make_user("secretariat")
    calls = [make_call(creator=creator, currency=currency, title=f"Bench call in {currency}")
             for currency in ("RUB", "KZT", "BYN")]
    for month in range(13):
        on = FIRST_DAY + timedelta(days=30 * month)
        db.session.add(ExchangeRate(currency="KZT", quote="RUB", on=on,
                                    rate=Decimal("0.18") + Decimal(month) / 1000))
        db.session.add(ExchangeRate(currency="BYN", quote="USD", on=on, rate=Decimal("0.31")))
        db.session.add(ExchangeRate(currency="RUB", quote="USD", on=on, rate=Decimal("0.011")))
    fields = list(db.session.scalars(select(TechnologyField.key)))
    db.session.flush()
    return Ground([o.id for o in organisations], [c.id for c in calls], fields, creator.id)


def _proposal(base: Ground, n: int, status: str) -> Proposal:
    organisations = base.organisation_ids
    partners = [organisations[(n + step * 7) % len(organisations)] for step in range(2 + n % 3)]
    proposal = Proposal(
        call_id=base.call_ids[n % len(base.call_ids)], title=f"Bench project {n}",
        acronym=f"B{n}", lead_organisation_id=partners[0], created_by_id=base.creator_id,
        status=status, classification=CLASSIFICATIONS[n % len(CLASSIFICATIONS)],
        submitted_at=utcnow() - timedelta(days=400),
        partners=[ProposalPartner(organisation_id=o, cofinancing_rate=Decimal("0.3"))
                  for o in dict.fromkeys(partners)])
    proposal.technology_fields = [db.session.get(TechnologyField,
                                                 base.field_keys[n % len(base.field_keys)])]
    db.session.add(proposal)
    return proposal


def grow(base: Ground, count: int, batch: int = 100) -> None:
    """``count`` more funded projects, and as many proposals in other statuses."""
    pending: list[tuple[Proposal, int]] = []
    for _ in range(count):
        n = next(_numbers)
        _proposal(base, n + 500_000, OTHER_STATUSES[n % len(OTHER_STATUSES)])
        pending.append((_proposal(base, n, "in_implementation"), n))
        if len(pending) >= batch:
            _fund(base, pending)
    _fund(base, pending)


def _fund(base: Ground, pending: list[tuple[Proposal, int]]) -> None:
    db.session.flush()
    for proposal, n in pending:
        signed_on = FIRST_DAY + timedelta(days=n % 365)
        db.session.add(Project(
            proposal_id=proposal.id, signed_on=signed_on, starts_on=signed_on + timedelta(days=1),
            ends_on=signed_on + timedelta(days=730), created_by_id=base.creator_id,
            grants=[ProjectGrant(organisation_id=partner.organisation_id,
                                 amount=Decimal(100_000 + 1000 * (n % 50)))
                    for partner in proposal.partners]))
    db.session.flush()
    pending.clear()
