"""A consortium ready for a proposal: a call, three published organisations in bordering regions
of Russia, Belarus and Kazakhstan, a member of each, a contact point per state, a cluster
manager leading, and API callers for each."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from flask_babel import force_locale

from portal.accounts import tokens
from portal.extensions import db
from portal.proposals import services
from tests.factories import make_call, make_organisation, make_user


@dataclass
class Consortium:
    call: object
    ru: object
    by: object
    kz: object
    manager: object
    ru_member: object
    by_member: object
    kz_member: object
    ru_contact: object
    by_contact: object
    kz_contact: object
    outsider: object

    def values(self, **changes) -> dict:
        values = {
            "call_id": self.call.id, "title": "Smolensk-Vitebsk medical devices",
            "acronym": "SMOVIT", "summary": "A joint line of sterile devices.",
            "work_plan": "Three work packages.",
            "technology_fields": ["pharmaceuticals_biotech_medical"], "duration_months": 24,
            "lead_organisation_id": self.ru.id,
            "partners": [
                {"organisation_id": self.ru.id, "cofinancing_rate": 0.3,
                 "budget": [{"category": "staff", "amount": 1000000, "currency": "RUB"}]},
                {"organisation_id": self.by.id, "cofinancing_rate": "0.3",
                 "budget": [{"category": "equipment", "amount": "500000", "currency": "RUB"}]},
            ],
            "indicators": [{"name": "Joint patents", "unit": "patents", "baseline": 0,
                            "target": 2}],
            "milestones": [{"title": "Prototype", "month": 12, "deliverable": "A device"}],
        }
        values.update(changes)
        return values


@pytest.fixture
def consortium(session) -> Consortium:
    call = make_call(currency="RUB", max_grant=Decimal("20000000"))
    ru = make_organisation("RU", "RU-SMO", name="Smolensk Medical", status="published")
    by = make_organisation("BY", "BY-VI", name="Vitebsk Sterile", status="published")
    kz = make_organisation("KZ", "KZ-10", name="Almaty Devices", status="published")
    return Consortium(
        call=call, ru=ru, by=by, kz=kz,
        manager=make_user(f"org_member:{ru.id}", "cluster_manager:1"),
        ru_member=make_user(f"org_member:{ru.id}"), by_member=make_user(f"org_admin:{by.id}"),
        kz_member=make_user(f"org_member:{kz.id}"),
        ru_contact=make_user("contact_point:RU", with_totp=True),
        by_contact=make_user("contact_point:BY", with_totp=True),
        kz_contact=make_user("contact_point:KZ"), outsider=make_user())


@pytest.fixture
def api(client, consortium):
    """``api(user).post(path, json=...)`` with the user's token; English messages."""
    tokens_by_user = {}

    class Caller:
        def __init__(self, user):
            if user.id not in tokens_by_user:
                _row, token = tokens.create_token(user, "test", user)
                db.session.commit()
                tokens_by_user[user.id] = token
            self.headers = {"Authorization": f"Bearer {tokens_by_user[user.id]}",
                            "Accept-Language": "en"}

        def get(self, path, **kwargs):
            return client.get(path, headers=self.headers, **kwargs)

        def post(self, path, **kwargs):
            return client.post(path, headers=self.headers, **kwargs)

        def patch(self, path, **kwargs):
            return client.patch(path, headers=self.headers, **kwargs)

    db.session.commit()
    return Caller


def confirm_and_endorse(consortium: Consortium, proposal) -> None:
    """Every partner of ``proposal`` confirms and is endorsed by its state's contact point, so
    that a complete proposal passes its eligibility preview."""
    members = {consortium.ru.id: (consortium.ru_member, consortium.ru_contact),
               consortium.by.id: (consortium.by_member, consortium.by_contact),
               consortium.kz.id: (consortium.kz_member, consortium.kz_contact)}
    with force_locale("en"):
        for partner in list(proposal.partners):
            member, contact = members[partner.organisation_id]
            services.confirm_partner(proposal.id, partner.organisation_id, member)
            services.endorse_partner(proposal.id, partner.organisation_id, contact)


def ready(consortium: Consortium):
    """A complete proposal of ``consortium``, confirmed and endorsed: it may be submitted."""
    with force_locale("en"):
        proposal = services.create_proposal(consortium.values(), consortium.manager)
    confirm_and_endorse(consortium, proposal)
    return proposal
