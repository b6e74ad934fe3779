"""Cooperation ads in the cross-lingual search: found across languages, active ones only, never
telling an anonymous ad's organisation, and only to signed-in readers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from flask import current_app

from portal.accounts import tokens
from portal.core.db import utcnow
from portal.extensions import db
from portal.partnering import services, sweeps
from portal.registry.models import ProfileStatus
from portal.search.engine import SearchQuery, search
from portal.search.services import reindex, reindex_all
from tests.partnering.conftest import post
from tests.partnering.test_pages import signed_in

RUSSIAN_TITLE = "Фармацевтическое производство таблеток"


def indexed(ad):
    db.session.commit()
    reindex("ad", ad.id)
    db.session.commit()
    return ad


def found(q="", **filters) -> list[str]:
    return [hit.title for hit in search(SearchQuery(q=q, types=("ad",), **filters)).hits]


@pytest.fixture
def english_ad(parties):
    return indexed(post(parties, technology_fields=[]))


@pytest.fixture
def russian_ad(parties):
    return indexed(post(parties, kind="rd_request", title=RUSSIAN_TITLE, language="ru",
                        body="Ищем партнёра по контролю качества.", technology_fields=[]))


@pytest.fixture
def secret_ad(parties):
    return indexed(post(parties, anonymous=True, technology_fields=[],
                        title="Radiation sterilisation capacity",
                        body="Gamma irradiation of medical devices."))


def bearer(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_russian_query_finds_an_english_ad_and_the_reverse(english_ad, russian_ad):
    assert found("стерилизация") == [english_ad.title]
    assert found("pharmaceutical") == [RUSSIAN_TITLE]


def test_posting_changing_and_withdrawing_an_ad_queue_its_reindexing(parties, monkeypatch):
    sent = []
    monkeypatch.setattr(current_app.extensions["celery"], "send_task",
                        lambda name, args: sent.append((name, tuple(args))))
    ad = post(parties)
    db.session.commit()
    services.update_ad(ad.id, parties.owner, title="Ethylene-oxide sterilisation, new slots")
    db.session.commit()
    services.withdraw_ad(ad.id, parties.owner)
    db.session.commit()
    assert sent.count(("portal.search.tasks.index_document", ("ad", ad.id))) == 3


def test_a_withdrawn_or_expired_ad_disappears_after_reindexing(parties, english_ad, secret_ad):
    assert sorted(found("sterilisation")) == sorted([english_ad.title, secret_ad.title])
    services.withdraw_ad(english_ad.id, parties.owner)
    indexed(english_ad)
    assert found("sterilisation") == [secret_ad.title]
    secret_ad.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert sweeps.expire_ads(utcnow()) == 1
    indexed(secret_ad)
    assert found("sterilisation") == []


def test_renewing_an_expired_ad_brings_it_back(parties, english_ad):
    english_ad.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    sweeps.expire_ads(utcnow())
    indexed(english_ad)
    assert found("sterilisation") == []
    services.renew_ad(english_ad.id, parties.owner)
    indexed(english_ad)
    assert found("sterilisation") == [english_ad.title]


def test_an_anonymous_ads_result_carries_no_organisation(app, client, parties, secret_ad):
    assert found(parties.owner_org.name) == []  # the document holds no organisation name
    response = client.get("/api/v1/search?q=gamma&type=ad", headers=bearer(parties.sender))
    body = response.get_json()
    assert [item["id"] for item in body["items"]] == [secret_ad.id]
    item = body["items"][0]
    assert item["type"] == "ad" and item["profile"]["organisation"] is None
    assert item["state"] == "BY" and item["region"] is None  # as the ads list shows it
    assert parties.owner_org.name not in json.dumps(body, ensure_ascii=False)
    page = signed_in(app, parties.sender).get("/search?q=gamma").get_data(as_text=True)
    assert secret_ad.title in page and parties.owner_org.name not in page


def test_the_search_page_lists_ads_with_a_link_to_the_ad(app, parties, english_ad, russian_ad):
    browser = signed_in(app, parties.outsider)
    page = browser.get("/search?q=стерилизация").get_data(as_text=True)
    assert f'href="/ads/{english_ad.id}"' in page
    assert "Technology offer" in page and RUSSIAN_TITLE not in page
    filtered = browser.get("/search?type=ad&kind=rd_request").get_data(as_text=True)
    assert f'href="/ads/{russian_ad.id}"' in filtered and english_ad.title not in filtered


def test_ads_are_found_by_signed_in_readers_only(client, parties, english_ad):
    assert english_ad.title not in client.get("/search?q=sterilisation").get_data(as_text=True)
    assert client.get("/api/v1/search?q=sterilisation").get_json()["items"] == []
    assert client.get("/api/v1/search?type=ad").get_json()["total"] == 0
    assert client.get("/api/v1/search?type=ad",
                      headers=bearer(parties.outsider)).get_json()["total"] == 1


def test_the_type_filter_keeps_ads_apart_from_profiles(client, parties, english_ad):
    parties.owner_org.status = ProfileStatus.PUBLISHED
    db.session.flush()
    reindex("organisation", parties.owner_org.id)
    db.session.commit()
    headers = bearer(parties.sender)
    ads = client.get("/api/v1/search?type=ad", headers=headers).get_json()
    assert [(item["type"], item["name"]) for item in ads["items"]] == [("ad", english_ad.title)]
    assert {facet["value"] for facet in ads["facets"]["type"]} == {"ad"}
    everything = client.get("/api/v1/search?state=BY", headers=headers).get_json()
    assert {item["type"] for item in everything["items"]} == {"ad", "organisation"}
    by_kind = client.get("/api/v1/search?type=ad&kind=technology_offer", headers=headers)
    assert by_kind.get_json()["total"] == 1
    labels = {facet["value"]: facet["label"] for facet in ads["facets"]["kind"]}
    assert labels == {"technology_offer": "Technology offer"}


def test_a_full_reindex_covers_the_ads(parties, english_ad, russian_ad):
    services.withdraw_ad(russian_ad.id, parties.owner)
    db.session.commit()
    title = english_ad.title
    reindex_all()
    assert found() == [title]
