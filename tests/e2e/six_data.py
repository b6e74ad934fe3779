"""The data of the six-language test (tests/e2e/test_six_languages.py): an open call with a
national envelope of Kazakhstan, a cluster whose manager leads a proposal of Russia, Kazakhstan
and Belarus under review by an invited expert, an adopted proposal with its decision and its
project, and one user per role (only the secretariat's signs in with a second factor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from portal.core.db import utcnow
from portal.council.models import Decision
from portal.extensions import db
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from portal.registry.models import Cluster, ProfileStatus
from portal.review.models import Assignment, AssignmentStatus
from tests.e2e.conftest import Person
from tests.factories import (
    make_approved_proposal,
    make_call,
    make_envelope,
    make_organisation,
    make_project,
    make_proposal,
    make_user,
)
from tests.review.support import make_expert


@dataclass(frozen=True)
class SixData:
    call_id: int
    organisation_id: int
    cluster_id: int
    proposal_id: int
    assignment_id: int
    decision_id: int
    project_id: int
    #: One person per role that signs in, by the role's name in the test.
    people: dict[str, Person]


def _person(user) -> Person:
    return Person(user.email, user.totp_secret)


def add_six_data() -> SixData:
    """Create the pages' data (committed by the caller)."""
    secretariat = make_user("secretariat", with_totp=True, email="six.secretariat@example.org")
    call = make_call(secretariat, title="Six languages: joint water meter lines")
    lead, kazakh, belarusian = (
        make_organisation(state, region, name=name, status=ProfileStatus.PUBLISHED)
        for state, region, name in (("RU", "RU-TOM", "Tomsk Flow Instruments"),
                                    ("KZ", "KZ-55", "Ekibastuz Metering Works"),
                                    ("BY", "BY-HR", "Grodno Valve Plant")))
    funder = make_organisation("KZ", "KZ-55", name="Pavlodar Development Fund",
                               status=ProfileStatus.PUBLISHED)
    make_envelope(call, "KZ", funder, amount="40000000", currency="KZT")
    cluster = Cluster(name="Tomsk Metering Cluster", state_code="RU", region_code="RU-TOM",
                      language="ru", management_organisation_id=lead.id,
                      status=ProfileStatus.PUBLISHED)
    db.session.add(cluster)
    db.session.flush()
    manager = make_user(f"org_member:{lead.id}", f"cluster_manager:{cluster.id}",
                        email="six.manager@example.org")
    proposal = make_proposal(call=call, creator=manager, partners=[lead, kazakh, belarusian],
                             acronym="METERLINE", title="A shared test bench for water meters")
    for action in (Action.SUBMIT, Action.MARK_ELIGIBLE, Action.START_REVIEW):
        apply_transition(proposal, action, manager if action is Action.SUBMIT else None)
    expert = make_expert("AM", email="six.expert@example.org")
    now = utcnow()
    assignment = Assignment(proposal_id=proposal.id, expert_id=expert.id,
                            status=AssignmentStatus.INVITED, assigned_at=now,
                            due_at=now + timedelta(days=20))
    db.session.add(assignment)
    co_funder = make_user(f"co_funder:{funder.id}", email="six.cofunder@example.org")
    adopted = make_approved_proposal(acronym="VALVELINE",
                                     title="Valve assemblies for district heating")
    project = make_project(adopted)
    db.session.flush()
    decision_id = db.session.scalar(select(Decision.id).where(Decision.proposal_id == adopted.id))
    people = {"manager": manager, "secretariat": secretariat, "expert": expert,
              "co_funder": co_funder}
    return SixData(call.id, lead.id, cluster.id, proposal.id, assignment.id, decision_id,
                   project.id, {role: _person(user) for role, user in people.items()})
