"""A varied set of proposals for the statistics' tests: every status a figure tells apart, three
calls in three currencies, grants converted by a direct, a later and a cross rate or by none,
and clusters published or not. Rows are written directly; builders flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.core.db import utcnow
from portal.extensions import db
from portal.money.models import ExchangeRate
from portal.proposals.models import StatusChange
from portal.reference.models import TechnologyField
from portal.registry.models import Cluster, ClusterMember
from tests.factories import (
    make_approved_proposal,
    make_call,
    make_organisation,
    make_project,
    make_proposal,
)

#: The day most agreements are signed on.
SIGNED = date(2026, 6, 15)


@dataclass
class Varied:
    calls: dict
    organisations: dict
    projects: dict


def _fields(*keys: str) -> list[TechnologyField]:
    return [db.session.get(TechnologyField, key) for key in keys]


def _submitted(call, partners, status: str, classification: str = "transnational",
               fields=("it_electronics",)):
    proposal = make_proposal(call=call, partners=partners, status=status,
                             classification=classification)
    proposal.submitted_at = utcnow() - timedelta(days=60)
    proposal.technology_fields = _fields(*fields)
    return proposal


def _funded(call, partners, classification: str, signed_on: date, fields, grants=None):
    proposal = make_approved_proposal(call=call, partners=partners,
                                      classification=classification)
    proposal.technology_fields = _fields(*fields)
    project = make_project(proposal, signed_on=signed_on)
    for grant, amount in zip(project.grants, grants or (), strict=False):
        grant.amount = Decimal(amount)
    db.session.flush()
    return project


def _cluster(name: str, status: str, *members) -> Cluster:
    manager = members[0]
    cluster = Cluster(name=name, state_code=manager.state_code, region_code=manager.region_code,
                      language="en", management_organisation_id=manager.id, status=status)
    cluster.members = [ClusterMember(organisation_id=m.id, helix_role="business")
                       for m in members]
    db.session.add(cluster)
    db.session.flush()
    return cluster


def _rate(currency: str, quote: str, on: date, rate: str) -> None:
    db.session.add(ExchangeRate(currency=currency, quote=quote, on=on, rate=Decimal(rate),
                                source="test"))


def varied() -> Varied:
    calls = {"rub": make_call(currency="RUB", title="Call <in roubles>"),
             "kzt": make_call(currency="KZT", title="Call in tenge"),
             "byn": make_call(currency="BYN", title="Call in Belarusian roubles")}
    orgs = {"ru": make_organisation("RU", "RU-SMO"), "ru2": make_organisation("RU", "RU-BRY"),
            "by": make_organisation("BY", "BY-VI"), "kz": make_organisation("KZ", "KZ-55"),
            "am": make_organisation("AM", "AM-ER"), "kg": make_organisation("KG", "KG-C")}
    _cluster("Smolensk & Vitebsk devices", "published", orgs["ru"], orgs["by"])
    _cluster("Pavlodar chemistry", "published", orgs["kz"])
    _cluster("Unpublished cluster", "pending", orgs["am"], orgs["ru"])

    make_proposal(call=calls["rub"], partners=[orgs["ru"], orgs["by"]])  # a draft: never counted
    _submitted(calls["rub"], [orgs["ru"], orgs["kz"]], "submitted")
    _submitted(calls["rub"], [orgs["ru"], orgs["ru2"]], "ineligible", "national")
    _submitted(calls["kzt"], [orgs["ru"], orgs["am"]], "returned_to_applicant",
               fields=("pharmaceuticals_biotech_medical",))
    withdrawn = _submitted(calls["kzt"], [orgs["by"], orgs["kz"]], "withdrawn")
    db.session.add(StatusChange(proposal_id=withdrawn.id, from_status="submitted",
                                to_status="eligible", action="mark_eligible"))
    _submitted(calls["rub"], [orgs["ru"], orgs["by"]], "rejected", "cross_border")
    _submitted(calls["byn"], [orgs["kg"], orgs["kz"]], "in_review", "cross_border")
    make_approved_proposal(call=calls["rub"], partners=[orgs["ru"], orgs["by"]],
                           classification="cross_border").technology_fields = _fields(
        "it_electronics", "pharmaceuticals_biotech_medical")

    # Rates: KZT→RUB direct (0.2, then 0.25 later); BYN→RUB only through USD.
    _rate("KZT", "RUB", SIGNED - timedelta(days=5), "0.2")
    _rate("KZT", "RUB", SIGNED + timedelta(days=3), "0.25")
    _rate("BYN", "USD", SIGNED - timedelta(days=2), "0.3")
    _rate("RUB", "USD", SIGNED - timedelta(days=10), "0.0125")
    projects = {
        "three": _funded(calls["rub"], [orgs["ru"], orgs["by"], orgs["kz"]], "transnational",
                         SIGNED, ("pharmaceuticals_biotech_medical",),
                         ["1000000.50", "2000000", "333333.33"]),
        "kzt": _funded(calls["kzt"], [orgs["kz"], orgs["ru"]], "cross_border", SIGNED,
                       ("it_electronics",), ["5000000", "1250000.10"]),
        "kzt_later": _funded(calls["kzt"], [orgs["kz"], orgs["am"]], "transnational",
                             SIGNED + timedelta(days=5), ("it_electronics",)),
        "no_rate": _funded(calls["kzt"], [orgs["kz"], orgs["by"]], "transnational",
                           SIGNED - timedelta(days=30), ("it_electronics",), ["999.99", "700"]),
        "byn": _funded(calls["byn"], [orgs["by"], orgs["ru"]], "cross_border", SIGNED,
                       ("pharmaceuticals_biotech_medical", "it_electronics"), ["40000", "25000"]),
    }
    projects["completed"] = _funded(calls["rub"], [orgs["am"], orgs["kg"]], "transnational",
                                    SIGNED - timedelta(days=400), ("it_electronics",))
    projects["completed"].proposal.status = "completed"
    db.session.flush()
    assert db.session.scalar(select(Cluster.id).where(Cluster.status == "pending"))
    return Varied(calls, orgs, projects)
