"""Administration tests: callers with tokens, in English."""

from __future__ import annotations

import pytest

from portal.accounts import tokens
from portal.extensions import db
from tests.factories import make_user


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


class Caller:
    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path, **kwargs):
        return self.client.post(path, headers=self.headers, **kwargs)

    def delete(self, path, **kwargs):
        return self.client.delete(path, headers=self.headers, **kwargs)


@pytest.fixture
def api(client):
    """``api(user)``: a caller with a new token of ``user``; ``api(None)`` has no token."""
    def caller(user):
        if user is None:
            return Caller(client, None)
        _row, token = tokens.create_token(user, "test", user)
        db.session.commit()
        return Caller(client, token)
    return caller


@pytest.fixture
def admin(session):
    return make_user("admin", with_totp=True)
