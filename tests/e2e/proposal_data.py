"""The people and the call of the proposal's browser test: an open call (its zone Asia/Almaty,
the readers' Europe/Moscow), a Russian and a Belarusian organisation in bordering regions, the
cluster manager who leads, a member of the Belarusian partner, the two contact points, three
experts from other states, the secretariat, and a council member of each member state seated
by name (the session's data also has a council member of Russia who is not seated)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal.council.seats import assign_seat, member_states
from portal.extensions import db
from portal.registry.models import ProfileStatus
from tests.e2e.conftest import Person
from tests.factories import make_call, make_organisation, make_user
from tests.review.support import make_expert

CALL_TITLE = "Joint medical device lines 2027"
CALL_ZONE = "Asia/Almaty"
READER_ZONE = "Europe/Moscow"
LEAD = "Smolensk Medical Devices"
PARTNER = "Vitebsk Sterile Packaging"
TITLE = "Sterile single-use device line across the border"
ACRONYM = "STERILINE"
SUMMARY = "A shared moulding and sterilisation line for single-use medical devices."
WORK_PLAN = "Three work packages: moulding, sterilisation, certification."


@dataclass(frozen=True)
class ProposalCast:
    call_id: int
    lead_id: int
    partner_id: int
    manager: Person
    partner_member: Person
    ru_contact: Person
    by_contact: Person
    expert: Person
    secretariat: Person
    council: dict[str, Person]


def _person(user) -> Person:
    return Person(user.email, user.totp_secret)


def add_proposal_cast() -> ProposalCast:
    """Create the call and its people (committed by the caller)."""
    secretariat = make_user("secretariat", email="proposal.secretariat@example.org",
                            with_totp=True)
    call = make_call(secretariat, title=CALL_TITLE, timezone=CALL_ZONE, currency="RUB",
                     max_grant=Decimal("20000000"), experts_per_proposal=3,
                     decision_rule="consensus", requires_endorsement=True)
    lead = make_organisation("RU", "RU-SMO", name=LEAD, status=ProfileStatus.PUBLISHED)
    partner = make_organisation("BY", "BY-VI", name=PARTNER, status=ProfileStatus.PUBLISHED)
    manager = make_user(f"org_member:{lead.id}", "cluster_manager:1",
                        email="proposal.manager@example.org")
    partner_member = make_user(f"org_admin:{partner.id}", email="proposal.partner@example.org")
    ru_contact = make_user("contact_point:RU", email="proposal.cp.ru@example.org",
                           with_totp=True)
    by_contact = make_user("contact_point:BY", email="proposal.cp.by@example.org",
                           with_totp=True)
    expert = make_expert("KZ", email="proposal.expert@example.org")
    make_expert("AM", email="proposal.expert2@example.org")
    make_expert("KG", email="proposal.expert3@example.org")
    council = {}
    for state in member_states():
        member = make_user(f"council_member:{state}",
                           email=f"proposal.council.{state.lower()}@example.org", with_totp=True)
        assign_seat(state, 1, member, "cli")
        council[state] = _person(member)
    for user in (manager, partner_member, ru_contact, by_contact, expert):
        user.timezone = READER_ZONE
    db.session.flush()
    return ProposalCast(call.id, lead.id, partner.id, _person(manager), _person(partner_member),
                        _person(ru_contact), _person(by_contact), _person(expert),
                        _person(secretariat), council)
