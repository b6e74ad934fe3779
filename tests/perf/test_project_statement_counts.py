"""The public lists of funded projects (the page, the API, the feed, the register of decisions
with its funding, the dashboards' projects at risk) run a fixed number of SQL statements
however many projects, partners, reports and values they show (see test_statement_counts)."""

from __future__ import annotations

from tests.factories import make_project, make_user
from tests.pages import signed_in
from tests.perf.test_statement_counts import assert_flat
from tests.projects.public_builders import add_report, signed_days_ago


def add_projects(n: int) -> None:
    """``n`` projects: a year in, an accepted first report with a value and a milestone, and
    a second report overdue (so each one is at risk)."""
    for _ in range(n):
        project = make_project(signed_on=signed_days_ago(250))
        indicator = project.proposal.indicators[0]
        milestone = project.proposal.milestones[0]
        add_report(project, 1, values={indicator.id: "0.5"}, summary="Done.",
                   milestones={milestone.id: signed_days_ago(100)})


def test_the_projects_list_page_api_and_feed(client, session):
    assert_flat(session, lambda: client.get("/projects"), add_projects)
    assert_flat(session, lambda: client.get("/projects?at_risk=1&state=RU"), add_projects)
    assert_flat(session, lambda: client.get("/api/v1/projects?per_page=100"), add_projects)
    assert_flat(session, lambda: client.get("/projects/feed.atom"), add_projects)


def test_the_register_of_decisions_with_the_projects_they_funded(client, session):
    assert_flat(session, lambda: client.get("/decisions"), add_projects)
    assert_flat(session, lambda: client.get("/api/v1/decisions?per_page=100"), add_projects)


def test_the_dashboard_of_projects_at_risk(app, session):
    user = make_user("secretariat", with_totp=True)
    session.commit()
    reader = signed_in(app, user)
    assert_flat(session, lambda: reader.get("/dashboard"), add_projects)
