"""The statistics API agrees with the figures recomputed one row at a time in Python, from the
proposals, their partners, status history, clusters, projects, grants and exchange rates."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import combinations

from sqlalchemy import select

from portal.extensions import db
from portal.money.conversion import rate_in_force
from portal.projects.models import Project
from portal.proposals.models import Proposal, StatusChange
from portal.reference.models import MemberState, TechnologyField
from portal.registry.models import Cluster
from tests.statistics.builders import varied

PASSED = {"eligible", "returned_to_applicant", "in_review", "consolidation", "ready_for_council",
          "on_agenda", "approved", "approved_with_conditions", "rejected", "no_consensus",
          "in_implementation", "completed"}
ADOPTED = {"approved", "approved_with_conditions", "in_implementation", "completed"}


def _blank():
    return {"proposals": 0, "eligible": 0, "approved": 0, "partners": 0,
            "grant": Decimal(0), "unconverted": defaultdict(Decimal)}


def recompute(currency: str, call_id: int | None = None) -> dict:
    """Every figure of the API, counted in Python from the rows, one at a time."""
    history = set(db.session.scalars(
        select(StatusChange.proposal_id).where(StatusChange.to_status == "eligible")))
    proposals = [p for p in db.session.scalars(select(Proposal)).unique()
                 if p.submitted_at is not None and call_id in (None, p.call_id)]
    clusters = [c for c in db.session.scalars(select(Cluster)).unique()
                if c.status == "published"]
    clusters_of = defaultdict(set)
    for cluster in clusters:
        for member in cluster.members:
            clusters_of[member.organisation_id].add(cluster.id)
    out = {"state": defaultdict(_blank), "field": defaultdict(_blank),
           "cluster": defaultdict(_blank), "call": defaultdict(_blank)}
    for proposal in proposals:
        eligible = proposal.status in PASSED or proposal.id in history
        approved = proposal.status in ADOPTED
        keys = {
            "state": {p.organisation.state_code for p in proposal.partners},
            "field": {f.key for f in proposal.technology_fields},
            "cluster": set().union(*(clusters_of[p.organisation_id] for p in proposal.partners)),
            "call": {proposal.call_id},
        }
        for dimension, values in keys.items():
            for value in values:
                row = out[dimension][value]
                row["proposals"] += 1
                row["eligible"] += eligible
                row["approved"] += approved
        if approved:
            for partner in proposal.partners:
                out["state"][partner.organisation.state_code]["partners"] += 1
                for cluster_id in clusters_of[partner.organisation_id]:
                    out["cluster"][cluster_id]["partners"] += 1
                for key in keys["field"]:
                    out["field"][key]["partners"] += 1
                out["call"][proposal.call_id]["partners"] += 1
    projects = [p for p in db.session.scalars(select(Project)).unique()
                if call_id in (None, p.proposal.call_id)]
    total_unconverted = defaultdict(lambda: [Decimal(0), set()])
    for project in projects:
        proposal = project.proposal
        call_currency = proposal.call.currency
        conversion = rate_in_force(call_currency, currency, project.signed_on)
        for grant in project.grants:
            converted = conversion.convert(grant.amount) if conversion else None
            rows = [out["state"][grant.organisation.state_code], out["call"][proposal.call_id]]
            rows += [out["field"][f.key] for f in proposal.technology_fields]
            rows += [out["cluster"][c] for c in clusters_of[grant.organisation_id]]
            for row in rows:
                if converted is None:
                    row["unconverted"][call_currency] += grant.amount
                else:
                    row["grant"] += converted
            if converted is None:
                total_unconverted[call_currency][0] += grant.amount
                total_unconverted[call_currency][1].add(project.id)
    classification = {"cross_border": 0, "transnational": 0, "national": 0}
    pairs: dict = defaultdict(int)
    three = 0
    for project in projects:
        classification[project.proposal.classification] += 1
        states = sorted({p.organisation.state_code for p in project.proposal.partners})
        three += len(states) >= 3
        for pair in combinations(states, 2):
            pairs[pair] += 1
    return {"rows": out, "classification": classification, "three_state": three,
            "pairs": dict(pairs),
            "unconverted": {c: (a.quantize(Decimal("0.01")), len(ids))
                            for c, (a, ids) in total_unconverted.items()}}


def _as_expected(row: dict) -> tuple:
    return (row["proposals"], row["eligible"], row["approved"], row["partners"],
            f"{row['grant'].quantize(Decimal('0.01')):.2f}",
            {c: f"{a:.2f}" for c, a in sorted(row["unconverted"].items()) if a})


def _as_answered(item: dict) -> tuple:
    return (item["proposals"], item["eligible"], item["approved"], item["partners"],
            item["grant"], {u["currency"]: u["amount"] for u in item["unconverted"]})


def assert_agrees(answer: dict, expected: dict) -> None:
    rows = expected["rows"]
    states = list(db.session.scalars(select(MemberState.code).order_by(MemberState.position)))
    assert [item["state"] for item in answer["by_state"]] == states
    for item in answer["by_state"]:
        assert _as_answered(item) == _as_expected(rows["state"][item["state"]]), item["state"]
    fields = list(db.session.scalars(select(TechnologyField.key)))
    assert {item["technology_field"] for item in answer["by_technology_field"]} == set(fields)
    for item in answer["by_technology_field"]:
        assert _as_answered(item) == _as_expected(rows["field"][item["technology_field"]])
    assert {item["cluster_id"] for item in answer["by_cluster"]} == set(rows["cluster"])
    for item in answer["by_cluster"]:
        assert _as_answered(item) == _as_expected(rows["cluster"][item["cluster_id"]])
    assert {item["call_id"] for item in answer["by_call"]} == set(rows["call"])
    for item in answer["by_call"]:
        assert _as_answered(item) == _as_expected(rows["call"][item["call_id"]])
    assert answer["classification"] == expected["classification"]
    assert answer["three_state"] == expected["three_state"]
    assert {tuple(p["states"]): p["projects"] for p in answer["state_pairs"]} == expected["pairs"]
    assert {u["currency"]: (Decimal(u["amount"]), u["projects"])
            for u in answer["unconverted"]} == expected["unconverted"]


def test_the_api_agrees_with_the_figures_recomputed_from_the_rows(client, session):
    varied()
    session.commit()

    answer = client.get("/api/v1/statistics").get_json()

    assert answer["currency"] == "RUB"
    assert_agrees(answer, recompute("RUB"))
    russia = next(item for item in answer["by_state"] if item["state"] == "RU")
    # RU partners: submitted, ineligible, returned, rejected, approved and three projects.
    assert (russia["proposals"], russia["eligible"], russia["approved"]) == (8, 6, 4)
    assert answer["three_state"] == 1
    assert answer["unconverted"] == [{"currency": "KZT", "amount": "1699.99", "projects": 1}]


def test_grants_convert_at_the_rate_in_force_on_the_day_of_signing(client, session):
    data = varied()
    session.commit()

    answer = client.get("/api/v1/statistics").get_json()

    by_call = {item["call_id"]: item for item in answer["by_call"]}
    tenge = by_call[data.calls["kzt"].id]
    # 6,250,000.10 KZT at 0.2 and 1,400,000 KZT at 0.25 (the rate of the later agreement);
    # the agreement signed before any rate stays in tenge.
    assert tenge["grant"] == "1600000.02"
    assert tenge["unconverted"] == [{"currency": "KZT", "amount": "1699.99"}]
    assert tenge["grant_in_call_currency"] == "7651700.09"
    # 65,000 BYN through USD: 0.3 / 0.0125 = 24 roubles per Belarusian rouble.
    assert by_call[data.calls["byn"].id]["grant"] == "1560000.00"


def test_one_call_only_counts_its_own_proposals_and_projects(client, session):
    data = varied()
    session.commit()
    call_id = data.calls["kzt"].id

    answer = client.get(f"/api/v1/statistics?call={call_id}").get_json()

    assert answer["call_id"] == call_id
    assert [item["call_id"] for item in answer["by_call"]] == [call_id]
    assert_agrees(answer, recompute("RUB", call_id))


def test_the_figures_are_converted_into_the_configured_currency(app, client, session,
                                                               monkeypatch):
    varied()
    session.commit()
    monkeypatch.setitem(app.config, "STATISTICS_CURRENCY", "KZT")

    answer = client.get("/api/v1/statistics").get_json()

    assert answer["currency"] == "KZT"
    assert_agrees(answer, recompute("KZT"))


def test_with_no_proposal_every_figure_is_zero(client, session):
    answer = client.get("/api/v1/statistics").get_json()

    assert all(item["proposals"] == 0 and item["grant"] == "0.00" for item in answer["by_state"])
    assert answer["by_call"] == [] and answer["state_pairs"] == []
    assert answer["classification"] == {"cross_border": 0, "transnational": 0, "national": 0}


def test_a_call_that_is_not_one_is_refused(client, session):
    for value in ("abc", "99999999", "1" * 40, "-3"):
        response = client.get(f"/api/v1/statistics?call={value}")
        assert response.status_code == 422, value
        assert "call" in response.get_json()["error"]["fields"]
