"""Every route that is not public refuses an anonymous caller and a caller without the role.

The test walks the URL map, so a new route is covered the day it is added. A route is public
only if it is listed in ``PUBLIC_ENDPOINTS``; a route any signed-in user may use is listed in
``SIGNED_IN_ONLY``; every other route must require a role. Whoever adds a public or signed-in-only
route must list it here, and the failure message says so.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from portal.accounts import tokens
from portal.extensions import db
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD, make_user

#: Endpoints anyone may call without signing in.
PUBLIC_ENDPOINTS = frozenset({
    "static",
    "dashboard.home",
    "accounts.sign_in",
    "accounts.second_factor",  # the second step of signing in: back to sign-in without the first
    "accounts.setup_two_factor",  # likewise
    "accounts.switch_language",
    "accounts.register",
    "accounts.confirm_email",  # the link in the confirmation e-mail
    "accounts.forgot_password",
    "accounts.reset_password",  # the link in the password-reset e-mail
    "accounts.accept_invitation",  # the link in the invitation: creates the account or asks to sign in
    "health.healthz",
    "health.readyz",
    "api_docs.docs_page",
    "api_docs.docs_tag_page",  # one part of the documentation; an unknown tag answers 404
    "api.openapi_json",
    "api.audit_head",  # the head of the audit chain, for any member state to record
    "api.list_states",
    "api.list_regions",
    "api.classify",
    "api.list_nace",
    "api.list_technology_fields",
    "registry.organisation",  # published profiles are public; others answer 404
    "registry.cluster",  # likewise
    "registry.clusters",  # the list of published clusters
    "api.get_organisation",  # published: anyone, as its page; others 404 unless the caller may see it
    "api.get_cluster",  # likewise
    "api.search_organisations",  # published profiles only
    "api.search_everything",  # published profiles only
    "search.search_page",
    "calls.calls",
    "calls.call",
    "api.list_calls",
    "api.get_call",
    "council.register",  # the public register of decisions
    "council.decision",
    "api.list_decisions",
    "api.get_decision",
    "statistics.statistics",  # API.md "Funded projects": the statistics are public
    "api.get_statistics",
    "projects.projects",  # API.md "Funded projects": funded projects are public
    "projects.project",
    "projects.feed",
    "api.list_projects",
    "api.get_project",
    "open_data.index",  # API.md "Funded projects": open data needs no token
    "open_data.csv_export",
    "open_data.json_export",
})

#: Endpoints for every signed-in user (API: every valid token), whatever their roles.
SIGNED_IN_ONLY = frozenset({
    "dashboard.dashboard",
    "accounts.profile",
    "accounts.save_language",
    "accounts.save_timezone",
    "api.my_settings",
    "api.change_my_settings",
    "accounts.create_token",
    "accounts.revoke_token",
    "accounts.sign_out",
    "api.create_organisation",  # any signed-in user registers an organisation and runs it
    "registry.new_organisation",  # the page of the same
    "api.my_tasks",  # API.md "What waits for me": every signed-in caller has a list, maybe empty
    "api.list_exchange_rates",  # API.md "Money": any signed-in caller reads the rates
    "partnering.ads",
    "partnering.ad",
    "partnering.follow_ad",
    "partnering.unfollow_ad",
    "api.list_ads",
    "api.get_ad",
    "api.ad_matches",  # whoever may see the ad; an anonymous ad's organisation stays hidden
    "api.follow_ad",
    "search.save_search",
    "search.saved_searches",
    "search.delete_saved_search",  # the owner only: 403 for anyone else
    "api.list_saved_searches",  # the caller's own
    "api.create_saved_search",
    "api.delete_saved_search",  # the owner only: 404 for anyone else
    "api.my_match_digests",  # the caller's organisations
    "api.set_my_match_digest",  # the caller's organisations only: 403 for another
    "api.cluster_matches",  # a published cluster's: anyone signed in; others 404 (403 if invited)
    "matching.cluster_matches",  # the page of the same
    "pick.organisations",  # the pickers' names: what the user may see (registry.queries.lookup_query)
    "pick.clusters",
})

IGNORED_METHODS = {"HEAD", "OPTIONS"}
DUMMY_VALUE = 1


def requests_to_probe(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, path) for every method of every rule, with dummy URL values."""
    probes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        _domain, path = rule.build({name: DUMMY_VALUE for name in rule.arguments})
        for method in sorted(rule.methods - IGNORED_METHODS):
            probes.append((rule.endpoint, method, path))
    return probes


def is_api(path: str) -> bool:
    return path.startswith("/api/v1/")


def answers_json(path: str) -> bool:
    """The API, and the JSON the pages' scripts ask for: 401 to a caller not signed in."""
    return is_api(path) or path.startswith("/pick/")


def sign_in_redirect_problem(response, path: str) -> str | None:
    if response.status_code != 302:
        return f"answered {response.status_code}, expected a 302 redirect to the sign-in page"
    location = urlsplit(response.location)
    if location.path != "/sign-in" or parse_qs(location.query).get("next") != [path]:
        return f"redirected to {response.location}, expected /sign-in?next={path}"
    return None


def unauthorized_problem(response) -> str | None:
    body = response.get_json(silent=True) or {}
    code = body.get("error", {}).get("code") if isinstance(body, dict) else None
    if response.status_code != 401 or code != "unauthorized":
        return (f"answered {response.status_code} (error code {code!r}), "
                "expected 401 with the unauthorized envelope")
    return None


def report(problems: list[str], advice: str) -> str:
    return "\n".join(problems) + "\n\n" + advice


def test_allow_lists_name_existing_endpoints(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    stale = (PUBLIC_ENDPOINTS | SIGNED_IN_ONLY) - endpoints
    assert not stale, f"listed but no longer in the URL map (remove them): {sorted(stale)}"
    assert not PUBLIC_ENDPOINTS & SIGNED_IN_ONLY


def test_every_route_that_is_not_public_refuses_an_anonymous_caller(app, client):
    problems = []
    for endpoint, method, path in requests_to_probe(app):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(path, method=method)
        problem = (unauthorized_problem(response) if answers_json(path)
                   else sign_in_redirect_problem(response, path))
        if problem:
            problems.append(f"{endpoint} ({method} {path}) {problem}")
    assert not problems, report(problems, (
        "A route that is not in PUBLIC_ENDPOINTS must refuse a caller who is not signed in "
        "(pages: @login_required or page_requires; API: token_required). If the route is meant "
        "to be public, add its endpoint to PUBLIC_ENDPOINTS in tests/core/test_route_protection.py."))


@pytest.fixture
def roleless(session):
    user = make_user(email="no-role@example.org")
    _row, token = tokens.create_token(user, "probe", user)
    db.session.commit()
    return user, token


def signed_in_client(app, email: str):
    """A fresh client signed in through the sign-in page (each probe may sign out)."""
    app.test_client_class = IsolatedClient
    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302 and urlsplit(response.location).path == "/dashboard", (
        f"could not sign in {email}: {response.status_code}")
    return client


def test_every_route_that_needs_a_role_refuses_a_user_without_roles(app, roleless):
    user, token = roleless
    problems = []
    for endpoint, method, path in requests_to_probe(app):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        if is_api(path):
            client = app.test_client()
            response = client.open(path, method=method, headers={"Authorization": f"Bearer {token}"})
        else:
            response = signed_in_client(app, user.email).open(path, method=method)
        status = response.status_code
        refused_sign_in = status == 302 and urlsplit(response.location).path == "/sign-in"
        if endpoint in SIGNED_IN_ONLY:
            if status >= 500:
                problems.append(f"{endpoint} ({method} {path}) failed with {status}")
            elif status in (401, 403) or refused_sign_in:
                problems.append(f"{endpoint} ({method} {path}) refused a signed-in user with {status}, "
                                "but it is listed as SIGNED_IN_ONLY")
        elif status != 403:
            problems.append(f"{endpoint} ({method} {path}) answered {status} to a signed-in user "
                            "without any role, expected 403")
    assert not problems, report(problems, (
        "Every route that is neither public nor listed in SIGNED_IN_ONLY must require a role "
        "(page_requires(can_…) before loading anything, or a 403 from the API handler). A page "
        "for every signed-in user goes in SIGNED_IN_ONLY in tests/core/test_route_protection.py."))
