"""A proposal's amounts, rates, indicator values and the ids it names are bounded where they
enter: a value its column cannot hold is a 422 under its field, and nothing is written."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.core import limits
from portal.core.errors import ValidationError
from portal.extensions import db
from portal.proposals.content import check_content
from portal.proposals.models import Proposal


def _proposals() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal))


def _partners(consortium, **changes) -> list[dict]:
    partners = consortium.values()["partners"]
    partners[0] = {**partners[0], **changes}
    return partners


def _huge_budget_line(consortium) -> dict:
    return {"partners": _partners(consortium, budget=[
        {"category": "staff", "amount": 1e20, "currency": "RUB"}])}


@pytest.mark.parametrize(("changes", "field"), [
    (_huge_budget_line, "partners.0.budget.0.amount"),
    (lambda _consortium: {"indicators": [{"name": "Patents", "unit": "patents", "baseline": 0,
                                          "target": 1e20}]}, "indicators.0.target"),
    (lambda _consortium: {"lead_organisation_id": 2**63}, "lead_organisation_id"),
    (lambda _consortium: {"call_id": 2**63}, "call_id"),
])
def test_a_value_beyond_its_column_is_refused_with_its_field(api, consortium, changes, field):
    response = api(consortium.manager).post("/api/v1/proposals",
                                            json=consortium.values(**changes(consortium)))
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert _proposals() == 0


@pytest.mark.parametrize("rate", ["NaN", "Infinity", float("-inf"), 1e20])
def test_a_cofinancing_rate_that_is_not_a_share_is_refused(consortium, rate):
    """As the proposal form sends it, or a JSON body that reached the service."""
    values = consortium.values(partners=_partners(consortium, cofinancing_rate=rate))
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        check_content(values, creating=True)
    assert list(caught.value.fields) == ["partners.0.cofinancing_rate"]


def test_the_largest_allowed_amount_is_stored_as_it_was_sent(api, consortium):
    largest = str(limits.AMOUNT.high)
    partners = _partners(consortium, budget=[{"category": "staff", "amount": largest,
                                              "currency": "RUB"}])
    response = api(consortium.manager).post("/api/v1/proposals",
                                            json=consortium.values(partners=partners))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["partners"][0]["budget"][0]["amount"] == f"{largest}.00"
