"""The secretariat's and the council's dashboards list the projects at risk with why, and link
to the list of every project at risk; nobody else's dashboard has that list."""

from __future__ import annotations

from portal.dashboard.queries import DASHBOARD_AT_RISK
from tests.factories import make_project, make_user
from tests.pages import signed_in
from tests.projects.public_builders import signed_days_ago


def test_the_secretariat_and_the_council_see_the_projects_at_risk(app, session):
    late, fresh = make_project(signed_on=signed_days_ago(250)), make_project()
    late_id, fresh_id = late.id, fresh.id
    readers = [make_user("secretariat", with_totp=True),
               make_user("council_member:KZ", with_totp=True),
               make_user("council_alternate:BY", with_totp=True)]
    session.commit()

    for user in readers:
        text = signed_in(app, user).get("/dashboard").get_data(as_text=True)
        assert "Projects at risk" in text
        assert f'href="/projects/{late_id}"' in text
        assert f'href="/projects/{fresh_id}"' not in text
        assert "was due by" in text
        assert 'href="/projects?at_risk=1"' in text


def test_the_dashboard_says_when_no_project_is_at_risk(app, session):
    make_project()
    user = make_user("secretariat", with_totp=True)
    session.commit()

    text = signed_in(app, user).get("/dashboard").get_data(as_text=True)

    assert "No project is at risk." in text


def test_a_partner_has_no_list_of_projects_at_risk(app, session):
    late = make_project(signed_on=signed_days_ago(250))
    member = make_user(f"org_member:{late.proposal.lead_organisation_id}")
    session.commit()

    text = signed_in(app, member).get("/dashboard").get_data(as_text=True)

    assert "Projects at risk" not in text


def test_the_dashboard_lists_a_bounded_number_and_says_how_many_there_are(app, session):
    for _ in range(DASHBOARD_AT_RISK + 1):
        make_project(signed_on=signed_days_ago(250))
    user = make_user("secretariat", with_totp=True)
    session.commit()

    text = signed_in(app, user).get("/dashboard").get_data(as_text=True)

    assert text.count('href="/projects/') == DASHBOARD_AT_RISK
    assert f"{DASHBOARD_AT_RISK} of {DASHBOARD_AT_RISK + 1} projects at risk are shown." in text
