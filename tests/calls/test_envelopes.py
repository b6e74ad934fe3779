"""National envelopes of a call (DESIGN 4.10): checked per field, each refusal a 422 naming its
field; shown in the call's JSON and on its page with committed and remaining; the common
budget optional beside them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask_babel import force_locale

from portal.calls.models import CallEnvelope
from portal.calls.services import open_call
from portal.core.errors import ValidationError
from portal.extensions import db
from portal.reference.queries import states
from tests.calls.test_calls import CALL_FORM, bearer, call_values
from tests.factories import make_call, make_organisation, make_user
from tests.pages import signed_in


def co_funder(state: str, region: str, **fields):
    return make_organisation(state, region, status="published", **fields)


def envelope(state="RU", amount="5000000", currency="RUB", organisation=None) -> dict:
    return {"state": state, "amount": amount, "currency": currency,
            "co_funder_organisation_id": organisation.id if organisation else None}


def envelope_call(**fields):
    """A call without a common budget and with RU and BY envelopes."""
    ru = co_funder("RU", "RU-KLU", name="Kaluga agency")
    by = co_funder("BY", "BY-VI", name="Vitebsk agency")
    call = make_call(budget=None, max_grant=Decimal("20000000"), **fields)
    call.envelopes = [
        CallEnvelope(state_code="RU", amount=Decimal("3000000"), currency="RUB",
                     co_funder_organisation_id=ru.id),
        CallEnvelope(state_code="BY", amount=Decimal("40000"), currency="BYN",
                     co_funder_organisation_id=by.id)]
    db.session.flush()
    return call


def test_a_call_with_national_envelopes_needs_no_common_budget(session):
    ru, kz = co_funder("RU", "RU-KLU"), co_funder("KZ", "KZ-35")
    values = call_values(budget=None, requires_consortium_agreement=True, national_envelopes=[
        envelope("RU", "5000000", "RUB", ru), envelope("KZ", "30000000", "KZT", kz)])
    with force_locale("en"):
        call = open_call(values, make_user("secretariat"))
    assert call.budget is None and call.requires_consortium_agreement
    assert sorted((e.state_code, e.amount, e.currency, e.co_funder_organisation_id)
                  for e in call.envelopes) == [("KZ", Decimal("30000000.00"), "KZT", kz.id),
                                         ("RU", Decimal("5000000.00"), "RUB", ru.id)]


def test_a_call_needs_a_common_budget_or_national_envelopes(session):
    with force_locale("en"), pytest.raises(ValidationError) as refused:
        open_call(call_values(budget=None), make_user("secretariat"))
    assert "budget" in refused.value.fields


def test_every_envelope_problem_is_reported_under_its_field(session):
    ru, by = co_funder("RU", "RU-KLU"), co_funder("BY", "BY-VI")
    pending = make_organisation("KZ", "KZ-35")
    rows = [envelope("RU", "0", "RUB", ru),                  # amount not above 0
            envelope("BY", "1000", "RUB", by),               # not the state's currency
            envelope("RU", "1000", "RUB", ru),               # a second envelope for RU
            envelope("XX", "1000", "RUB", ru),               # not a member state
            envelope("KZ", "1000", "KZT", pending)]          # not published
    with force_locale("en"), pytest.raises(ValidationError) as refused:
        open_call(call_values(national_envelopes=rows), make_user("secretariat"))
    fields = refused.value.fields
    assert set(fields) == {"national_envelopes.0.amount", "national_envelopes.1.currency",
                           "national_envelopes.2.state", "national_envelopes.3.state",
                           "national_envelopes.4.co_funder_organisation_id"}
    assert fields["national_envelopes.1.currency"] == [
        "An envelope is in its state's currency: BYN."]


def test_an_envelope_out_of_bounds_or_of_another_states_co_funder_is_refused(session):
    ru = co_funder("RU", "RU-KLU")
    rows = [envelope("KZ", "1e20", "KZT", ru), "an envelope"]
    with force_locale("en"), pytest.raises(ValidationError) as refused:
        open_call(call_values(national_envelopes=rows), make_user("secretariat"))
    assert set(refused.value.fields) == {"national_envelopes.0.amount",
                                         "national_envelopes.0.co_funder_organisation_id",
                                         "national_envelopes.1"}


@pytest.mark.parametrize("rows, field", [
    ("many", "national_envelopes"),
    ({"state": "RU"}, "national_envelopes"),
    ([{"state": "RU", "amount": "x", "currency": "RUB", "co_funder_organisation_id": 1}],
     "national_envelopes.0.amount"),
    # The API refuses a number beyond any id before the call's checks, in its own notation.
    ([{"state": "RU", "amount": "10", "currency": "RUB", "co_funder_organisation_id": 2 ** 80}],
     "national_envelopes[0].co_funder_organisation_id"),
    ([{"state": ["RU"], "amount": "10", "currency": "RUB", "co_funder_organisation_id": "a"}],
     "national_envelopes.0.state"),
])
def test_the_api_refuses_bad_envelopes_with_422_and_the_field(client, session, rows, field):
    headers = bearer(make_user("secretariat"))
    if rows == "many":
        rows = [envelope("RU", "10", "RUB")] * 6
    db.session.commit()
    answer = client.post("/api/v1/calls", json=call_values(national_envelopes=rows),
                         headers={**headers, "Accept-Language": "en"})
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"]


def test_the_call_json_gives_each_envelope_with_its_co_funder(client, session):
    call = envelope_call()
    db.session.commit()
    body = client.get(f"/api/v1/calls/{call.id}").get_json()
    assert body["budget"] is None and body["requires_consortium_agreement"] is False
    assert body["national_envelopes"][0] == {
        "state": "BY", "amount": "40000.00", "currency": "BYN",
        "co_funder": {"organisation_id": call.envelopes[0].co_funder_organisation_id,
                      "name": "Vitebsk agency"},
        "committed": "0.00", "remaining": "40000.00"}
    listed = client.get("/api/v1/calls").get_json()["items"]
    assert [item["national_envelopes"] for item in listed if item["id"] == call.id] == [
        body["national_envelopes"]]


def test_the_call_page_shows_the_envelopes_and_no_common_envelope(client, session):
    call = envelope_call()
    db.session.commit()
    text = client.get(f"/calls/{call.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No common envelope" in text and "Kaluga agency" in text and "Vitebsk agency" in text
    assert 'class="envelopes reflow"' in text and 'data-label="Remaining"' in text


def test_the_secretariat_opens_a_call_with_envelopes_through_the_form(app, session):
    user = make_user("secretariat", with_totp=True)
    kg = co_funder("KG", "KG-C")
    db.session.commit()
    client = signed_in(app, user)
    assert "National envelopes" in client.get("/calls/new").get_data(as_text=True)
    rows = {f"envelopes-{n}-amount": "" for n in range(5)}
    kg_row = [state.code for state in states()].index("KG")
    form = {**CALL_FORM, **rows, "budget": "", "requires_consortium_agreement": "y",
            f"envelopes-{kg_row}-amount": "500000",
            f"envelopes-{kg_row}-co_funder_organisation_id": str(kg.id)}
    done = client.post("/calls/new", data=form)
    assert done.status_code == 302, done.get_data(as_text=True)
    page = client.get(done.location).get_data(as_text=True)
    assert kg.name in page and "No common envelope" in page
