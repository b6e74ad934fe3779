"""Loads the demo data; running it again changes nothing."""

from __future__ import annotations

from portal.accounts import services as accounts
from portal.accounts.roles import RoleSpec
from portal.extensions import db

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105  (published in the README for newcomers)
DEMO_ACTOR = "demo"
STATES = ("AM", "BY", "KZ", "KG", "RU")

#: (e-mail, name, language, roles) of the demo users that need no demo organisation.
PEOPLE = [
    ("admin@demo.portal", "Администратор платформы", "ru", ["admin"]),
    ("secretariat@demo.portal", "Секретариат Совета", "ru", ["secretariat"]),
    ("expert1@demo.portal", "Dr. Anna Petrosyan (expert)", "en", ["expert"]),
    ("expert2@demo.portal", "Д-р Ерлан Сейткали (эксперт)", "ru", ["expert"]),
    *[(f"contact.{s.lower()}@demo.portal", f"National contact point {s}", "ru",
       [f"contact_point:{s}"]) for s in STATES],
    *[(f"council.{s.lower()}@demo.portal", f"Council member {s}", "ru",
       [f"council_member:{s}"]) for s in STATES],
    *[(f"alternate.{s.lower()}@demo.portal", f"Council alternate {s}", "ru",
       [f"council_alternate:{s}"]) for s in STATES],
]


def _ensure_user(email: str, name: str, language: str, roles: list[str]) -> bool:
    user = accounts.user_by_email(email)
    created = user is None
    if created:
        user = accounts.create_user(email, name, DEMO_PASSWORD, DEMO_ACTOR, language=language)
    for role in roles:
        accounts.grant_role(user, RoleSpec.parse(role), DEMO_ACTOR)
    return created


def load_demo() -> dict[str, int]:
    created = sum(_ensure_user(*person) for person in PEOPLE)
    db.session.commit()
    return {"users created": created}


def demo_logins() -> list[tuple[str, str]]:
    return [(", ".join(roles), email) for email, _name, _language, roles in PEOPLE]
