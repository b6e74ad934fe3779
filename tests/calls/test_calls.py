"""Opening a call: every value checked at once, in the caller's language; the API and the
public pages; the deadline shown in the call's zone and the reader's."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from portal.accounts import tokens
from portal.calls.services import open_call
from portal.core.errors import PermissionDenied, ValidationError
from portal.extensions import db
from tests.factories import make_call, make_user
from tests.pages import signed_in


def call_values(**changes) -> dict:
    values = {
        "title": "Cross-border pharmaceuticals 2027", "description": "Joint projects.",
        "opens_at": "2026-12-01T06:00:00Z", "closes_at": "2027-03-01T12:00:00+06:00",
        "timezone": "Asia/Almaty",
        "technology_fields": ["pharmaceuticals_biotech_medical", "it_electronics"],
        "budget": "100000000", "currency": "RUB", "max_grant": 20000000,
        "min_cofinancing_rate": 0.2, "min_states": 2, "requires_endorsement": True,
        "criteria": [{"key": "excellence", "name": "Excellence", "weight": 0.6, "threshold": 3},
                     {"key": "impact", "name": "Impact", "weight": 0.4, "threshold": 2.5}],
        "overall_threshold": 3, "experts_per_proposal": 3, "review_days": 30,
        "decision_rule": "consensus",
    }
    values.update(changes)
    return values


#: The new-call page's form, filled in as the secretariat would.
CALL_FORM = {"title": "Form call", "description": "Text", "timezone": "Asia/Bishkek",
             "opens_at": "2026-12-01T09:00", "closes_at": "2027-02-01T18:00",
             "technology_fields": ["it_electronics"], "budget": "1000000", "currency": "KGS",
             "max_grant": "100000", "min_cofinancing_rate": "10", "min_states": "2",
             "requires_endorsement": "y", "overall_threshold": "3", "experts_per_proposal": "3",
             "review_days": "30", "decision_rule": "consensus",
             "criteria-0-key": "excellence", "criteria-0-name": "Excellence",
             "criteria-0-weight": "1", "criteria-0-threshold": "3"}


def bearer(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    return {"Authorization": f"Bearer {token}"}


def test_the_secretariat_opens_a_call_stored_in_utc(session):
    with force_locale("en"):
        call = open_call(call_values(), make_user("secretariat"))
    assert call.closes_at.isoformat() == "2027-03-01T06:00:00+00:00"
    assert [c.key for c in call.criteria] == ["excellence", "impact"]
    assert {f.key for f in call.technology_fields} == {"pharmaceuticals_biotech_medical",
                                                       "it_electronics"}


def test_only_the_secretariat_opens_a_call(session):
    with force_locale("en"), pytest.raises(PermissionDenied):
        open_call(call_values(), make_user("contact_point:RU"))


def test_every_invalid_value_is_reported_at_once(session):
    values = call_values(
        closes_at="2026-11-01T00:00:00Z", timezone="Mars/Olympus", technology_fields=["warp"],
        min_states=7, max_grant=200000000, min_cofinancing_rate=1, overall_threshold=6,
        decision_rule="majority", opens_at="2026-12-01T06:00:00",
        criteria=[{"key": "a", "name": "A", "weight": 0, "threshold": 5.5},
                  {"key": "a", "name": "", "weight": 1, "threshold": 1}])
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        open_call(values, make_user("secretariat"))
    fields = caught.value.fields
    assert set(fields) >= {"opens_at", "timezone", "technology_fields", "min_states",
                           "max_grant", "min_cofinancing_rate", "overall_threshold",
                           "decision_rule", "criteria.0.weight", "criteria.0.threshold",
                           "criteria.1.key", "criteria.1.name"}


def test_closing_before_opening_is_refused(session):
    with force_locale("en"), pytest.raises(ValidationError) as caught:
        open_call(call_values(closes_at="2026-11-01T00:00:00Z"), make_user("secretariat"))
    assert caught.value.fields["closes_at"] == ["The call must close after it opens."]


def test_messages_are_in_the_callers_language(session):
    with force_locale("ru"), pytest.raises(ValidationError) as caught:
        open_call(call_values(min_states=1), make_user("secretariat"))
    assert caught.value.fields["min_states"]


def test_the_api_opens_and_lists_calls(client, session):
    headers = bearer(make_user("secretariat"))
    db.session.commit()
    created = client.post("/api/v1/calls", json=call_values(), headers=headers)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["closes_at"] == "2027-03-01T06:00:00Z" and body["timezone"] == "Asia/Almaty"
    assert body["criteria"][0] == {"key": "excellence", "name": "Excellence", "weight": "0.60",
                                   "threshold": "3.00"}
    listed = client.get("/api/v1/calls").get_json()
    assert body["id"] in [item["id"] for item in listed["items"]] and listed["page"] == 1
    assert client.get(f"/api/v1/calls/{body['id']}").get_json()["title"] == body["title"]
    assert client.get("/api/v1/calls/999999").status_code == 404


def test_the_api_answers_422_with_fields_and_403_to_others(client, session):
    secretariat, other = bearer(make_user("secretariat")), bearer(make_user("expert"))
    db.session.commit()
    invalid = client.post("/api/v1/calls", json=call_values(timezone="Nowhere"),
                          headers={**secretariat, "Accept-Language": "en"})
    assert invalid.status_code == 422
    assert "timezone" in invalid.get_json()["error"]["fields"]
    assert client.post("/api/v1/calls", json=call_values(), headers=other).status_code == 403
    assert client.post("/api/v1/calls", data="x", headers=secretariat).status_code == 400


def test_the_call_page_shows_the_deadline_in_the_calls_zone_and_the_readers(app, session):
    call = make_call(timezone="Asia/Almaty")
    reader = make_user(language="en")
    reader.timezone = "Europe/Minsk"
    db.session.commit()
    anonymous = app.test_client()
    page = anonymous.get(f"/calls/{call.id}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "(UTC+05:00 Almaty)" in text and "(UTC) · your time" in text
    client = signed_in(app, reader)
    text = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "(UTC+03:00 Minsk) · your time" in text and "(UTC+05:00 Almaty)" in text
    assert call.title in client.get("/calls").get_data(as_text=True)


def test_the_secretariat_opens_a_call_through_the_form(app, session):
    user = make_user("secretariat", with_totp=True)
    db.session.commit()
    client = signed_in(app, user)
    assert client.get("/calls/new").status_code == 200
    form = CALL_FORM
    bad = client.post("/calls/new", data={**form, "criteria-0-weight": "0"})
    assert bad.status_code == 422 and "The weight must be more than 0." in bad.get_data(as_text=True)
    done = client.post("/calls/new", data=form)
    assert done.status_code == 302, done.get_data(as_text=True)
    page = client.get(done.location).get_data(as_text=True)
    assert "Form call" in page and "(UTC+06:00 Bishkek)" in page
