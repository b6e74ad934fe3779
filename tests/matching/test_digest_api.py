"""``GET``/``PUT /api/v1/me/match-digest``: the digest subscription of the suggestions page, in
the API, through the same services."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts import tokens
from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.matching.models import MatchSubscription
from tests.factories import make_organisation, make_user

URL = "/api/v1/me/match-digest"


def _headers(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_member_reads_and_sets_the_digest_of_their_organisation(client, session):
    organisation = make_organisation(name="Kazan Optics")
    user = make_user(f"org_member:{organisation.id}")
    headers = _headers(user)

    listed = client.get(URL, headers=headers)
    assert listed.status_code == 200
    assert listed.get_json()["items"] == [{"organisation_id": organisation.id,
                                           "organisation_name": "Kazan Optics",
                                           "schedule": "off", "last_sent_at": None}]
    weekly = client.put(URL, json={"schedule": "weekly"}, headers=headers)
    assert weekly.status_code == 200 and weekly.get_json()["schedule"] == "weekly"
    daily = client.put(URL, json={"organisation_id": organisation.id, "schedule": "daily"},
                       headers=headers)
    assert daily.get_json()["schedule"] == "daily"
    assert client.get(URL, headers=headers).get_json()["items"][0]["schedule"] == "daily"
    assert session.scalar(select(MatchSubscription.schedule)) == "daily"
    assert session.scalar(select(AuditEntry.action).where(
        AuditEntry.action == "matching.digest_subscribed").limit(1))

    off = client.put(URL, json={"schedule": "off"}, headers=headers)
    assert off.status_code == 200 and off.get_json()["schedule"] == "off"
    assert session.scalar(select(MatchSubscription)) is None


def test_the_digest_api_refuses_what_the_page_refuses(client, session):
    organisation = make_organisation()
    other = make_organisation()
    stranger = make_organisation()
    user = make_user(f"org_member:{organisation.id}", f"org_member:{other.id}")
    headers = _headers(user)

    assert client.get(URL).status_code == 401
    assert client.put(URL, json={"schedule": "daily"}).status_code == 401
    missing = client.put(URL, json={"schedule": "daily"}, headers=headers)
    assert missing.status_code == 422 and "organisation_id" in missing.get_json()["error"]["fields"]
    bad = client.put(URL, json={"organisation_id": organisation.id, "schedule": "hourly"},
                     headers=headers)
    assert bad.status_code == 422 and "schedule" in bad.get_json()["error"]["fields"]
    assert client.put(URL, json={"organisation_id": stranger.id, "schedule": "daily"},
                      headers=headers).status_code == 403
    assert client.put(URL, json={"organisation_id": 999999, "schedule": "daily"},
                      headers=headers).status_code == 404
    assert client.put(URL, data="[]", content_type="application/json",
                      headers=headers).status_code == 400
    assert session.scalar(select(MatchSubscription)) is None
