"""The public project pages: the list with its filters, a project's page with its partners,
classification, decision, grant, indicators with progress, milestones and accepted reports'
summaries, and the link to the reporting workspace for those who report."""

from __future__ import annotations

from datetime import date

from portal.council.models import Decision
from portal.extensions import db
from tests.factories import (
    make_approved_proposal,
    make_call,
    make_organisation,
    make_project,
    make_user,
)
from tests.pages import signed_in
from tests.projects.public_builders import add_report, signed_days_ago


def test_anyone_reads_the_list_of_projects_without_signing_in(client, session):
    project = make_project()
    session.commit()

    page = client.get("/projects")

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'href="/projects/{project.id}"' in text
    assert project.proposal.title in text
    assert 'type="application/atom+xml" href="/projects/feed.atom"' in text


def test_the_list_filters_by_state_call_classification_status_and_field(client, session):
    kz = make_project(make_approved_proposal(
        partners=[make_organisation("KZ", "KZ-31"), make_organisation("KG", "KG-C")],
        classification="cross_border"))
    other_call = make_call()
    by = make_project(make_approved_proposal(call=other_call))
    session.commit()

    def listed(query: str) -> set[int]:
        text = client.get(f"/projects?{query}").get_data(as_text=True)
        return {p.id for p in (kz, by) if f'href="/projects/{p.id}"' in text}

    assert listed("state=KG") == {kz.id}
    assert listed("state=by") == {by.id}
    assert listed(f"call_id={other_call.id}") == {by.id}
    assert listed("status=in_implementation") == {kz.id, by.id}
    assert listed("status=completed") == set()
    assert listed("technology_field=it_electronics") == set()
    assert listed("classification=cross_border") == {kz.id}


def test_the_list_filters_the_projects_at_risk(client, session):
    late = make_project(signed_on=signed_days_ago(250))
    fresh = make_project()
    session.commit()

    at_risk = client.get("/projects?at_risk=1").get_data(as_text=True)
    on_track = client.get("/projects?at_risk=0").get_data(as_text=True)

    assert f'href="/projects/{late.id}"' in at_risk and f'/projects/{fresh.id}"' not in at_risk
    assert f'href="/projects/{fresh.id}"' in on_track and f'/projects/{late.id}"' not in on_track
    assert "was due by" in at_risk


def test_an_unknown_filter_value_is_refused_with_its_field(client, session):
    page = client.get("/projects?state=XX&status=draft&at_risk=maybe")

    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "No such member state." in text and "Choose in implementation or completed." in text


def test_a_project_page_shows_partners_classification_decision_grant_and_progress(
        client, session):
    proposal = make_approved_proposal(
        partners=[make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")],
        classification="cross_border")
    project = make_project(proposal, signed_on=signed_days_ago(250))
    indicator = proposal.indicators[0]
    milestone = proposal.milestones[0]
    add_report(project, 1, values={indicator.id: "1"}, summary="A <b>prototype</b> works.",
               milestones={milestone.id: date(2026, 3, 1)})
    add_report(project, 2, "submitted", summary="Not public yet.")
    decision = db.session.get(Decision, project.decision_id)
    session.commit()

    page = client.get(f"/projects/{project.id}")

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Smolensk" in text and "Vitebsk" in text and "Belarus" in text
    assert "Cross-border" in text  # RU-SMO and BY-VI share a border
    assert f'href="/decisions/{decision.id}"' in text and decision.number in text
    assert "RUB1,400,000" in text  # 70 % of two budgets of 1,000,000 roubles
    assert "50%" in text and "<svg" in text and 'role="img"' in text
    assert "A &lt;b&gt;prototype&lt;/b&gt; works." in text
    assert "Not public yet." not in text
    assert "reached on" in text
    assert "Submitted, awaiting assessment" in text


def test_a_project_on_track_says_so(client, session):
    project = make_project()
    session.commit()

    text = client.get(f"/projects/{project.id}").get_data(as_text=True)

    assert "On track" in text and "no accepted value yet" in text


def test_an_unknown_project_is_not_found(client, session):
    assert client.get("/projects/999999").status_code == 404


def test_a_partner_sees_the_way_to_the_reporting_workspace_only_when_it_exists(app, session):
    project = make_project()
    member = make_user(f"org_member:{project.proposal.lead_organisation_id}", with_totp=True)
    session.commit()
    reader = signed_in(app, member)

    text = reader.get(f"/projects/{project.id}").get_data(as_text=True)

    has_workspace = "project_reports.workspace" in app.view_functions
    assert ("Open the reporting workspace" in text) == has_workspace


def test_the_pages_read_in_russian(client, session):
    project = make_project(signed_on=signed_days_ago(250))
    add_report(project, 1, values={project.proposal.indicators[0].id: "1"})
    session.commit()

    page = client.get(f"/projects/{project.id}", headers={"Accept-Language": "ru"})
    listed = client.get("/projects", headers={"Accept-Language": "ru"})

    assert page.status_code == listed.status_code == 200
    assert "50" in page.get_data(as_text=True)
