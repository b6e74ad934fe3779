"""A call's amounts, rates, weights and dates are bounded where they enter, so that nothing the
checks admit overflows a column; and no stored deadline, however far, breaks the list of calls."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.calls.models import Call
from portal.calls.services import open_call
from portal.core.errors import ValidationError
from portal.extensions import db
from tests.calls.test_calls import CALL_FORM, bearer, call_values
from tests.factories import make_call, make_user
from tests.pages import signed_in


def _post_call(client, body: str):
    headers = bearer(make_user("secretariat")) | {"Accept-Language": "en",
                                                   "Content-Type": "application/json"}
    db.session.commit()
    return client.post("/api/v1/calls", data=body, headers=headers)


def _calls() -> int:
    return db.session.scalar(select(func.count()).select_from(Call))


@pytest.mark.parametrize("changes", [{"budget": 1e20}, {"budget": 1e20, "max_grant": 1e20}])
def test_an_amount_beyond_the_money_column_is_refused(client, session, changes):
    response = _post_call(client, json.dumps(call_values(**changes)))
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()["error"]["fields"]) == set(changes)
    assert _calls() == 0


@pytest.mark.parametrize(("field", "value"), [
    ("min_cofinancing_rate", "NaN"),
    ("min_cofinancing_rate", float("inf")),
    ("overall_threshold", "-Infinity"),
])
def test_a_rate_or_threshold_that_is_not_finite_is_refused(session, field, value):
    """As the call form sends it, or a JSON body that reached the service."""
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        open_call(call_values(**{field: value}), make_user("secretariat"))
    assert list(caught.value.fields) == [field]
    assert _calls() == 0


def test_a_criterion_weight_beyond_its_column_is_refused(client, session):
    criteria = [{"key": "excellence", "name": "Excellence", "weight": 100, "threshold": 3}]
    response = _post_call(client, json.dumps(call_values(criteria=criteria)))
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["error"]["fields"]) == ["criteria.0.weight"]
    assert _calls() == 0


@pytest.mark.parametrize(("field", "moment"), [
    ("closes_at", "9999-12-31T23:00:00+05:00"),
    ("closes_at", "2101-01-01T00:00:00Z"),
    ("opens_at", "1999-12-31T00:00:00Z"),
])
def test_a_call_opening_or_closing_outside_the_sane_years_is_refused(client, session, field,
                                                                     moment):
    response = _post_call(client, json.dumps(call_values(**{field: moment})))
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["fields"][field] == [
        "Give a date from 2000-01-01 to 2100-12-31."]
    assert _calls() == 0


def test_the_call_form_refuses_a_deadline_in_the_year_9999_west_of_greenwich(app, session):
    user = make_user("secretariat", with_totp=True)
    db.session.commit()
    client = signed_in(app, user)
    form = {**CALL_FORM, "timezone": "America/New_York", "closes_at": "9999-12-31T23:00"}
    response = client.post("/calls/new", data=form)
    assert response.status_code == 422
    assert "Give a date from 2000-01-01 to 2100-12-31." in response.get_data(as_text=True)
    assert _calls() == 0


def test_the_list_of_calls_answers_even_with_a_stored_deadline_at_the_end_of_the_calendar(
        app, client, session):
    far = make_call(timezone="Asia/Almaty",
                    closes_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    reader = make_user(language="en")
    reader.timezone = "Asia/Tashkent"
    db.session.commit()
    for page in ("/calls", f"/calls/{far.id}"):
        response = client.get(page, headers={"Accept-Language": "en"})
        assert response.status_code == 200
        assert far.title in response.get_data(as_text=True)
    assert signed_in(app, reader).get("/calls").status_code == 200
    assert client.get("/api/v1/calls").status_code == 200


@pytest.mark.parametrize("digits", ["²", "٣", "9" * 5000])
def test_a_whole_number_given_as_other_digits_or_thousands_of_them_is_refused(client, session,
                                                                             digits):
    response = _post_call(client, json.dumps(call_values(min_states=digits)))
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["error"]["fields"]) == ["min_states"]
    assert _calls() == 0
