"""The owner turns an ad's anonymity off and on again: off reveals the organisation to every
reader; on again hides it from everyone but the organisations whose interest was accepted."""

from __future__ import annotations

import pytest

from portal.accounts import tokens
from portal.core.errors import ValidationError
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.partnering import permissions, services
from portal.partnering.reader_view import ad_view
from tests.factories import make_organisation, make_user
from tests.partnering.test_pages import signed_in


@pytest.fixture
def stranger(parties):
    organisation = make_organisation(state="KZ", region="KZ-55", name="Pavlodar Steril")
    return make_user(f"org_member:{organisation.id}", email="stranger@example.org")


def test_off_reveals_and_on_again_hides_from_all_but_the_accepted(
        session, parties, anonymous_ad, stranger):
    ad = anonymous_ad
    interest = services.express_interest(ad.id, parties.other_org.id, "Hello", parties.sender)
    services.accept_interest(interest.id, parties.owner)
    assert not permissions.can_see_owner(stranger, ad)
    assert not permissions.can_see_owner(parties.outsider, ad)

    services.update_ad(ad.id, parties.owner, version=ad.version, anonymous=False)
    assert not ad.anonymous
    assert ad_view(ad, stranger).owner_name == parties.owner_org.name
    assert ad_view(ad, parties.outsider).owner_name == parties.owner_org.name

    services.update_ad(ad.id, parties.owner, version=ad.version, anonymous=True)
    assert ad.anonymous
    assert ad_view(ad, stranger).owner_name is None
    assert ad_view(ad, parties.outsider).owner_name is None
    assert ad_view(ad, parties.sender).owner_name == parties.owner_org.name  # accepted
    assert ad_view(ad, parties.owner).owner_name == parties.owner_org.name


def test_anonymity_must_be_true_or_false_and_alone_tells_no_follower(session, parties, ad):
    services.follow_ad(ad.id, parties.sender)
    with pytest.raises(ValidationError) as raised:
        services.update_ad(ad.id, parties.owner, anonymous="yes")
    assert "anonymous" in raised.value.fields
    services.update_ad(ad.id, parties.owner, anonymous=True)
    assert ad.anonymous
    sent = session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.recipient == parties.sender.email)).all()
    assert sent == []


def test_patch_toggles_anonymity(client, parties, anonymous_ad, stranger):
    headers = {}
    for user in (parties.owner, stranger):
        _row, token = tokens.create_token(user, "test", user)
        headers[user.id] = {"Authorization": f"Bearer {token}"}
    db.session.commit()
    url = f"/api/v1/ads/{anonymous_ad.id}"
    assert client.get(url, headers=headers[stranger.id]).get_json()["organisation"] is None
    response = client.patch(url, headers=headers[parties.owner.id],
                            json={"version": anonymous_ad.version, "anonymous": False})
    assert response.status_code == 200 and response.get_json()["anonymous"] is False
    seen = client.get(url, headers=headers[stranger.id]).get_json()["organisation"]
    assert seen["name"] == parties.owner_org.name
    version = response.get_json()["version"]
    response = client.patch(url, headers=headers[parties.owner.id],
                            json={"version": version, "anonymous": True})
    assert response.get_json()["anonymous"] is True
    assert client.get(url, headers=headers[stranger.id]).get_json()["organisation"] is None
    bad = client.patch(url, headers=headers[parties.owner.id],
                       json={"version": version + 1, "anonymous": "no"})
    assert bad.status_code == 422


def test_the_edit_page_toggles_anonymity(app, parties, anonymous_ad):
    db.session.commit()
    owner = signed_in(app, parties.owner)
    page = owner.get(f"/ads/{anonymous_ad.id}/edit").get_data(as_text=True)
    assert 'name="anonymous"' in page and "checked" in page
    form = {"version": anonymous_ad.version, "kind": anonymous_ad.kind,
            "title": anonymous_ad.title, "body": anonymous_ad.body, "language": "en"}
    assert owner.post(f"/ads/{anonymous_ad.id}/edit", data=form).status_code == 302
    db.session.refresh(anonymous_ad)
    assert not anonymous_ad.anonymous
    form["version"] = anonymous_ad.version
    assert owner.post(f"/ads/{anonymous_ad.id}/edit", data={**form, "anonymous": "y"}
                      ).status_code == 302
    db.session.refresh(anonymous_ad)
    assert anonymous_ad.anonymous
