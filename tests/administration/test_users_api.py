"""The administration endpoints of API.md: finding users, granting and revoking roles with
their scopes, deactivating and reactivating, each written to the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.extensions import db
from tests.factories import make_organisation, make_user

ENDPOINTS = [
    ("get", "/api/v1/users?q=x", None),
    ("get", "/api/v1/users/{id}", None),
    ("post", "/api/v1/users/{id}/roles", {"role": "expert"}),
    ("delete", "/api/v1/users/{id}/roles/{role_id}", None),
    ("post", "/api/v1/users/{id}/deactivate", None),
    ("post", "/api/v1/users/{id}/reactivate", None),
]


def _entries(action: str, obj: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.object == obj)))


def _call(caller, method, path, body):
    return getattr(caller, method)(path, json=body) if body is not None else getattr(caller, method)(path)


@pytest.mark.parametrize("roles", [("secretariat",), ("contact_point:RU",), ("expert",), ()])
def test_only_an_administrator_may_use_the_administration_endpoints(api, session, roles):
    target = make_user("expert")
    caller = api(make_user(*roles))
    for method, path, body in ENDPOINTS:
        url = path.format(id=target.id, role_id=target.roles[0].id)
        assert _call(caller, method, url, body).status_code == 403, (method, path)
    assert target.is_active_account and len(target.roles) == 1


def test_without_a_token_the_administration_endpoints_answer_401(api, session):
    target = make_user("expert")
    for method, path, body in ENDPOINTS:
        url = path.format(id=target.id, role_id=target.roles[0].id)
        assert _call(api(None), method, url, body).status_code == 401, (method, path)


def test_users_are_found_by_name_or_address_with_their_roles(api, admin):
    wanted = make_user("contact_point:KZ", "expert", email="aigerim@example.kz")
    make_user(email="someone.else@example.org")
    response = api(admin).get("/api/v1/users?q=AIGERIM")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1 and body["page"] == 1
    [item] = body["items"]
    assert item == {"id": wanted.id, "email": "aigerim@example.kz", "name": wanted.name,
                    "active": True, "roles": [
                        {"id": wanted.roles[0].id, "role": "contact_point", "scope": "KZ"},
                        {"id": wanted.roles[1].id, "role": "expert", "scope": None}]}
    assert api(admin).get("/api/v1/users?q=" + "x" * 201).status_code == 422
    assert api(admin).get("/api/v1/users/999999").status_code == 404


def test_granting_a_role_answers_201_and_is_audited(api, admin):
    target = make_user()
    organisation = make_organisation(state="KZ", region="KZ-75", name="Almaty Pharm")
    caller = api(admin)
    response = caller.post(f"/api/v1/users/{target.id}/roles",
                           json={"role": "org_admin", "scope": organisation.id})
    assert response.status_code == 201
    body = response.get_json()
    assert body["role"] == "org_admin" and body["scope"] == str(organisation.id)
    assert isinstance(body["id"], int)
    [entry] = _entries("role.grant", f"user:{target.id}")
    assert entry.actor == f"user:{admin.id}" and entry.data == {"role": f"org_admin:{organisation.id}"}
    by_name = caller.post(f"/api/v1/users/{target.id}/roles",
                          json={"role": "org_member", "scope": "Almaty Pharm"})
    assert by_name.status_code == 201 and by_name.get_json()["scope"] == str(organisation.id)
    state = caller.post(f"/api/v1/users/{target.id}/roles", json={"role": "council_member",
                                                                  "scope": "kz"})
    assert state.status_code == 201 and state.get_json()["scope"] == "KZ"


@pytest.mark.parametrize(("body", "field"), [
    ({"role": "emperor"}, "role"),
    ({}, "role"),
    ({"role": "contact_point"}, "scope"),
    ({"role": "contact_point", "scope": "ZZ"}, "scope"),
    ({"role": "expert", "scope": "KZ"}, "scope"),
    ({"role": "org_member", "scope": 999999}, "scope"),
    ({"role": "org_member", "scope": 0}, "scope"),
    ({"role": "cluster_manager", "scope": "99999999999999"}, "scope"),
    ({"role": "cluster_manager", "scope": "No such cluster"}, "scope"),
    ({"role": "org_member", "scope": True}, "scope"),
    ({"role": "org_member", "scope": ["1"]}, "scope"),
])
def test_a_bad_role_or_scope_answers_422_on_its_field(api, admin, body, field):
    target = make_user()
    response = api(admin).post(f"/api/v1/users/{target.id}/roles", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    db.session.refresh(target)
    assert target.roles == []


def test_granting_a_role_held_already_answers_409(api, admin):
    target = make_user("contact_point:BY")
    response = api(admin).post(f"/api/v1/users/{target.id}/roles",
                               json={"role": "contact_point", "scope": "by"})
    assert response.status_code == 409
    assert api(admin).post(f"/api/v1/users/{target.id}/roles", json=[1]).status_code == 400


def test_revoking_a_role_answers_204_and_is_audited(api, admin):
    target = make_user("expert", "contact_point:AM")
    role_id = target.roles[1].id
    response = api(admin).delete(f"/api/v1/users/{target.id}/roles/{role_id}")
    assert response.status_code == 204
    db.session.refresh(target)
    assert [r.role for r in target.roles] == ["expert"]
    [entry] = _entries("role.revoke", f"user:{target.id}")
    assert entry.actor == f"user:{admin.id}" and entry.data == {"role": "contact_point:AM"}


def test_a_role_of_another_user_is_not_found(api, admin):
    one, other = make_user("expert"), make_user("expert")
    response = api(admin).delete(f"/api/v1/users/{one.id}/roles/{other.roles[0].id}")
    assert response.status_code == 404
    db.session.refresh(other)
    assert len(other.roles) == 1


def test_an_administrator_cannot_remove_their_own_last_admin_role(api, admin):
    caller = api(admin)
    own = admin.roles[0].id
    assert caller.delete(f"/api/v1/users/{admin.id}/roles/{own}").status_code == 409
    assert caller.post(f"/api/v1/users/{admin.id}/roles", json={"role": "expert"}).status_code == 201
    expert_role = next(r.id for r in admin.roles if r.role == "expert")
    assert caller.delete(f"/api/v1/users/{admin.id}/roles/{expert_role}").status_code == 204
    other_admin = make_user("admin")
    assert caller.delete(f"/api/v1/users/{other_admin.id}/roles/{other_admin.roles[0].id}"
                         ).status_code == 204


def test_an_administrator_cannot_deactivate_themselves(api, admin):
    assert api(admin).post(f"/api/v1/users/{admin.id}/deactivate").status_code == 409
    db.session.refresh(admin)
    assert admin.is_active_account


def test_a_deactivated_users_token_is_refused_at_once_and_works_again_after_reactivation(
        api, admin):
    target = make_user("expert")
    their_api = api(target)
    assert their_api.get("/api/v1/assignments").status_code == 200
    response = api(admin).post(f"/api/v1/users/{target.id}/deactivate")
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert their_api.get("/api/v1/assignments").status_code == 401
    assert len(_entries("user.deactivate", f"user:{target.id}")) == 1
    response = api(admin).post(f"/api/v1/users/{target.id}/reactivate")
    assert response.status_code == 200 and response.get_json()["active"] is True
    assert len(_entries("user.reactivate", f"user:{target.id}")) == 1
    assert their_api.get("/api/v1/assignments").status_code == 200
