"""The joint R&D's IP indicators in the public figures: totals of patents filed and licences
granted over the funded projects (latest accepted report of each) on /statistics and in the
API, and two rows per accepted report in the open data's indicators."""

from __future__ import annotations

import pytest

from portal.statistics import open_data
from tests.factories import make_approved_proposal, make_call, make_project
from tests.statistics.test_open_data import accept_report, csv_rows, json_body


def _counted(call, *counts):
    """A project of ``call`` with an accepted report per ``(patents, licences)``."""
    project = make_project(make_approved_proposal(call=call))
    for number, (patents, licences) in enumerate(counts, start=1):
        report = accept_report(project, number, {})
        report.patents_filed, report.licences_granted = patents, licences
    return project


@pytest.fixture
def counted(session):
    first_call, second_call = make_call(), make_call()
    projects = [_counted(first_call, (1, 0), (4, None)), _counted(first_call, (None, 2)),
                _counted(second_call, (10, 5)), make_project(make_approved_proposal())]
    waiting = accept_report(projects[3], 1, {}, status="submitted")
    waiting.patents_filed = 100
    session.commit()
    return {"projects": projects, "call": first_call}


def test_the_api_sums_the_latest_accepted_counts_of_each_project(client, counted):
    assert client.get("/api/v1/statistics").get_json()["ip"] == {
        "patents_filed": 14, "licences_granted": 7}
    one_call = client.get(f"/api/v1/statistics?call={counted['call'].id}").get_json()
    assert one_call["ip"] == {"patents_filed": 4, "licences_granted": 2}


def test_with_no_report_the_totals_are_zero(client, session):
    assert client.get("/api/v1/statistics").get_json()["ip"] == {
        "patents_filed": 0, "licences_granted": 0}


def test_the_statistics_page_shows_the_totals(client, counted):
    page = client.get("/statistics", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Intellectual property of the joint research" in page
    assert '<dd class="ip-patents-filed">14</dd>' in page
    assert '<dd class="ip-licences-granted">7</dd>' in page


def test_the_open_data_has_a_row_per_stated_count_of_each_accepted_report(client, counted):
    header, rows = csv_rows(client, "indicators")
    project = counted["projects"][0]
    mine = [row for row in rows if row["project_id"] == str(project.id)]
    assert [(row["id"], row["name"], row["value"], row["indicator_id"]) for row in mine] == [
        (f"{project.id}-patents_filed-1", "patents_filed", "1", ""),
        (f"{project.id}-licences_granted-1", "licences_granted", "0", ""),
        (f"{project.id}-patents_filed-2", "patents_filed", "4", "")]
    assert header == open_data.INDICATORS.column_names
    assert not any(row["value"] == "100" for row in rows)
    item = next(item for item in json_body(client, "indicators")["items"]
                if item["id"] == f"{project.id}-patents_filed-2")
    assert item["value"] == "4" and item["indicator_id"] is None and item["progress"] is None
