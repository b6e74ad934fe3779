"""Two organisations in two member states, a member of each, and an ad of the first."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from portal.partnering import services
from tests.factories import make_organisation, make_user


@dataclass
class Parties:
    owner_org: object
    other_org: object
    owner: object
    sender: object
    outsider: object


@pytest.fixture
def parties(session) -> Parties:
    owner_org = make_organisation(state="BY", region="BY-VI", name="SterilLine Vitebsk")
    other_org = make_organisation(state="RU", region="RU-SMO", name="Dnepr Medical")
    owner = make_user(f"org_admin:{owner_org.id}", email=f"owner{owner_org.id}@example.org")
    sender = make_user(f"org_member:{other_org.id}", email=f"sender{other_org.id}@example.org",
                       language="ru")
    outsider = make_user(email=f"outsider{owner_org.id}@example.org")
    return Parties(owner_org, other_org, owner, sender, outsider)


def post(parties: Parties, **overrides):
    values = {"organisation_id": parties.owner_org.id, "kind": "technology_offer",
              "title": "Contract ethylene-oxide sterilisation",
              "body": "Validated to ISO 11135, for medical-device makers across the border.",
              "technology_fields": ["pharmaceuticals_biotech_medical"], "actor": parties.owner}
    values.update(overrides)
    return services.post_ad(**values)


@pytest.fixture
def ad(parties):
    return post(parties)


@pytest.fixture
def anonymous_ad(parties):
    return post(parties, anonymous=True, title="Sterilisation capacity (anonymous)")
