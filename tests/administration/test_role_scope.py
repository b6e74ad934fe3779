"""The scope of a role granted on the administration page, without a script: a member state
from a list, an organisation or a cluster found by name; the control that matches the role is
the one read, and a missing or wrong scope is told in the error summary and under the control."""

from __future__ import annotations

import html
import re

import pytest

from portal.extensions import db
from portal.registry.models import Cluster
from tests.factories import make_organisation, make_user
from tests.pages import signed_in


@pytest.fixture
def profiles(session):
    organisation = make_organisation(name="ООО «Протвафарм»", language="ru", status="published")
    cluster = Cluster(name="Смоленский фармацевтический кластер", state_code="RU",
                      region_code="RU-SMO", language="ru", status="published",
                      management_organisation_id=organisation.id)
    db.session.add(cluster)
    db.session.commit()
    return {"organisation": organisation, "cluster": cluster}


@pytest.fixture
def grant(app, admin):
    """Post the grant form of a new user's page; returns the user and the function."""
    target = make_user()
    db.session.commit()
    client = signed_in(app, admin)

    def post(**data):
        return client.post(f"/admin/users/{target.id}/roles", data=data)
    return target, client, post


def _roles(user) -> list[tuple[str, str | None]]:
    db.session.refresh(user)
    return [(r.role, r.scope) for r in user.roles]


def _summary(page: str) -> list[tuple[str, str]]:
    """The links of the error summary: (target, text)."""
    box = re.search(r'<div class="error-summary".*?</div>', page, re.DOTALL)
    assert box, "no error summary"
    return [(target, html.unescape(text)) for target, text
            in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box.group(0))]


def test_without_a_script_each_scope_control_names_the_roles_it_serves(grant):
    target, client, _post = grant
    page = client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert "For the roles: National contact point, Council member, Council alternate." in page
    assert ("For the roles: Organisation administrator, Organisation member, National co-funder."
            in page)
    assert "For the roles: Cluster manager." in page
    assert 'name="state"' in page and 'name="organisation-q"' in page and 'name="cluster-q"' in page


def test_a_state_role_takes_the_member_state_chosen_from_the_list(grant):
    target, _client, post = grant
    assert post(role="council_member", state="KZ", **{"organisation-q": "left over"}).status_code \
        == 302
    assert _roles(target) == [("council_member", "KZ")]


@pytest.mark.parametrize("role, field, typed", [
    ("org_admin", "organisation", "протвафарм"),
    ("cluster_manager", "cluster", "смоленский"),
])
def test_an_organisation_or_cluster_role_takes_the_profile_found_by_its_name(
        grant, profiles, role, field, typed):
    target, _client, post = grant
    wanted = profiles[field]
    found = post(role=role, pick=field, **{f"{field}-q": typed})
    assert found.status_code == 200 and _roles(target) == []
    page = found.get_data(as_text=True)
    assert f'name="{field}" id="{field}-{wanted.id}" value="{wanted.id}"' in page
    assert f'<option selected value="{role}">' in page  # the role chosen is kept
    assert post(role=role, **{field: str(wanted.id)}).status_code == 302
    assert _roles(target) == [(role, str(wanted.id))]


def test_a_role_without_a_scope_ignores_what_the_scope_controls_hold(grant, profiles):
    target, _client, post = grant
    assert post(role="expert", state="RU", organisation=str(profiles["organisation"].id)) \
        .status_code == 302
    assert _roles(target) == [("expert", None)]


@pytest.mark.parametrize("role, data, focus, message", [
    ("contact_point", {"organisation": "1"}, "state", "Member state — Choose a member state."),
    ("org_member", {"state": "RU"}, "organisation-q",
     "Organisation — Choose an organisation."),
    ("cluster_manager", {"organisation": "1"}, "cluster-q", "Cluster — Choose a cluster."),
    ("contact_point", {"state": "ZZ"}, "state", "Member state — ZZ is not a member state of the Union."),
    ("co_funder", {"organisation": "999999"}, "organisation-q",
     "Organisation — There is no organisation with the number 999999."),
    ("cluster_manager", {"cluster": "not a number"}, "cluster-q", "Cluster — Choose a cluster."),
])
def test_a_missing_or_wrong_scope_is_told_in_the_summary_and_under_its_control(
        grant, role, data, focus, message):
    target, _client, post = grant
    response = post(role=role, **data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _summary(page) == [(focus, message)]
    assert f'id="{focus}"' in page  # the link lands on the control
    assert 'class="error-text"' in page
    assert _roles(target) == []


def test_an_unknown_role_is_told_in_the_summary(grant):
    _target, _client, post = grant
    response = post(role="emperor", state="RU")
    assert response.status_code == 422
    assert [target for target, _text in _summary(response.get_data(as_text=True))] == ["role"]

