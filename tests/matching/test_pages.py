"""The profile's link to its suggestions, and the digest form on the suggestions page."""

from __future__ import annotations

import re

from portal.extensions import db
from portal.matching.models import MatchSubscription
from tests.factories import PASSWORD, make_user


def _sign_in(client, *roles, email):
    user = make_user(*roles, email=email)
    db.session.commit()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    return user


def test_the_profile_links_to_its_suggestions_for_signed_in_readers_only(client, matching_set):
    seeker = matching_set["seeker"]
    link = f'href="/organisations/{seeker}/matches"'
    assert link not in client.get(f"/organisations/{seeker}").get_data(as_text=True)
    _sign_in(client, email="reader@example.org")
    assert link in client.get(f"/organisations/{seeker}").get_data(as_text=True)


def test_a_member_subscribes_to_the_digest_and_stops_it(client, matching_set):
    seeker = matching_set["seeker"]
    user = _sign_in(client, f"org_member:{seeker}", email="member@example.org")
    page = client.get(f"/organisations/{seeker}/matches").get_data(as_text=True)
    assert "E-mail me new partner suggestions" in page
    response = client.post(f"/organisations/{seeker}/matches/digest", data={"schedule": "daily"})
    assert response.status_code == 302
    [subscription] = db.session.scalars(db.select(MatchSubscription)).all()
    assert (subscription.user_id, subscription.schedule) == (user.id, "daily")
    client.post(f"/organisations/{seeker}/matches/digest", data={"schedule": "off"})
    assert db.session.scalars(db.select(MatchSubscription)).all() == []


def test_a_reader_who_is_not_a_member_sees_no_digest_form_and_may_not_post(client, matching_set):
    seeker = matching_set["seeker"]
    _sign_in(client, email="outsider@example.org")
    page = client.get(f"/organisations/{seeker}/matches").get_data(as_text=True)
    assert "E-mail me new partner suggestions" not in page
    response = client.post(f"/organisations/{seeker}/matches/digest", data={"schedule": "daily"})
    assert response.status_code == 403


def test_a_suggestions_score_is_written_as_the_readers_language_writes_numbers(client, matching_set):
    seeker = matching_set["seeker"]
    user = _sign_in(client, f"org_member:{seeker}", email="russian@example.org")
    user.language = "ru"
    db.session.commit()
    page = client.get(f"/organisations/{seeker}/matches").get_data(as_text=True)
    assert re.search(r"оценка 0,\d\d<", page)
    assert not re.search(r"оценка \d\.\d", page)
