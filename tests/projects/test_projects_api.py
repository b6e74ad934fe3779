"""``GET /api/v1/projects`` and ``GET /api/v1/projects/{id}`` (API.md "Funded projects"):
public, with filters, decimals as strings, 422 for an unknown filter value, 404 for an unknown
project; and the register of decisions names the project each decision funded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.factories import make_approved_proposal, make_organisation, make_project
from tests.projects.public_builders import add_report, signed_days_ago


def test_the_list_of_projects_is_public_and_has_the_contracts_fields(client, session):
    project = make_project()
    session.commit()

    answer = client.get("/api/v1/projects")

    assert answer.status_code == 200
    body = answer.get_json()
    assert body["total"] == 1 and body["page"] == 1
    [item] = body["items"]
    assert {"id", "proposal_id", "acronym", "title", "status", "classification", "states",
            "partners", "grant", "currency", "decision_number", "indicators",
            "at_risk"} <= set(item)
    assert item["id"] == project.id and item["status"] == "in_implementation"
    assert Decimal(item["grant"]) == Decimal("1400000")  # 70 % of two budgets of 1,000,000
    assert item["currency"] == "RUB" and item["states"] == ["BY", "RU"]
    assert {"organisation_id", "name", "state", "region"} <= set(item["partners"][0])
    assert item["indicators"][0]["baseline"] == "0.0000"
    assert item["indicators"][0]["latest_value"] is None
    assert item["indicators"][0]["progress"] is None
    assert item["at_risk"] is False


def test_the_list_filters_and_refuses_unknown_values(client, session):
    late = make_project(make_approved_proposal(
        partners=[make_organisation("KZ", "KZ-31"), make_organisation("KG", "KG-C")]),
        signed_on=signed_days_ago(250))
    fresh = make_project()
    session.commit()

    def ids(query: str) -> set[int]:
        answer = client.get(f"/api/v1/projects?{query}")
        assert answer.status_code == 200, answer.get_json()
        return {item["id"] for item in answer.get_json()["items"]}

    assert ids("at_risk=1") == {late.id}
    assert ids("at_risk=0") == {fresh.id}
    assert ids("state=KG") == {late.id}
    assert ids("state=KG&at_risk=0") == set()
    assert ids("status=completed") == set()
    refused = client.get("/api/v1/projects?technology_field=poetry&classification=a&at_risk=2")
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"technology_field", "classification",
                                                          "at_risk"}
    assert client.get("/api/v1/projects?call_id=x").status_code == 422


def test_one_project_adds_periods_reports_milestones_border_pairs_and_reasons(client, session):
    proposal = make_approved_proposal(
        partners=[make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")],
        classification="cross_border")
    project = make_project(proposal, signed_on=signed_days_ago(400))
    indicator, milestone = proposal.indicators[0], proposal.milestones[0]
    report = add_report(project, 1, values={indicator.id: "1"}, summary="Prototype works.",
                        milestones={milestone.id: date(2026, 3, 1)})
    add_report(project, 2, "returned", summary="Internal until accepted.")
    session.commit()

    body = client.get(f"/api/v1/projects/{project.id}").get_json()

    assert body["decision"]["number"] == body["decision_number"]
    assert body["border_pairs"] == [["BY-VI", "RU-SMO"]]
    assert body["classification"] == "cross_border"
    assert body["reports"] == [{"id": report.id, "period_number": 1,
                                "summary": "Prototype works.",
                                "accepted_at": body["reports"][0]["accepted_at"]}]
    assert body["reports"][0]["accepted_at"].endswith("Z")
    assert [p["report_status"] for p in body["periods"]] == ["accepted", "returned", None, None]
    assert {"id", "number", "starts_on", "ends_on", "due_on", "final"} <= set(body["periods"][0])
    assert body["milestones"][0]["reached_on"] == "2026-03-01"
    assert body["indicators"][0]["latest_value"] == "1.0000"
    assert body["indicators"][0]["progress"] == "0.5000"
    assert body["at_risk"] is True
    [reason] = body["at_risk_reasons"]
    assert reason["code"] == "report_overdue" and reason["period_number"] == 2
    assert reason["report_status"] == "returned" and "returned" in reason["message"]


def test_an_unknown_project_is_not_found(client, session):
    assert client.get("/api/v1/projects/999999").status_code == 404


def test_a_decision_names_the_project_it_funded_and_the_grant(client, session):
    project = make_project()
    unfunded = make_approved_proposal()
    session.commit()

    items = {item["id"]: item for item in client.get("/api/v1/decisions").get_json()["items"]}
    funded = items[project.decision_id]
    assert funded["project_id"] == project.id
    assert funded["currency"] == "RUB" and Decimal(funded["grant"]) == Decimal("1400000")
    other = next(item for item in items.values() if item["proposal_id"] == unfunded.id)
    assert "project_id" not in other
    one = client.get(f"/api/v1/decisions/{project.decision_id}").get_json()
    assert one["project_id"] == project.id
