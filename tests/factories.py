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
