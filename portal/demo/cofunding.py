"""National co-funding in the demo (DESIGN 4.10): the cooperation call carries, beside its
common envelope, the national envelopes of Russia, Belarus and Kazakhstan, each put in by a
development institution of the demo registry (the co-funders, who have demo logins)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.reference.models import MemberState
from portal.registry.models import Organisation

#: The national co-funder of each state, by its name in :mod:`portal.demo.clusters_ru`,
#: :mod:`portal.demo.clusters_by` and :mod:`portal.demo.clusters_kz`.
CO_FUNDERS = {
    "RU": "Агентство промышленной кооперации «Калуга-Интеграция»",
    "BY": "Агентство регионального развития «Витебск-Инвест»",
    "KZ": "Ассоциация «Сарыарка Фарм»",
}

#: Each national envelope in its state's currency.
AMOUNTS = {"RU": Decimal("150000000"), "BY": Decimal("5000000"), "KZ": Decimal("800000000")}


def national_envelopes() -> list[dict]:
    """The envelopes as ``POST /api/v1/calls`` takes them; none when a co-funder is missing."""
    currencies = dict(db.session.execute(select(MemberState.code, MemberState.currency)).all())
    envelopes = []
    for state, name in CO_FUNDERS.items():
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None or state not in currencies:
            return []
        envelopes.append({"state": state, "amount": str(AMOUNTS[state]),
                          "currency": currencies[state],
                          "co_funder_organisation_id": organisation.id})
    return envelopes
