"""Partners for a cooperation ad: the API and the ad page's section; an anonymous ad's
organisation is not given away by the reasons."""

from __future__ import annotations

import pytest

from portal.accounts import tokens
from portal.extensions import db
from portal.matching.encoders import encoder_named
from portal.matching.services import current_index
from portal.partnering import services
from portal.partnering.matches import find_ad_matches, is_offer
from portal.partnering.models import Ad
from portal.registry.models import Organisation, ProfileStatus
from tests.factories import PASSWORD, make_user
from tests.pages import signed_in

NEED = "Радиационная стерилизация одноразовых медицинских изделий"


def _token(user) -> dict:
    _row, token = tokens.create_token(user, "test", user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def request_ad(matching_set):
    """The Smolensk seeker's request, anonymous, in Russian; its author."""
    author = make_user(f"org_member:{matching_set['seeker']}", email="author@example.org")
    ad = services.post_ad(organisation_id=matching_set["seeker"], kind="technology_request",
                          title=NEED, body="Нужен подрядчик для стерилизации партий изделий.",
                          technology_fields=["pharmaceuticals_biotech_medical"], language="ru",
                          anonymous=True, actor=author)
    db.session.commit()
    return ad, author


def test_a_request_is_a_need_met_by_offers_across_borders(session, matching_set, request_ad):
    ad, _author = request_ad
    assert not is_offer(ad)
    matches = find_ad_matches(ad, limit=5)
    names = [m.organisation_id for m in matches]
    assert names[0] in (matching_set["vitebsk"], matching_set["almaty"])
    assert matching_set["seeker"] not in names  # never the ad's own organisation
    assert matching_set["moscow"] not in names  # other member states only
    assert matches[0].need == NEED  # quoted by the ad's title


def test_a_process_embeds_an_ads_text_once_and_again_when_it_changes(session, matching_set,
                                                                     request_ad, monkeypatch):
    ad, _author = request_ad
    index = current_index()
    encoder = encoder_named(index.model)
    calls = []
    original = type(encoder).encode

    def counting(self, texts, role):
        calls.append(list(texts))
        return original(self, texts, role)

    monkeypatch.setattr(type(encoder), "encode", counting)
    first = find_ad_matches(ad, limit=5)
    assert [m.organisation_id for m in find_ad_matches(ad, limit=5)] == [
        m.organisation_id for m in first]
    assert len(calls) <= 1  # none when an earlier test embedded the same text
    ad.body = "Нужна радиационная стерилизация партий изделий."
    find_ad_matches(ad, limit=5)
    assert calls[-1] == [f"{ad.title}. {ad.body}"]


def test_an_offer_meets_the_needs_of_others(session, matching_set):
    author = make_user(f"org_admin:{matching_set['vitebsk']}")
    ad = services.post_ad(organisation_id=matching_set["vitebsk"], kind="technology_offer",
                          title="Electron-beam sterilisation of single-use medical devices",
                          body="Validated to ISO 11137, any batch size.", actor=author)
    assert is_offer(ad)
    matches = find_ad_matches(ad, limit=3)
    assert matches[0].organisation_id == matching_set["seeker"]
    assert matches[0].our_offer == ad.title
    assert matching_set["vitebsk"] not in [m.organisation_id for m in matches]


def test_the_api_hides_an_anonymous_ads_region_from_staff_who_may_not_know_its_owner(
        client, matching_set, request_ad):
    ad, author = request_ad
    url = f"/api/v1/ads/{ad.id}/matches?scope=all&limit=5"
    assert client.get(url).status_code == 401
    secretariat = make_user("secretariat", email="secretariat@example.org")
    body = client.get(url, headers=_token(secretariat)).get_json()
    assert body["items"] and set(body["items"][0]) == {"organisation", "score", "relation", "reasons"}
    reasons = " ".join(r for item in body["items"] for r in item["reasons"])
    assert "Smolensk" not in reasons and "region" not in reasons and "helix" not in reasons
    assert all(item["relation"] != "cross_border" for item in body["items"])
    assert client.get(f"/api/v1/ads/{ad.id}/matches?scope=cross_border",
                      headers=_token(secretariat)).get_json()["items"] == []
    own = client.get(f"/api/v1/ads/{ad.id}/matches?scope=cross_border",
                     headers=_token(author)).get_json()["items"]
    assert [i["organisation"]["name"] for i in own] == ["Vitebsk Beam"]
    assert "borders your region (Smolensk Oblast – Vitebsk Region)" in own[0]["reasons"]


def test_an_ads_suggested_partners_are_refused_to_everyone_but_its_owner_and_the_staff(
        client, matching_set, request_ad):
    ad, author = request_ad
    url = f"/api/v1/ads/{ad.id}/matches?scope=all&limit=5"
    stranger = make_user(email="stranger@example.org")
    other_member = make_user(f"org_member:{matching_set['vitebsk']}", email="other@example.org")
    for reader in (stranger, other_member):
        refused = client.get(url, headers=_token(reader))
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "forbidden"
        assert "items" not in refused.get_json()
    for reader in (author, make_user("admin", email="admin@example.org")):
        assert client.get(url, headers=_token(reader)).get_json()["items"]


def test_the_api_refuses_bad_parameters_and_unseen_ads(client, matching_set, request_ad):
    ad, author = request_ad
    headers = _token(author)
    assert client.get(f"/api/v1/ads/{ad.id}/matches?scope=near", headers=headers).status_code == 400
    assert client.get(f"/api/v1/ads/{ad.id}/matches?limit=99", headers=headers).status_code == 400
    assert client.get("/api/v1/ads/999999/matches", headers=headers).status_code == 404
    services.withdraw_ad(ad.id, author)
    db.session.commit()
    stranger = make_user(email="late@example.org")
    assert client.get(f"/api/v1/ads/{ad.id}/matches", headers=_token(stranger)).status_code == 404


def test_the_ad_page_lists_suggested_partners(client, matching_set, request_ad):
    ad, author = request_ad
    client.post("/sign-in", data={"email": author.email, "password": PASSWORD})
    page = client.get(f"/ads/{ad.id}").get_data(as_text=True)
    assert "Suggested partners" in page
    assert "Vitebsk Beam" in page and "which meets your need for" in page
    assert db.session.get(Ad, ad.id).anonymous


def test_the_ad_page_shows_no_suggested_partners_to_a_stranger(client, matching_set, request_ad):
    ad, _author = request_ad
    stranger = make_user(f"org_member:{matching_set['almaty']}", email="reader@example.org")
    client.post("/sign-in", data={"email": stranger.email, "password": PASSWORD})
    response = client.get(f"/ads/{ad.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and NEED in page
    assert "Suggested partners" not in page and "Vitebsk Beam" not in page


def test_an_organisation_gone_since_the_index_was_built_is_not_suggested(session, matching_set,
                                                                          request_ad):
    ad, _author = request_ad
    vitebsk = db.session.get(Organisation, matching_set["vitebsk"])
    vitebsk.status = ProfileStatus.RETURNED  # the index still has it until the worker rebuilds it
    db.session.flush()
    assert matching_set["vitebsk"] not in [m.organisation_id for m in find_ad_matches(ad)]


def test_on_a_named_ads_page_the_owner_reads_your_region_and_the_staff_the_ads_organisations(
        app, matching_set):
    author = make_user(f"org_member:{matching_set['seeker']}", email="named@example.org")
    ad = services.post_ad(organisation_id=matching_set["seeker"], kind="technology_request",
                          title=NEED, body="Нужен подрядчик для стерилизации партий изделий.",
                          technology_fields=["pharmaceuticals_biotech_medical"], language="ru",
                          anonymous=False, actor=author)
    secretariat = make_user("secretariat", email="staff@example.org", with_totp=True)
    db.session.commit()
    own = signed_in(app, author).get(f"/ads/{ad.id}").get_data(as_text=True)
    staff = signed_in(app, secretariat).get(f"/ads/{ad.id}").get_data(as_text=True)
    assert "borders your region (Smolensk Oblast – Vitebsk Region)" in own
    assert "borders the region of the ad&#39;s organisation (Smolensk Oblast – Vitebsk Region)" in staff
    assert "your region" not in staff and "your need" not in staff
