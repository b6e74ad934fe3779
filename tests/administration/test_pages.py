"""The administration and audit pages: the same rules as the API, through the forms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from portal.core import audit
from portal.core.audit import AuditEntry
from portal.extensions import db
from tests.factories import make_organisation, make_user
from tests.pages import signed_in


def _csrf(html: str) -> str:
    """The page's CSRF token, where the test configuration asks for one."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    return found.group(1) if found else ""


@pytest.fixture
def admin_client(app, admin):
    db.session.commit()
    return signed_in(app, admin)


def test_an_administrator_finds_a_user_and_grants_a_role_by_organisation_name(app, admin_client):
    target = make_user(email="timur@example.kz")
    organisation = make_organisation(state="KZ", region="KZ-75", name="Qazaq Bio")
    db.session.commit()
    listing = admin_client.get("/admin/users?q=timur")
    assert listing.status_code == 200
    assert f"/admin/users/{target.id}" in listing.get_data(as_text=True)
    page = admin_client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    found = admin_client.post(f"/admin/users/{target.id}/roles", data={
        "csrf_token": _csrf(page), "role": "org_member", "organisation-q": "qazaq",
        "pick": "organisation"})
    assert found.status_code == 200 and not target.roles
    assert (f'name="organisation" id="organisation-{organisation.id}" value="{organisation.id}"'
            in found.get_data(as_text=True))
    response = admin_client.post(f"/admin/users/{target.id}/roles", data={
        "csrf_token": _csrf(page), "role": "org_member", "organisation": str(organisation.id)})
    assert response.status_code == 302
    db.session.refresh(target)
    assert [(r.role, r.scope) for r in target.roles] == [("org_member", str(organisation.id))]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "role.grant",
                                                      AuditEntry.object == f"user:{target.id}"))


def test_a_bad_scope_on_the_page_is_shown_under_the_field(app, admin_client):
    target = make_user()
    db.session.commit()
    page = admin_client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    response = admin_client.post(f"/admin/users/{target.id}/roles", data={
        "csrf_token": _csrf(page), "role": "contact_point", "state": "ZZ"})
    assert response.status_code == 422
    assert "ZZ is not a member state" in response.get_data(as_text=True)


def test_deactivating_on_the_page_ends_the_users_session_at_once(app, admin_client):
    target = make_user("expert", email="gone@example.com")
    db.session.commit()
    their_client = signed_in(app, target)
    assert their_client.get("/profile").status_code == 200
    page = admin_client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    response = admin_client.post(f"/admin/users/{target.id}/deactivate",
                                 data={"csrf_token": _csrf(page)})
    assert response.status_code == 302
    refused = their_client.get("/profile")
    assert refused.status_code == 302 and "/sign-in" in refused.headers["Location"]
    db.session.expire_all()
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deactivate",
                                                      AuditEntry.object == f"user:{target.id}"))


def test_an_administrator_cannot_revoke_their_own_last_admin_role_on_the_page(app, admin,
                                                                           admin_client):
    page = admin_client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert "Revoke the role" not in page and "You cannot deactivate your own account" in page
    admin_client.post(f"/admin/users/{admin.id}/roles/{admin.roles[0].id}/revoke",
                      data={"csrf_token": _csrf(page)})
    db.session.expire_all()
    assert [r.role for r in db.session.get(type(admin), admin.id).roles] == ["admin"]


@pytest.mark.parametrize("roles", [("secretariat",), ("contact_point:RU",), ("expert",)])
def test_others_may_not_open_the_user_pages(app, session, roles):
    user = make_user(*roles, with_totp="secretariat" in roles)
    db.session.commit()
    client = signed_in(app, user)
    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/users/{user.id}").status_code == 403


def test_the_secretariat_reads_the_audit_page_with_filters(app, session):
    secretariat = make_user("secretariat", with_totp=True)
    db.session.commit()
    client = signed_in(app, secretariat)
    response = client.get(f"/admin/audit?object=user:{secretariat.id}&action=user.create")
    assert response.status_code == 200
    assert "user.create" in response.get_data(as_text=True)
    assert client.get("/admin/audit?since=not-a-day").status_code == 422


def test_the_audit_page_names_the_actors_and_shows_cyrillic_details_as_written(app, session):
    secretariat = make_user("secretariat", with_totp=True)
    secretariat.name = "Анна Секретарёва"
    audit.record("proposal.return", secretariat, "proposal:1", note="Уточните бюджет")
    db.session.commit()
    page = signed_in(app, secretariat).get("/admin/audit?action=proposal.return").get_data(
        as_text=True)
    assert f"Анна Секретарёва <span class=\"muted\">(user:{secretariat.id})</span>" in page
    assert "note: Уточните бюджет" in page and "\\u" not in page


@pytest.mark.parametrize("roles", [("contact_point:RU",), ("expert",)])
def test_others_may_not_open_the_audit_page(app, session, roles):
    user = make_user(*roles)
    db.session.commit()
    assert signed_in(app, user).get("/admin/audit").status_code == 403


class _Statements:
    """Counts the SQL statements run while it is active."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *_args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def _users_page_statements(client, engine) -> int:
    with _Statements(engine) as counted:
        assert client.get("/admin/users?q=scoped").status_code == 200
    return counted.count


def test_the_users_page_runs_as_many_statements_for_many_users_as_for_few(app, admin_client):
    def add_users(n):
        for _ in range(n):
            organisation = make_organisation()
            make_user(f"org_member:{organisation.id}", "contact_point:KZ",
                      email=f"scoped{organisation.id}@example.org")
        db.session.commit()

    engine = db.engine
    add_users(2)
    few = _users_page_statements(admin_client, engine)
    add_users(12)
    many = _users_page_statements(admin_client, engine)
    assert many == few


def test_times_on_the_user_and_audit_pages_are_in_the_readers_zone_with_the_zone_named(
        app, admin_client):
    target = make_user("expert")
    db.session.commit()
    named = re.compile(r"\d{1,2}, \d{4}, \d{2}:\d{2} \(UTC\+03:00 Moscow\)")
    page = admin_client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    granted = page[page.find("<h2>Roles</h2>"):page.find('id="grant"')]
    assert named.search(granted), granted
    audit = admin_client.get("/admin/audit").get_data(as_text=True)
    assert named.search(audit[audit.find("The latest entry"):][:300])
    assert named.search(audit[audit.find("<tbody>"):][:2000])


def test_a_user_is_found_by_a_lower_case_part_of_a_cyrillic_name(app, admin_client):
    target = make_user(email="t.akhmetov@example.kz")
    target.name = "Тимур Ахметов"
    db.session.commit()
    listing = admin_client.get("/admin/users", query_string={"q": "ахметов"})
    assert f"/admin/users/{target.id}" in listing.get_data(as_text=True)
