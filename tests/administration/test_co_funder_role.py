"""The national co-funder's role (DESIGN 4.10), scoped to an organisation: granted on the
administration pages, in the API and on the command line, refused with a wrong scope."""

from __future__ import annotations

import pytest

from portal.accounts import services as accounts
from portal.extensions import db
from tests.factories import make_organisation, make_user
from tests.pages import signed_in


def test_the_api_grants_the_role_for_an_existing_organisation(api, admin):
    target = make_user()
    funder = make_organisation("BY", "BY-VI", name="Vitebsk Invest")
    response = api(admin).post(f"/api/v1/users/{target.id}/roles",
                               json={"role": "co_funder", "scope": funder.id})
    assert response.status_code == 201
    assert response.get_json()["role"] == "co_funder"
    assert response.get_json()["scope"] == str(funder.id)
    by_name = make_user()
    named = api(admin).post(f"/api/v1/users/{by_name.id}/roles",
                            json={"role": "co_funder", "scope": "Vitebsk Invest"})
    assert named.status_code == 201 and named.get_json()["scope"] == str(funder.id)


@pytest.mark.parametrize("scope", [999999, "999999", "No such agency", "RU", "", None, True,
                                   "9" * 30])
def test_the_api_refuses_the_role_with_a_wrong_scope(api, admin, scope):
    target = make_user()
    response = api(admin).post(f"/api/v1/users/{target.id}/roles",
                               json={"role": "co_funder", "scope": scope})
    assert response.status_code == 422
    assert "scope" in response.get_json()["error"]["fields"]
    db.session.refresh(target)
    assert target.roles == []


def test_the_administration_page_offers_and_grants_the_role(app, admin):
    target = make_user()
    funder = make_organisation("RU", "RU-KLU", name="Kaluga Integration")
    db.session.commit()
    browser = signed_in(app, admin)
    page = browser.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert '<option value="co_funder">National co-funder</option>' in page
    refused = browser.post(f"/admin/users/{target.id}/roles",
                           data={"role": "co_funder", "organisation": "999999"})
    assert refused.status_code == 422
    granted = browser.post(f"/admin/users/{target.id}/roles",
                           data={"role": "co_funder", "organisation": str(funder.id)})
    assert granted.status_code == 302
    db.session.refresh(target)
    assert [(r.role, r.scope) for r in target.roles] == [("co_funder", str(funder.id))]


def test_the_command_line_creates_a_co_funder_and_refuses_a_scope_that_is_no_id(runner):
    funder = make_organisation("RU", "RU-KLU")
    db.session.commit()
    created = runner.invoke(args=["users", "create", "--email", "funder@example.org",
                                  "--password", "long enough password", "--name", "Funder",
                                  "--role", f"co_funder:{funder.id}"])
    assert created.exit_code == 0, created.output
    user = accounts.user_by_email("funder@example.org")
    assert {str(spec) for spec in user.role_specs()} == {f"co_funder:{funder.id}"}
    for wrong in ("co_funder", "co_funder:RU"):
        refused = runner.invoke(args=["users", "create", "--email", "other@example.org",
                                      "--password", "long enough password", "--name", "Other",
                                      "--role", wrong])
        assert refused.exit_code != 0 and "co_funder" in refused.output
    missing = runner.invoke(args=["users", "create", "--email", "other@example.org",
                                  "--password", "long enough password", "--name", "Other",
                                  "--role", f"co_funder:{funder.id + 1000}"])
    assert missing.exit_code != 0 and str(funder.id + 1000) in missing.output
    assert accounts.user_by_email("other@example.org") is None
