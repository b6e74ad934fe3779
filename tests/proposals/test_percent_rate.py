"""A co-financing rate is typed and shown on the pages as a percentage (40, "12,5" typed in
Russian, 40 % on the proposal's page) and kept as the fraction the services and the JSON API use
(0.4): the API's contract is unchanged."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.proposals.models import Proposal
from tests.pages import signed_in
from tests.proposals.test_pages import editor_form


def _rates(proposal_id: int) -> dict[int, Decimal]:
    proposal = db.session.get(Proposal, proposal_id)
    db.session.refresh(proposal)
    return {p.organisation_id: p.cofinancing_rate for p in proposal.partners}


def _saved(app, consortium, language: str, **rates):
    """A proposal made on the new-proposal page, its consortium saved on its section's page."""
    consortium.manager.language = language
    db.session.commit()
    client = signed_in(app, consortium.manager, language)
    made = client.post(f"/calls/{consortium.call.id}/proposals/new", data=editor_form(consortium))
    assert made.status_code == 302, made.get_data(as_text=True)
    proposal_id = db.session.scalar(select(Proposal.id).order_by(Proposal.id.desc()))
    saved = client.post(f"/proposals/{proposal_id}/edit/consortium",
                        data={"version": "1", **editor_form(consortium, **rates)})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    return client, proposal_id


def test_a_rate_typed_as_40_is_kept_as_0_4_and_shown_as_40(app, consortium):
    client, proposal_id = _saved(app, consortium, "en", **{
        "partners-0-cofinancing_rate": "40", "partners-1-cofinancing_rate": "12.5"})

    assert _rates(proposal_id) == {consortium.ru.id: Decimal("0.4"),
                                   consortium.by.id: Decimal("0.125")}
    editor = client.get(f"/proposals/{proposal_id}/edit/consortium").get_data(as_text=True)
    assert re.search(r'id="partners-0-cofinancing_rate"[^>]*value="40"', editor), editor
    assert re.search(r'id="partners-1-cofinancing_rate"[^>]*value="12.5"', editor)
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "<td data-label=\"Co-financing rate\">40%</td>" in page


def test_in_russian_a_rate_is_typed_with_a_comma_and_shown_as_40_percent(app, consortium):
    client, proposal_id = _saved(app, consortium, "ru", **{
        "partners-0-cofinancing_rate": "40", "partners-1-cofinancing_rate": "12,5"})

    assert _rates(proposal_id) == {consortium.ru.id: Decimal("0.4"),
                                   consortium.by.id: Decimal("0.125")}
    editor = client.get(f"/proposals/{proposal_id}/edit/consortium").get_data(as_text=True)
    assert re.search(r'id="partners-1-cofinancing_rate"[^>]*type="number"[^>]*value="12.5"',
                     editor), "a number box holds the number as HTML writes it"
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert re.search(r">40\s%</td>", page), "the rate in Russian is 40 %"


def test_a_stale_save_keeps_the_percentage_typed(app, consortium):
    client, proposal_id = _saved(app, consortium, "en")
    stale = client.post(f"/proposals/{proposal_id}/edit/consortium", data=editor_form(
        consortium, version="0", **{"partners-0-cofinancing_rate": "55"}))

    assert stale.status_code == 422
    assert "Someone else changed this proposal" in stale.get_data(as_text=True)
    assert re.search(r'id="partners-0-cofinancing_rate"[^>]*value="55"',
                     stale.get_data(as_text=True))
    assert _rates(proposal_id)[consortium.ru.id] == Decimal("0.3")


def test_the_api_still_takes_and_gives_the_rate_as_a_fraction(api, consortium):
    response = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        partners=[{"organisation_id": consortium.ru.id, "cofinancing_rate": 0.4, "budget": []}]))

    assert response.status_code == 201, response.get_json()
    partners = response.get_json()["partners"]
    assert Decimal(str(partners[0]["cofinancing_rate"])) == Decimal("0.4")
    assert _rates(response.get_json()["id"]) == {consortium.ru.id: Decimal("0.4")}
    refused = api(consortium.manager).post("/api/v1/proposals", json=consortium.values(
        partners=[{"organisation_id": consortium.ru.id, "cofinancing_rate": 40, "budget": []}]))
    assert refused.status_code == 422
    assert "partners.0.cofinancing_rate" in refused.get_json()["error"]["fields"]
