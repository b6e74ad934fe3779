"""Small factory functions for test data; they flush, never commit."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from portal.accounts import services as accounts
from portal.accounts import two_factor
from portal.accounts.roles import RoleSpec
from portal.calls.models import Call, CallCriterion
from portal.core.db import utcnow
from portal.extensions import db
from portal.proposals.models import BudgetLine, Indicator, Proposal, ProposalPartner
from portal.reference.models import TechnologyField
from portal.registry.models import Organisation

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(*roles: str, email: str | None = None, password: str = PASSWORD,
              language: str = "en", with_totp: bool = False, confirmed: bool = True):
    email = email or f"user{next(_counter)}@example.org"
    user = accounts.create_user(email, f"Test user {email}", password, "test", language=language,
                                roles=[RoleSpec.parse(r) for r in roles], confirmed=confirmed)
    if with_totp:
        user.totp_secret = two_factor.new_secret()
    db.session.flush()
    return user


def make_organisation(state: str = "RU", region: str = "RU-KLU", **fields) -> Organisation:
    values = {"name": f"Organisation {next(_counter)}", "kind": "enterprise",
              "language": "en", "description": "", "offers": [], "needs": [], "nace_codes": []}
    values.update(fields)
    organisation = Organisation(state_code=state, region_code=region, **values)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_call(creator=None, **fields):
    """An open call (it opened a day ago and closes in thirty days) for two technology fields."""
    now = utcnow()
    creator = creator or make_user("secretariat")
    values = {"title": f"Call {next(_counter)}", "description": "Joint projects.",
              "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=30),
              "timezone": "Asia/Almaty", "budget": Decimal("100000000"), "currency": "RUB",
              "max_grant": Decimal("20000000"), "min_cofinancing_rate": Decimal("0.2"),
              "min_states": 2, "requires_endorsement": True, "overall_threshold": Decimal("3"),
              "experts_per_proposal": 3, "review_days": 30, "decision_rule": "consensus"}
    values.update(fields)
    call = Call(created_by_id=creator.id, **values)
    call.technology_fields = [db.session.get(TechnologyField, key)
                              for key in ("pharmaceuticals_biotech_medical", "it_electronics")]
    call.criteria = [
        CallCriterion(key="excellence", name="Excellence", weight=Decimal("0.4"),
                      threshold=Decimal("3"), position=1),
        CallCriterion(key="impact", name="Impact", weight=Decimal("0.4"),
                      threshold=Decimal("3"), position=2),
        CallCriterion(key="implementation", name="Implementation", weight=Decimal("0.2"),
                      threshold=Decimal("2.5"), position=3),
    ]
    db.session.add(call)
    db.session.flush()
    return call


def make_proposal(call=None, creator=None, partners=None, **fields):
    """A draft proposal led by its first organisation, with one budget line per partner."""
    call = call or make_call()
    partners = partners or [make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")]
    creator = creator or make_user(f"org_member:{partners[0].id}")
    values = {"title": f"Proposal {next(_counter)}", "acronym": "TEST",
              "summary": "A joint project.", "work_plan": "Work packages.", "language": "en",
              "duration_months": 24}
    values.update(fields)
    proposal = Proposal(call_id=call.id, lead_organisation_id=partners[0].id,
                        created_by_id=creator.id, **values)
    proposal.partners = [
        ProposalPartner(organisation_id=organisation.id, cofinancing_rate=Decimal("0.3"),
                        budget=[BudgetLine(category="staff", amount=Decimal("1000000"),
                                           currency="RUB", rate=Decimal("1"))])
        for organisation in partners]
    proposal.indicators = [Indicator(name="Joint patents", unit="patents",
                                     baseline=Decimal("0"), target=Decimal("2"))]
    db.session.add(proposal)
    db.session.flush()
    return proposal


def make_approved_proposal(call=None, in_force: bool = True, **fields):
    """A proposal the council adopted, with its decision (in force unless told otherwise) on a
    closed vote session, and one milestone; ready for its grant agreement."""
    from portal.council.models import AgendaItem, Decision, VoteSession
    from portal.proposals.models import Milestone

    now = utcnow()
    proposal = make_proposal(call=call, **fields)
    proposal.status = "approved"
    proposal.submitted_at = now - timedelta(days=90)
    proposal.snapshot_number = 1
    proposal.milestones = [Milestone(title="Prototype", month=6, deliverable="A prototype",
                                     position=1)]
    session = VoteSession(title=f"Session {next(_counter)}", kind="written",
                          opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=30),
                          status="closed", closed_at=now - timedelta(days=30),
                          created_by_id=proposal.call.created_by_id)
    db.session.add(session)
    db.session.flush()
    item = AgendaItem(session_id=session.id, proposal_id=proposal.id, position=1,
                      rule="consensus", outcome="adopted", tallied_at=now - timedelta(days=30))
    db.session.add(item)
    db.session.flush()
    db.session.add(Decision(
        number=f"2026/{next(_counter)}", item_id=item.id, proposal_id=proposal.id,
        outcome="adopted", rule="consensus", rationale="Consensus.",
        decided_at=now - timedelta(days=30), objection_until=now - timedelta(days=16),
        entered_into_force_at=now - timedelta(days=16) if in_force else None,
        ballots=[{"state": s, "seat": 1, "choice": "for"}
                 for s in ("AM", "BY", "KZ", "KG", "RU")]))
    db.session.flush()
    return proposal


def make_project(proposal=None, signed_on=None, period_months: int = 6, creator=None):
    """A project in implementation, built row by row (not through the agreement's service):
    the grant of each partner is 70 % of its budget, and the schedule is the one
    :mod:`portal.projects.schedule` computes."""
    from datetime import date

    from sqlalchemy import select

    from portal.council.models import Decision
    from portal.projects import schedule
    from portal.projects.models import Project, ProjectGrant, ReportingPeriod

    proposal = proposal or make_approved_proposal()
    signed_on = signed_on or date.today() - timedelta(days=30)
    starts_on, ends_on = schedule.project_dates(signed_on, proposal.duration_months)
    decision_id = db.session.scalar(select(Decision.id).where(
        Decision.proposal_id == proposal.id).order_by(Decision.id.desc()).limit(1))
    project = Project(
        proposal_id=proposal.id, decision_id=decision_id, signed_on=signed_on,
        starts_on=starts_on, ends_on=ends_on, reporting_period_months=period_months,
        created_by_id=(creator or make_user("secretariat")).id,
        grants=[ProjectGrant(organisation_id=partner.organisation_id,
                             amount=sum((line.amount for line in partner.budget), Decimal(0))
                             * Decimal("0.7"))
                for partner in proposal.partners],
        periods=[ReportingPeriod(number=p.number, starts_on=p.starts_on, ends_on=p.ends_on,
                                 due_on=p.due_on, final=p.final)
                 for p in schedule.periods(starts_on, ends_on, period_months)])
    proposal.status = "in_implementation"
    db.session.add(project)
    db.session.flush()
    return project


def make_envelope(call, state: str, co_funder, amount: str = "50000000", currency: str = "RUB"):
    """A national envelope of ``call`` for ``state``, co-funded by the organisation ``co_funder``."""
    from portal.calls.models import CallEnvelope

    envelope = CallEnvelope(call_id=call.id, state_code=state, amount=Decimal(amount),
                            currency=currency, co_funder_organisation_id=co_funder.id)
    db.session.add(envelope)
    db.session.flush()
    return envelope
