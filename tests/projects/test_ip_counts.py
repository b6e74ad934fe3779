"""A period report counts the joint R&D's patents filed and licences granted (DESIGN 4.10):
bounded whole numbers in the report API, kept in each version, and the latest accepted counts
on the project's JSON and public page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.projects.ip_counts import IpCounts, latest_ip_counts
from portal.projects.models import Report
from portal.projects.report_content import IP_COUNT_MAX
from tests.pages import signed_in
from tests.projects.reporting import bearer_headers, make_reporting
from tests.projects.test_reports_pages import _editor, _form
from tests.statistics.test_open_data import accept_report


@pytest.fixture
def reporting(session):
    return make_reporting()


def _create(client, reporting, **changes):
    body = {"period_id": reporting.periods[0].id, **reporting.values(**changes)}
    return client.post(f"/api/v1/projects/{reporting.project.id}/reports", json=body,
                       headers=bearer_headers(reporting.partner_member))


def test_a_report_counts_patents_and_licences(client, reporting):
    db.session.commit()
    created = _create(client, reporting, patents_filed=3, licences_granted=0)
    assert created.status_code == 201
    assert (created.get_json()["patents_filed"], created.get_json()["licences_granted"]) == (3, 0)
    untold = _create(client, make_reporting())
    assert untold.get_json()["patents_filed"] is None


@pytest.mark.parametrize("value", [-1, IP_COUNT_MAX + 1, 1.5, "many", True, [1]])
def test_a_count_out_of_bounds_is_422_under_its_field_never_500(client, reporting, value):
    db.session.commit()
    refused = _create(client, reporting, patents_filed=value, licences_granted=value)
    assert refused.status_code == 422
    assert {"patents_filed", "licences_granted"} <= set(refused.get_json()["error"]["fields"])


def test_the_counts_change_clear_and_are_kept_in_each_version(client, reporting):
    db.session.commit()
    partner, lead = bearer_headers(reporting.partner_member), bearer_headers(reporting.lead_member)
    staff = bearer_headers(reporting.secretariat)
    report = _create(client, reporting, patents_filed=2).get_json()
    path = f"/api/v1/reports/{report['id']}"
    cleared = client.patch(path, json={"version": report["version"], "patents_filed": None,
                                       "licences_granted": str(IP_COUNT_MAX)}, headers=partner)
    assert cleared.status_code == 200
    assert (cleared.get_json()["patents_filed"],
            cleared.get_json()["licences_granted"]) == (None, IP_COUNT_MAX)
    client.patch(path, json={"version": cleared.get_json()["version"], "patents_filed": 4,
                             "licences_granted": 1}, headers=partner)
    assert client.post(f"{path}/submit", headers=lead).status_code == 200
    assert client.post(f"{path}/accept", headers=staff).status_code == 200
    [version] = client.get(f"{path}/versions", headers=lead).get_json()["items"]
    assert (version["content"]["patents_filed"], version["content"]["licences_granted"]) == (4, 1)
    project = client.get(f"/api/v1/projects/{reporting.project.id}").get_json()
    assert project["ip"] == {"patents_filed": 4, "licences_granted": 1}


def test_the_latest_accepted_report_that_states_a_count_gives_it(session):
    reporting = make_reporting(signed_days_ago=400)
    project = reporting.project
    first = accept_report(project, 1, {})
    first.patents_filed, first.licences_granted = 2, 1
    second = accept_report(project, 2, {})
    second.patents_filed = 5
    waiting = accept_report(project, 3, {}, status="submitted")
    waiting.patents_filed = 9
    db.session.flush()
    assert latest_ip_counts([project.id]) == {project.id: IpCounts(5, 1)}
    assert latest_ip_counts([make_reporting().project.id]) == {}


def test_the_public_project_page_shows_the_counts(client, reporting):
    report = accept_report(reporting.project, 1, {})
    report.patents_filed, report.licences_granted = 7, 3
    db.session.commit()
    page = client.get(f"/projects/{reporting.project.id}",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Intellectual property of the joint research" in page
    assert '<dd class="ip-patents-filed">7</dd>' in page
    assert '<dd class="ip-licences-granted">3</dd>' in page
    listed = client.get("/api/v1/projects").get_json()["items"]
    assert [item["ip"] for item in listed if item["id"] == reporting.project.id] == [
        {"patents_filed": 7, "licences_granted": 3}]


def test_the_editor_saves_the_counts_and_the_check_page_shows_them(app, reporting):
    db.session.commit()
    client = signed_in(app, reporting.partner_member)
    response = client.post(_editor(reporting), data=_form(
        reporting, patents_filed="2", licences_granted="",
        check="Save and check before submitting"))
    assert response.status_code == 302
    report = db.session.scalars(select(Report)).one()
    assert (report.patents_filed, report.licences_granted) == (2, None)
    html = client.get(response.location).get_data(as_text=True)
    assert '<dd class="ip-patents-filed">2</dd>' in html
    assert '<dd class="ip-licences-granted">—</dd>' in html
    assert 'name="patents_filed" type="text" value="2"' in client.get(
        _editor(reporting)).get_data(as_text=True)


def test_the_editor_places_a_bad_count_under_its_field(app, reporting):
    db.session.commit()
    client = signed_in(app, reporting.partner_member)
    response = client.post(_editor(reporting), data=_form(reporting, patents_filed="-3",
                                                          licences_granted="lots"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'href="#patents_filed"' in html and 'href="#licences_granted"' in html
