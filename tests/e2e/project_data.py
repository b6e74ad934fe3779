"""The data of the funded project's journey (tests/e2e/test_project_journey.py), one set per
language: a three-month project of a Russian and a Belarusian partner whose decision entered
into force half a year ago, so that once the secretariat records an agreement signed 140 days
ago the single period (the final report) has ended and its report is due within a fortnight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.core.db import utcnow
from portal.council.models import Decision
from portal.extensions import db
from tests.e2e.conftest import Person
from tests.factories import make_approved_proposal, make_call, make_organisation, make_user

#: How long ago the agreement is signed: the three months of work ended about seven weeks ago.
SIGNED_DAYS_AGO = 140
INDICATOR_TARGET = Decimal("2")


@dataclass(frozen=True)
class ProjectJourney:
    language: str
    acronym: str
    title: str
    organisations: tuple[str, str]
    secretariat: Person
    lead_member: Person
    signed_on: date


def add_project_journey(language: str) -> ProjectJourney:
    lead = make_organisation("RU", "RU-SMO", name=f"Smolensk Optics ({language})")
    partner = make_organisation("BY", "BY-VI", name=f"Vitebsk Lenses ({language})")
    call = make_call(title=f"Optics call ({language})", timezone="Europe/Moscow")
    proposal = make_approved_proposal(
        call=call, partners=[lead, partner], acronym=f"LENS-{language.upper()}",
        title=f"Joint lens line ({language})", duration_months=3)
    proposal.indicators[0].target = INDICATOR_TARGET
    decided = utcnow() - timedelta(days=200)
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))
    decision.decided_at, decision.objection_until = decided, decided + timedelta(days=10)
    decision.entered_into_force_at = decided + timedelta(days=10)
    secretariat = make_user("secretariat", email=f"project.{language}.secretariat@example.org",
                            with_totp=True)
    member = make_user(f"org_member:{lead.id}", email=f"project.{language}.lead@example.org")
    db.session.flush()
    return ProjectJourney(
        language, proposal.acronym, proposal.title, (lead.name, partner.name),
        Person(secretariat.email, secretariat.totp_secret), Person(member.email),
        date.today() - timedelta(days=SIGNED_DAYS_AGO))
