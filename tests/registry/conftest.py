"""Registry tests: profiles made through the services, users with roles on them, and tokens."""

from __future__ import annotations

import pytest

from portal.accounts import tokens
from portal.extensions import db
from portal.registry import services
from tests import factories


@pytest.fixture
def in_request(app, session):
    """Services raise messages in the request's language: English here."""
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


def new_organisation(**overrides):
    values = {"name": "Test Pharma LLP", "kind": "enterprise", "state": "KZ", "region": "KZ-35",
              "language": "en", "nace_codes": ["21.20"], "offers": ["Tablet contract manufacturing"],
              "technology_fields": ["pharmaceuticals_biotech_medical"], "actor": "test"}
    values.update(overrides)
    return services.create_organisation(**values)


def new_cluster(management, **overrides):
    values = {"name": "Test cluster", "state": management.state_code,
              "region": management.region_code, "language": "ru",
              "management_organisation_id": management.id, "actor": "test"}
    values.update(overrides)
    return services.create_cluster(**values)


def token_for(user) -> str:
    _row, token = tokens.create_token(user, "test", user)
    return token


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {token_for(user)}"}


@pytest.fixture
def people(session):
    """Committed: a pending KZ organisation with an English-speaking admin and a
    Russian-speaking member, and the users who may or may not act on it."""
    organisation = new_organisation(name="Karaganda Tablets LLP")
    others = new_organisation(name="Another Firm", state="RU", region="RU-KLU")
    def make_user(*roles, **fields):  # no password: hashing one is slow, and nobody signs in
        return factories.make_user(*roles, password=None, **fields)

    cast = {
        "organisation": organisation,
        "other_organisation": others,
        "admin_en": make_user(f"org_admin:{organisation.id}", f"org_member:{organisation.id}",
                              language="en"),
        "member_ru": make_user(f"org_member:{organisation.id}", language="ru"),
        "outsider": make_user(f"org_member:{others.id}"),
        "contact_kz": make_user("contact_point:KZ"),
        "contact_ru": make_user("contact_point:RU"),
        "secretariat": make_user("secretariat"),
        "admin": make_user("admin"),
        "nobody": make_user(),
    }
    db.session.commit()
    return cast
