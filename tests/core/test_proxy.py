"""Behind a reverse proxy: with ``PORTAL_TRUSTED_PROXIES`` set, the client's address (what the
sign-in limit counts) and scheme (HSTS) come from the proxy's X-Forwarded-* headers; with the
default 0 a client cannot set them."""

from __future__ import annotations

import pytest
from flask import url_for

from portal import create_app
from portal.config import ConfigurationError, load
from portal.extensions import limiter
from tests.conftest import app_settings

HSTS = "Strict-Transport-Security"


@pytest.fixture
def app_behind(tmp_path, database_url, session):
    """``app_behind(n)``: an app that trusts ``n`` proxies, with rate limits on. The limiter
    keeps its state on the extension object, shared by every app: restore it afterwards."""
    was_enabled = limiter.enabled

    def make(hops: int):
        app = create_app(app_settings(tmp_path, database_url, RATELIMIT_ENABLED=True,
                                      PORTAL_TRUSTED_PROXIES=hops))
        limiter.reset()
        return app.test_client()

    yield make
    limiter.reset()
    limiter.enabled = was_enabled


def _sign_in_from(client, address: str) -> int:
    return client.post("/sign-in", data={"email": "a@example.org", "password": "x"},
                       headers={"X-Forwarded-For": address}).status_code


def test_behind_one_trusted_proxy_two_clients_have_separate_sign_in_limits(app_behind):
    client = app_behind(1)
    assert [_sign_in_from(client, "203.0.113.7") for _attempt in range(11)][-1] == 429
    assert _sign_in_from(client, "198.51.100.9") == 401


def test_with_no_trusted_proxy_a_client_cannot_choose_the_address_the_limit_counts(app_behind):
    client = app_behind(0)
    assert [_sign_in_from(client, "203.0.113.7") for _attempt in range(11)][-1] == 429
    assert _sign_in_from(client, "198.51.100.9") == 429


def test_behind_a_trusted_proxy_that_terminates_tls_hsts_is_sent(app_behind):
    response = app_behind(1).get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response.headers[HSTS].startswith("max-age=")


def test_with_no_trusted_proxy_a_forwarded_scheme_is_ignored(app_behind):
    response = app_behind(0).get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200 and HSTS not in response.headers


@pytest.mark.parametrize(("hops", "expected"), [
    (1, "https://portal.example.org/sign-in"), (0, "http://localhost/sign-in")])
def test_external_links_name_the_host_and_scheme_of_a_trusted_proxy_only(app_behind, hops,
                                                                          expected):
    client = app_behind(hops)
    client.application.add_url_rule("/test-link", "test_link",
                                    lambda: url_for("accounts.sign_in", _external=True))
    response = client.get("/test-link", headers={"X-Forwarded-Proto": "https",
                                                 "X-Forwarded-Host": "portal.example.org"})
    assert response.get_data(as_text=True) == expected


@pytest.mark.parametrize("value", ["-1", "one", "11"])
def test_a_number_of_proxies_that_is_not_a_small_whole_number_is_refused(monkeypatch, tmp_path,
                                                                         value):
    monkeypatch.setenv("PORTAL_TRUSTED_PROXIES", value)
    with pytest.raises(ConfigurationError, match="PORTAL_TRUSTED_PROXIES"):
        load({"PORTAL_DATA_DIR": str(tmp_path)})
