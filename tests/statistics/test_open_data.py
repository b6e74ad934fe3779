"""The open data: each export parses, round-trips to the values in the database, keeps its ids
from one download to the next, survives awkward text, is public, and costs a fixed number of
statements however many rows it has."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.council.models import Decision
from portal.extensions import db
from portal.projects.models import IndicatorValue, Report
from portal.statistics import open_data, open_data_views
from tests.factories import make_approved_proposal, make_organisation, make_project
from tests.perf.test_statement_counts import assert_flat

AWKWARD = 'Сеть «Фарма», "Калуга"\nи Витебск; 50% = успех'


def download(client, path: str, **headers):
    """The response, read to its end inside the request (the body is streamed)."""
    response = client.get(path, buffered=True, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def csv_rows(client, name: str) -> tuple[list[str], list[dict]]:
    body = download(client, f"/open-data/{name}.csv").get_data().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(body, newline=""))
    return list(reader.fieldnames), list(reader)


def json_body(client, name: str) -> dict:
    return json.loads(download(client, f"/open-data/{name}.json").get_data().decode("utf-8"))


def accept_report(project, period_number: int, values: dict, status: str = "accepted"):
    """A report of the period with ``values`` ({indicator: value}), written directly."""
    period = project.periods[period_number - 1]
    report = Report(period_id=period.id, project_id=project.id, status=status,
                    created_by_id=project.created_by_id,
                    values=[IndicatorValue(indicator_id=indicator.id, value=value)
                            for indicator, value in values.items()])
    db.session.add(report)
    db.session.flush()
    return report


@pytest.fixture
def funded(session):
    """A funded project with awkward texts, two accepted values and a submitted one, and an
    adopted decision that has no project yet."""
    lead = make_organisation("RU", "RU-KLU", name="ООО «Калуга-Фарм», филиал")
    partner = make_organisation("BY", "BY-VI", name="Витебский университет")
    proposal = make_approved_proposal(partners=[lead, partner], acronym="=SUM(A1)",
                                      title=AWKWARD, language="ru")
    indicator = proposal.indicators[0]
    indicator.name, indicator.unit = "-1 дефект, \"брак\"", "@шт"
    indicator.baseline, indicator.target = Decimal("-1"), Decimal("3")
    project = make_project(proposal)
    accept_report(project, 1, {indicator: Decimal("1.5")})
    accept_report(project, 2, {indicator: Decimal("2")})
    accept_report(project, 3, {indicator: Decimal("2.5")}, status="submitted")
    waiting = make_approved_proposal(in_force=False, title="'quoted start")
    session.commit()
    return {"project": project, "proposal": proposal, "indicator": indicator,
            "waiting": waiting}


def test_the_exports_are_public_utf8_csv_with_a_bom_and_a_file_name(client, funded):
    response = download(client, "/open-data/projects.csv")

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="projects.csv"'
    assert response.get_data().startswith("\ufeffid,proposal_id,".encode())
    assert b"\r\n" in response.get_data()
    assert download(client, "/open-data/indicators.json").headers["Content-Type"] \
        == "application/json"


def test_an_unknown_dataset_is_not_found(client, session):
    assert client.get("/open-data/users.csv").status_code == 404
    assert client.get("/open-data/decisions.xml").status_code == 404


def test_the_decisions_csv_round_trips_to_the_database(client, funded, session):
    _header, rows = csv_rows(client, "decisions")
    by_proposal = {int(row["proposal_id"]): row for row in rows}
    project = funded["project"]
    decision = session.get(Decision, project.decision_id)

    funded_row = by_proposal[funded["proposal"].id]
    assert int(funded_row["id"]) == decision.id
    assert funded_row["number"] == decision.number
    assert funded_row["outcome"] == "adopted" and funded_row["rule"] == "consensus"
    assert datetime.fromisoformat(funded_row["decided_at"]) == decision.decided_at
    assert datetime.fromisoformat(funded_row["entered_into_force_at"]) \
        == decision.entered_into_force_at
    assert int(funded_row["project_id"]) == project.id
    assert Decimal(funded_row["grant"]) == sum(grant.amount for grant in project.grants)
    assert funded_row["currency"] == "RUB"

    waiting_row = by_proposal[funded["waiting"].id]
    assert waiting_row["entered_into_force_at"] == ""
    assert waiting_row["project_id"] == waiting_row["grant"] == waiting_row["currency"] == ""


def test_the_decisions_show_no_more_than_the_public_register(client, funded):
    header, _rows = csv_rows(client, "decisions")
    body = download(client, "/open-data/decisions.json").get_data(as_text=True)

    assert header == ["id", "number", "proposal_id", "acronym", "title", "language", "outcome",
                      "rule", "decided_at", "entered_into_force_at", "project_id", "grant",
                      "currency"]
    for hidden in ("ballots", "choice", "rationale", "conditions", "Consensus."):
        assert hidden not in body


def test_the_projects_csv_round_trips_to_the_database(client, funded, session):
    _header, rows = csv_rows(client, "projects")
    project = funded["project"]
    (row,) = [row for row in rows if int(row["id"]) == project.id]

    assert int(row["proposal_id"]) == funded["proposal"].id
    assert row["decision_number"] == session.get(Decision, project.decision_id).number
    assert row["states"] == "BY;RU"
    assert row["partners"] == "2"
    assert row["lead_organisation"] == "ООО «Калуга-Фарм», филиал"
    assert int(row["lead_organisation_id"]) == funded["proposal"].lead_organisation_id
    assert date.fromisoformat(row["signed_on"]) == project.signed_on
    assert date.fromisoformat(row["starts_on"]) == project.starts_on
    assert date.fromisoformat(row["ends_on"]) == project.ends_on
    assert Decimal(row["grant"]) == sum(grant.amount for grant in project.grants)
    assert row["currency"] == "RUB"
    assert row["status"] == "in_implementation"
    assert row["classification"] == funded["proposal"].classification
    assert int(row["call_id"]) == funded["proposal"].call_id


def test_the_indicators_csv_has_only_accepted_values_with_their_progress(client, funded):
    _header, rows = csv_rows(client, "indicators")
    indicator = funded["indicator"]
    mine = [row for row in rows if int(row["indicator_id"]) == indicator.id]

    assert [row["id"] for row in mine] == [f"{indicator.id}-1", f"{indicator.id}-2"]
    first = mine[0]
    assert int(first["project_id"]) == funded["project"].id
    assert Decimal(first["value"]) == Decimal("1.5")
    assert Decimal(first["baseline"]) == Decimal("-1")
    assert Decimal(first["target"]) == Decimal("3")
    assert first["progress"] == "0.6250"
    assert date.fromisoformat(first["period_ends_on"]) == funded["project"].periods[0].ends_on
    assert first["period_number"] == "1"


def test_awkward_text_survives_and_formulas_are_guarded_in_text_cells_only(client, funded):
    _header, decisions = csv_rows(client, "decisions")
    _header, indicators = csv_rows(client, "indicators")
    decision = next(row for row in decisions if int(row["proposal_id"]) == funded["proposal"].id)
    waiting = next(row for row in decisions if int(row["proposal_id"]) == funded["waiting"].id)
    indicator = next(row for row in indicators
                     if int(row["indicator_id"]) == funded["indicator"].id)

    assert decision["title"] == AWKWARD
    assert decision["acronym"] == "'=SUM(A1)"
    assert waiting["title"] == "''quoted start"
    assert indicator["name"] == "'-1 дефект, \"брак\""
    assert indicator["unit"] == "'@шт"
    assert indicator["baseline"].startswith("-1")  # a decimal, never guarded


def test_the_json_has_the_same_columns_and_rows_with_decimals_as_strings(client, funded):
    header, rows = csv_rows(client, "indicators")
    document = json_body(client, "indicators")

    assert document["dataset"] == "indicators"
    assert document["licence"]["id"] == "CC-BY-4.0"
    assert document["generated_at"].endswith("Z")
    assert [column["name"] for column in document["columns"]] == header
    assert all(column["description"] and column["type"] for column in document["columns"])
    assert [item["id"] for item in document["items"]] == [row["id"] for row in rows]
    item = next(item for item in document["items"]
                if item["id"] == f"{funded['indicator'].id}-1")
    assert isinstance(item["value"], str) and Decimal(item["value"]) == Decimal("1.5")
    assert isinstance(item["period_number"], int) and item["progress"] == "0.6250"
    assert item["name"] == "-1 дефект, \"брак\""
    decisions = json_body(client, "decisions")["items"]
    assert AWKWARD in [item["title"] for item in decisions]
    assert "=SUM(A1)" in [item["acronym"] for item in decisions]


@pytest.mark.parametrize("name", ["decisions", "projects", "indicators"])
def test_ids_are_unique_and_stable_from_one_download_to_the_next(client, funded, name):
    _header, first = csv_rows(client, name)
    _header, second = csv_rows(client, name)
    ids = [row["id"] for row in first]

    assert ids and len(set(ids)) == len(ids)
    assert [row["id"] for row in second] == ids
    assert first == second


def test_decimals_keep_a_point_whatever_the_readers_language(client, funded):
    body = download(client, "/open-data/indicators.csv", **{"Accept-Language": "ru"})

    assert ",1.5" in body.get_data(as_text=True)


def test_batches_give_every_row_once_and_in_order(client, session, monkeypatch):
    projects = [make_project().id for _ in range(5)]
    session.commit()
    monkeypatch.setattr(open_data, "BATCH", 2)

    _header, rows = csv_rows(client, "projects")
    ids = [int(row["id"]) for row in rows]

    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert set(projects) <= set(ids)


def _grow_projects(count: int) -> None:
    for _ in range(count):
        project = make_project()
        indicator = project.proposal.indicators[0]
        accept_report(project, 1, {indicator: Decimal("1")})


@pytest.mark.parametrize("path", [f"/open-data/{name}.{kind}"
                                  for name in ("decisions", "projects", "indicators")
                                  for kind in ("csv", "json")])
def test_an_export_costs_a_fixed_number_of_statements(client, session, path):
    assert_flat(session, lambda: client.get(path, buffered=True), _grow_projects)


def test_the_page_documents_each_column_the_licence_and_the_ids(client, session):
    response = client.get("/open-data")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "CC-BY-4.0" in page and "https://creativecommons.org/licenses/by/4.0/" in page
    assert "Live:" in page
    for dataset in open_data.DATASETS.values():
        assert f'href="/open-data/{dataset.name}.csv"' in page
        assert f'href="/open-data/{dataset.name}.json"' in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page
    assert "indicator_id-period_number" in page


def test_a_report_returned_after_acceptance_is_not_exported(client, funded, session):
    report = session.scalar(select(Report).where(Report.project_id == funded["project"].id)
                            .order_by(Report.id).limit(1))
    report.status = "returned"
    session.commit()

    _header, rows = csv_rows(client, "indicators")

    assert [row["id"] for row in rows
            if int(row["indicator_id"]) == funded["indicator"].id] \
        == [f"{funded['indicator'].id}-2"]


def test_the_body_is_a_generator_read_as_it_is_sent(app, funded):
    with app.test_request_context("/open-data/projects.csv"):
        response = open_data_views.csv_export("projects")
        assert response.is_streamed
        body = b"".join(response.response).decode("utf-8-sig")

    assert body.startswith("id,proposal_id,") and str(funded["project"].id) in body
