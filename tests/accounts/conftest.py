"""Accounts and onboarding tests read the pages in English, so that they keep passing once the
Russian catalogue (the default language) is filled in."""

import pytest


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def client(client):
    return english(client)


@pytest.fixture
def another_client(app, client):
    """A second browser, with a session of its own."""
    return english(app.test_client())


@pytest.fixture
def in_request(app, session):
    """A request context for calling services directly: their messages are in English."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield
