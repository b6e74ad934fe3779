"""Small factory functions for test data; they flush, never commit."""

from __future__ import annotations

import itertools

from portal.accounts import services as accounts
from portal.accounts import two_factor
from portal.accounts.roles import RoleSpec
from portal.extensions import db
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
