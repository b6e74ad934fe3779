"""The data of the narrow-screen test (tests/e2e/test_narrow_screens.py): an open call, a
cluster whose manager leads a submitted proposal with partners of Russia, Kazakhstan and
Belarus, an adopted proposal with its decision, and one secretariat user and one manager per
screen width (each signs in once, and a second-factor code is accepted once)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.council.models import Decision
from portal.extensions import db
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from portal.registry.models import Cluster, ProfileStatus
from tests.e2e.conftest import Person
from tests.factories import (
    make_approved_proposal,
    make_call,
    make_organisation,
    make_proposal,
    make_user,
)

WIDTHS = (390, 1280)


@dataclass(frozen=True)
class NarrowData:
    call_id: int
    organisation_id: int
    proposal_id: int
    decision_id: int
    managers: dict[int, Person]
    secretariat: dict[int, Person]


def add_narrow_data() -> NarrowData:
    """Create the pages' data (committed by the caller)."""
    secretariat = {width: make_user("secretariat", with_totp=True,
                                    email=f"narrow.secretariat.{width}@example.org")
                   for width in WIDTHS}
    call = make_call(secretariat[390], title="Narrow screens: joint sensor lines")
    lead, kazakh, belarusian = (
        make_organisation(state, region, name=name, status=ProfileStatus.PUBLISHED)
        for state, region, name in (("RU", "RU-NVS", "Novosibirsk Sensor Instruments"),
                                    ("KZ", "KZ-55", "Pavlodar Measuring Systems"),
                                    ("BY", "BY-MI", "Minsk Optoelectronics Plant")))
    cluster = Cluster(name="Siberian Instrument Cluster", state_code="RU", region_code="RU-NVS",
                      language="ru", management_organisation_id=lead.id)
    db.session.add(cluster)
    db.session.flush()
    managers = {width: make_user(f"org_member:{lead.id}", f"cluster_manager:{cluster.id}",
                                 email=f"narrow.manager.{width}@example.org")
                for width in WIDTHS}
    proposal = make_proposal(call=call, creator=managers[390],
                             partners=[lead, kazakh, belarusian], acronym="SENSLINE",
                             title="A shared calibration line for industrial pressure sensors")
    apply_transition(proposal, Action.SUBMIT, managers[390])
    adopted = make_approved_proposal(acronym="OPTOLINE",
                                     title="Optoelectronic assemblies for metering stations")
    db.session.flush()
    decision_id = db.session.scalar(select(Decision.id).where(Decision.proposal_id == adopted.id))
    return NarrowData(call.id, lead.id, proposal.id, decision_id,
                      {w: Person(u.email, u.totp_secret) for w, u in managers.items()},
                      {w: Person(u.email, u.totp_secret) for w, u in secretariat.items()})
