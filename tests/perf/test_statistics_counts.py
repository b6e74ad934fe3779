"""The statistics page, the statistics API and the dashboards' figures run a fixed number of
SQL statements however many projects there are: counted with 10 funded projects (and 10 other
proposals), then with 50, the counts must be equal."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.factories import make_user
from tests.pages import signed_in
from tests.perf.test_statement_counts import count, summary
from tests.statistics import growth

SMALL, BIG = 10, 50


def assert_flat_with_projects(session, fetch_of) -> int:
    """``fetch_of(ground)`` gives the request to count, once the shared rows are made."""
    base = growth.ground()
    fetch = fetch_of(base)
    growth.grow(base, SMALL)
    session.commit()
    count(session, fetch)  # warms what a process loads once
    small, _ = count(session, fetch)
    growth.grow(base, BIG - SMALL)
    session.commit()
    big, sent = count(session, fetch)
    assert big == small, (f"{small} statements with {SMALL} projects, {big} with {BIG}:\n"
                          + summary(sent))
    return big


@pytest.mark.parametrize("path", ["/statistics", "/api/v1/statistics"])
def test_the_statistics_page_and_api(client, session, path):
    statements = assert_flat_with_projects(session, lambda _base: lambda: client.get(path))
    assert statements <= 20


def test_the_statistics_of_one_call(client, session):
    assert_flat_with_projects(session, lambda base: lambda: client.get(
        f"/api/v1/statistics?call={base.call_ids[1]}"))


def test_the_dashboard_of_the_secretariat_and_the_council(app, session):
    user = make_user("secretariat", "council_member:RU", with_totp=True)
    db.session.commit()
    browser = signed_in(app, user)
    assert_flat_with_projects(session, lambda _base: lambda: browser.get("/dashboard"))
