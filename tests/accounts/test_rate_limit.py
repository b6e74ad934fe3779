"""Sign-in is throttled per address: the eleventh attempt in a minute is refused."""

import pytest

from portal import create_app
from portal.extensions import limiter
from tests.conftest import app_settings


@pytest.fixture
def limited_client(tmp_path, database_url, session):
    """An app with rate limits on; its requests use the test's rolled-back session. The limiter
    keeps its state on the extension object, shared by every app: restore it afterwards."""
    was_enabled = limiter.enabled
    app = create_app(app_settings(tmp_path, database_url, RATELIMIT_ENABLED=True))
    yield app.test_client()
    limiter.reset()
    limiter.enabled = was_enabled


def test_the_eleventh_sign_in_attempt_in_a_minute_gets_429_in_the_readers_language(limited_client):
    statuses = [limited_client.post("/sign-in", data={"email": "a@example.org", "password": "x"},
                                    headers={"Accept-Language": "en"}).status_code
                for _attempt in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    refused = limited_client.post("/sign-in", data={"email": "a@example.org", "password": "x"},
                                  headers={"Accept-Language": "en"})
    assert b"Too many attempts" in refused.data
