"""Signing in a test client through the pages, with the second factor where the user has one."""

from __future__ import annotations

from portal.accounts import two_factor
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD


def signed_in(app, user, language: str = "en"):
    """A client of its own (each request in its own context), signed in as ``user``."""
    app.test_client_class = IsolatedClient
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    if response.headers.get("Location", "").endswith("/sign-in/code"):
        response = client.post("/sign-in/code",
                               data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
