"""Security headers, CSRF refusal in the user's language, session cookie flags, and pages that
load nothing from another origin."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal import create_app
from portal.accounts.models import User
from portal.extensions import db
from tests.conftest import IsolatedClient, app_settings
from tests.factories import PASSWORD, make_user

CSRF_MESSAGE = "The form has expired. Please reload the page and try again."
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def get_paths(app) -> list[tuple[str, str]]:
    """(endpoint, path) of every rule that answers GET, with dummy URL values."""
    paths = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" in rule.methods:
            paths.append((rule.endpoint, rule.build({name: 1 for name in rule.arguments})[1]))
    return paths


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


def header_problems(response, label: str) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        problems.append(f"{label}: no Content-Security-Policy")
    else:
        directives = csp_directives(csp)
        script_src = directives.get("script-src", directives.get("default-src"))
        if not script_src:
            problems.append(f"{label}: the CSP sets neither script-src nor default-src")
        elif {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(script_src):
            problems.append(f"{label}: script-src allows {script_src}")
        if directives.get("frame-ancestors") != ["'none'"]:
            problems.append(f"{label}: frame-ancestors is not 'none'")
    for name, value in SECURITY_HEADERS.items():
        if response.headers.get(name) != value:
            problems.append(f"{label}: {name} is {response.headers.get(name)!r}, expected {value!r}")
    return problems


def sign_in(client, email: str) -> None:
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"could not sign in {email}"


@pytest.fixture
def user(session):
    """A Russian-speaking user with no role."""
    person = make_user(email="reader@example.org", language="ru")
    db.session.commit()
    return person


def fetch(client, path: str):
    """GET ``path``, reading the whole body (and closing a static file's handle)."""
    with client.get(path) as response:
        response.get_data()
        return response


def test_every_response_carries_the_security_headers(app, client, user):
    problems = []
    for endpoint, path in get_paths(app):
        problems += header_problems(fetch(client, path), f"anonymous GET {path} ({endpoint})")
    sign_in(client, user.email)
    for endpoint, path in get_paths(app):
        problems += header_problems(fetch(client, path), f"signed-in GET {path} ({endpoint})")
    problems += header_problems(client.get("/no-such-page"), "GET /no-such-page")
    assert not problems, "\n".join(problems)


# --- CSRF, with an app that checks it (the default test app does not) ---


@pytest.fixture
def csrf_app(database_url, tmp_path, session):
    application = create_app(app_settings(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    application.test_client_class = IsolatedClient
    return application


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def russian(app, message: str) -> str:
    with app.test_request_context(), force_locale("ru"):
        translated = _(message)
    if translated == message:
        pytest.fail(f"the Russian translation of {message!r} is missing "
                    "(portal/translations/ru/LC_MESSAGES/messages.po)")
    return translated


def test_post_without_csrf_token_is_refused_with_an_english_error_page(csrf_app):
    response = csrf_app.test_client().post(
        "/sign-in", data={"email": "reader@example.org", "password": PASSWORD},
        headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert '<html lang="en">' in response.text
    assert CSRF_MESSAGE in response.text


def test_post_without_csrf_token_is_refused_in_russian_for_a_russian_browser(csrf_app):
    response = csrf_app.test_client().post(
        "/sign-in", data={"email": "reader@example.org", "password": PASSWORD},
        headers={"Accept-Language": "ru"})
    assert response.status_code == 400
    assert '<html lang="ru">' in response.text
    assert russian(csrf_app, CSRF_MESSAGE) in response.text


def test_post_without_csrf_token_is_refused_in_the_signed_in_users_language(csrf_app, user):
    client = csrf_app.test_client()
    english = {"Accept-Language": "en"}
    token = csrf_token(client.get("/sign-in", headers=english).text)
    signed_in = client.post("/sign-in", headers=english,
                            data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302

    response = client.post("/profile/language", data={"language": "en"}, headers=english)
    assert response.status_code == 400
    assert '<html lang="ru">' in response.text
    assert russian(csrf_app, CSRF_MESSAGE) in response.text
    assert db.session.scalar(select(User.language).where(User.id == user.id)) == "ru"


def test_post_with_the_csrf_token_is_accepted(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token(client.get("/").text)
    response = client.post("/language", data={"csrf_token": token, "language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").text


def session_cookie(response, name: str) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert cookies, f"no {name} cookie set"
    return cookies[-1]


def test_session_cookie_is_http_only_and_same_site_lax(csrf_app, user):
    client = csrf_app.test_client()
    name = csrf_app.config["SESSION_COOKIE_NAME"]
    page = client.get("/sign-in")
    signed_in = client.post("/sign-in", data={"csrf_token": csrf_token(page.text), "email": user.email,
                                              "password": PASSWORD})
    assert signed_in.status_code == 302
    for response in (page, signed_in):
        attributes = [part.strip().lower() for part in session_cookie(response, name).split(";")]
        assert "httponly" in attributes
        assert "samesite=lax" in attributes


# --- No asset from another origin ---


class AssetCollector(HTMLParser):
    """Every address a page loads by itself: src, href (but a link's), srcset, data, action."""

    ATTRIBUTES = {"src", "href", "srcset", "data", "action", "formaction", "poster", "background"}

    def __init__(self):
        super().__init__()
        self.addresses: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value or name not in self.ATTRIBUTES or (tag == "a" and name == "href"):
                continue
            candidates = [value]
            if name == "srcset":
                candidates = [c.strip().split()[0] for c in value.split(",") if c.strip()]
            self.addresses += [(f"<{tag} {name}>", candidate) for candidate in candidates]
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.addresses.append(("<meta refresh>", dict(attrs).get("content", "")))


def foreign(address: str, own_host: str) -> bool:
    address = address.strip()
    if "url=" in address.lower():
        address = address.lower().split("url=", 1)[1]
    if not re.match(r"^(https?:)?//", address, re.IGNORECASE):
        return False
    return urlsplit(address).hostname != own_host


def html_pages(app, client) -> list[tuple[str, object]]:
    pages = []
    for _endpoint, path in get_paths(app):
        response = fetch(client, path)
        if response.status_code == 200 and response.mimetype == "text/html":
            pages.append((path, response))
    pages.append(("/no-such-page", client.get("/no-such-page")))
    return pages


def foreign_assets(pages) -> list[str]:
    problems = []
    for path, response in pages:
        collector = AssetCollector()
        collector.feed(response.text)
        problems += [f"{path}: {where} {address}" for where, address in collector.addresses
                     if foreign(address, "localhost")]
    return problems


def test_public_pages_load_no_asset_from_another_origin(app, client):
    pages = html_pages(app, client)
    assert {"/", "/sign-in", "/api/docs"} <= {path for path, _response in pages}
    problems = foreign_assets(pages)
    assert not problems, "assets from another origin:\n" + "\n".join(problems)


def test_signed_in_pages_load_no_asset_from_another_origin(app, client, user):
    sign_in(client, user.email)
    pages = html_pages(app, client)
    assert {"/dashboard", "/profile"} <= {path for path, _response in pages}
    problems = foreign_assets(pages)
    assert not problems, "assets from another origin:\n" + "\n".join(problems)


def test_stylesheet_imports_nothing_from_another_origin(client):
    stylesheet = fetch(client, "/static/css/portal.css").text
    references = re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])([^'\")\s]+)", stylesheet)
    assert not [r for r in references if foreign(r, "localhost")]
