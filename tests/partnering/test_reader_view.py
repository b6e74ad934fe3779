"""One reader's view of an ad: an anonymous ad's owner is known to the members of its
organisation and of the organisations whose interest it accepted, and to nobody else (visitors,
other organisations, the staff), whether the ad is read through the view, the API, the search or
the pages; its member state is known to every reader."""

from __future__ import annotations

import pytest

from portal.partnering import services
from portal.partnering.reader_view import ad_view
from tests.factories import make_user
from tests.pages import signed_in
from tests.partnering.test_search import bearer, indexed


@pytest.fixture
def secret_ad(parties):
    return indexed(services.post_ad(
        organisation_id=parties.owner_org.id, kind="technology_offer", anonymous=True,
        title="Gamma irradiation capacity", body="Gamma irradiation of medical devices.",
        actor=parties.owner))


@pytest.fixture
def secretary(session):
    return make_user("secretariat", email="secretary@example.org")


def test_an_anonymous_ads_owner_is_known_to_its_members_and_accepted_partners_only(
        session, parties, secret_ad, secretary):
    for reader in (None, parties.outsider, parties.sender, secretary):
        view = ad_view(secret_ad, reader)
        assert view.organisation is None and view.owner_name is None and view.region is None
        assert view.state == "BY"
    owners = ad_view(secret_ad, parties.owner)
    assert owners.organisation == parties.owner_org and owners.region == "BY-VI"

    interest = services.express_interest(secret_ad.id, parties.other_org.id, "Hello",
                                         parties.sender)
    services.accept_interest(interest.id, parties.owner)
    assert ad_view(secret_ad, parties.sender).owner_name == parties.owner_org.name
    assert ad_view(secret_ad, parties.outsider).organisation is None


def test_a_named_ads_owner_is_known_to_every_reader(session, parties, ad):
    for reader in (None, parties.outsider, parties.sender, parties.owner):
        assert ad_view(ad, reader).owner_name == parties.owner_org.name


def test_the_api_tells_an_anonymous_ads_owner_to_its_members_only(
        client, parties, secret_ad, secretary):
    def owner(user, path):
        body = client.get(path, headers=bearer(user)).get_json()
        return [item.get("profile", item)["organisation"] for item in body["items"]] \
            if "items" in body else body["organisation"]

    for reader in (parties.sender, secretary):
        assert owner(reader, f"/api/v1/ads/{secret_ad.id}") is None
        assert owner(reader, "/api/v1/search?q=gamma&type=ad") == [None]
    named = {"id": parties.owner_org.id, "name": parties.owner_org.name}
    assert owner(parties.owner, f"/api/v1/ads/{secret_ad.id}") == named
    assert owner(parties.owner, "/api/v1/search?q=gamma&type=ad") == [named]


def test_the_pages_tell_an_anonymous_ads_owner_to_its_members_only(app, parties, secret_ad):
    stranger = signed_in(app, parties.sender)
    for path in (f"/ads/{secret_ad.id}", "/ads", "/search?q=gamma"):
        page = stranger.get(path).get_data(as_text=True)
        assert "irradiation capacity" in page and parties.owner_org.name not in page
    own = signed_in(app, parties.owner).get(f"/ads/{secret_ad.id}").get_data(as_text=True)
    assert parties.owner_org.name in own
