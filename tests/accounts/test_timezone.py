"""Each user's time zone: chosen on the profile page from the member states' zones; every time
on the pages is shown in it, to the minute, with its zone named; visitors read UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from flask import render_template_string
from flask_babel import force_locale

from portal.accounts import tokens
from portal.core.timezones import ZONES, format_moment, from_local
from portal.extensions import db
from portal.notifications.services import mail_user
from tests.factories import make_call, make_user
from tests.pages import signed_in

DEADLINE = datetime(2027, 3, 1, 6, 0, tzinfo=UTC)


def test_a_user_chooses_a_zone_on_the_profile_page(app, session):
    user = make_user()
    db.session.commit()
    client = signed_in(app, user)
    page = client.get("/profile").get_data(as_text=True)
    assert 'name="timezone"' in page and "UTC+10:00 Vladivostok" in page
    response = client.post("/profile/timezone", data={"timezone": "Asia/Vladivostok"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.timezone == "Asia/Vladivostok"


def test_a_zone_not_offered_is_refused_with_422(app, session):
    user = make_user()
    db.session.commit()
    client = signed_in(app, user)
    for zone in ("America/New_York", "Mars/Olympus", ""):
        response = client.post("/profile/timezone", data={"timezone": zone})
        assert response.status_code == 422
        assert "error" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.timezone == "Europe/Moscow"


def test_times_on_a_page_are_in_the_readers_zone_with_the_zone_named(app, client, session):
    call = make_call(timezone="Europe/Moscow", closes_at=DEADLINE)
    user = make_user()
    user.timezone = "Asia/Vladivostok"
    db.session.commit()
    page = signed_in(app, user).get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Mar 1, 2027, 09:00 (UTC+03:00 Moscow)" in page
    assert "Mar 1, 2027, 16:00 (UTC+10:00 Vladivostok) · your time" in page
    assert "09:00:00" not in page and "16:00:00" not in page


def test_a_visitor_reads_times_in_utc(client, session):
    call = make_call(timezone="Europe/Moscow", closes_at=DEADLINE)
    db.session.commit()
    page = client.get(f"/calls/{call.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Mar 1, 2027, 06:00 (UTC) · your time" in page


def test_one_format_for_every_time_in_russian_and_english(app):
    with app.test_request_context(), force_locale("en"):
        assert format_moment(DEADLINE, "Asia/Almaty").endswith("(UTC+05:00 Almaty)")
        assert format_moment(DEADLINE, "UTC") == "Mar 1, 2027, 06:00 (UTC)"
        assert format_moment(None) == ""
    with app.test_request_context(), force_locale("ru"):
        shown = format_moment(DEADLINE, "Europe/Minsk")
    assert shown.startswith("1 мар. 2027") and shown.endswith(", 09:00 (UTC+03:00 Минск)")


def test_every_offered_zone_is_known_and_a_local_time_becomes_utc():
    for zone in ZONES:
        assert from_local(datetime(2027, 1, 1, 12, 0), zone).tzinfo == UTC
    assert from_local(datetime(2027, 3, 1, 9, 0), "Asia/Yekaterinburg") == datetime(
        2027, 3, 1, 4, 0, tzinfo=UTC)


def test_the_api_reads_and_changes_the_callers_language_and_zone(client, session):
    user = make_user()
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me/settings").status_code == 401
    assert client.get("/api/v1/me/settings", headers=headers).get_json() == {
        "language": "en", "timezone": "Europe/Moscow"}
    changed = client.patch("/api/v1/me/settings", json={"timezone": "Asia/Bishkek", "language": "ru"},
                           headers=headers)
    assert changed.status_code == 200
    assert changed.get_json() == {"language": "ru", "timezone": "Asia/Bishkek"}
    refused = client.patch("/api/v1/me/settings", json={"timezone": "Europe/Paris"},
                           headers=headers)
    assert refused.status_code == 422 and "timezone" in refused.get_json()["error"]["fields"]
    db.session.refresh(user)
    assert (user.language, user.timezone) == ("ru", "Asia/Bishkek")


def test_an_e_mail_gives_its_dates_in_the_recipients_zone_whoever_sends_it(app, session):
    """Late on 31 March in UTC is already 1 April in Vladivostok: the mail says 1 April."""
    recipient = make_user()
    recipient.timezone = "Asia/Vladivostok"
    ad = SimpleNamespace(title="Optics", expires_at=datetime(2027, 3, 31, 20, 0, tzinfo=UTC))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        message = mail_user(recipient, "ad_expiry_reminder", ad=ad, days=7, link="x")
        page_date = render_template_string("{{ t|dateformat('long') }}", t=ad.expires_at)
    assert "Apr 1, 2027, 06:00 (UTC+10:00 Vladivostok)" in message.body
    assert page_date == "March 31, 2027"  # the request's own reader (a visitor) is left in UTC
