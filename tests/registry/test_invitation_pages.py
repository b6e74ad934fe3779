"""The pages of a cluster's invitation: its members page for the managers (invite, withdraw,
who manages in a state) and the invitation page where the invited organisation's people accept
or decline; refusals show a reason or an error page, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.registry import membership, moderation, services
from portal.registry.models import ClusterInvitation, ClusterMember
from tests.factories import PASSWORD, make_organisation, make_user
from tests.registry.conftest import new_cluster


@pytest.fixture
def invited(session):
    """A published Smolensk cluster that has invited a Vitebsk firm to manage its Belarusian side."""
    office = make_organisation("RU", "RU-SMO", name="Smolensk Association")
    moderation.publish_organisation(office.id, "test")
    cluster = new_cluster(office, name="Smolensk Devices")
    services.add_cluster_member(cluster.id, office.id, "intermediary", "test")
    moderation.publish_cluster(cluster.id, "test")
    vitebsk = make_organisation("BY", "BY-VI", name="SterilLine Vitebsk")
    moderation.publish_organisation(vitebsk.id, "test")
    membership.add_or_invite(cluster.id, vitebsk.id, "business", "test", manages=True)
    db.session.commit()
    return {"cluster": cluster, "vitebsk": vitebsk, "office": office}


def _sign_in(client, *roles):
    user = make_user(*roles)
    db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user


def _page(invited) -> str:
    return f"/clusters/{invited['cluster'].id}/invitations/{invited['vitebsk'].id}"


def _member(invited):
    return db.session.scalar(select(ClusterMember).where(
        ClusterMember.cluster_id == invited["cluster"].id,
        ClusterMember.organisation_id == invited["vitebsk"].id))


def test_a_member_of_the_invited_organisation_reads_and_accepts(client, invited):
    user = _sign_in(client, f"org_member:{invited['vitebsk'].id}")
    page = client.get(_page(invited))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Smolensk Devices" in html and "Smolensk Association" in html
    assert "What membership means" in html and "Accept" in html and "Decline" in html
    accepted = client.post(f"{_page(invited)}/accept")
    assert accepted.status_code == 302
    member = _member(invited)
    assert member.manages and member.accepted_by_id == user.id
    db.session.refresh(invited["cluster"])
    assert invited["cluster"].classification == "cross_border"
    assert client.post(f"{_page(invited)}/accept").status_code == 404
    assert client.get(_page(invited)).status_code == 404


def test_a_member_declines(client, invited):
    _sign_in(client, f"org_admin:{invited['vitebsk'].id}")
    assert client.post(f"{_page(invited)}/decline").status_code == 302
    assert _member(invited) is None
    assert client.post(f"{_page(invited)}/decline").status_code == 404


def test_others_are_refused(client, invited):
    _sign_in(client, f"org_member:{invited['office'].id}")
    assert client.get(_page(invited)).status_code == 403
    assert client.post(f"{_page(invited)}/accept").status_code == 403
    assert _member(invited) is None


def test_a_user_of_no_organisation_is_refused(client, invited):
    _sign_in(client)
    assert client.get(_page(invited)).status_code == 403


def test_an_acceptance_refused_meanwhile_shows_the_reason(client, invited):
    polotsk = make_organisation("BY", "BY-VI", name="Polotsk Devices")
    membership.withdraw_invitation(invited["cluster"].id, invited["vitebsk"].id, "test")
    membership.add_or_invite(invited["cluster"].id, polotsk.id, "business", "test", manages=True)
    membership.accept_invitation(invited["cluster"].id, polotsk.id, "test")
    db.session.add(ClusterInvitation(cluster_id=invited["cluster"].id,
                                     organisation_id=invited["vitebsk"].id,
                                     helix_role="business", manages=True))
    db.session.commit()
    _sign_in(client, f"org_member:{invited['vitebsk'].id}")
    refused = client.post(f"{_page(invited)}/accept")
    assert refused.status_code == 409
    assert "Polotsk Devices already manages the cluster" in refused.get_data(as_text=True)
    assert _member(invited) is None


def test_the_manager_sees_and_withdraws_the_invitation(client, invited):
    _sign_in(client, f"cluster_manager:{invited['cluster'].id}")
    path = f"/clusters/{invited['cluster'].id}/members"
    html = client.get(path).get_data(as_text=True)
    assert "Invited organisations" in html and "SterilLine Vitebsk" in html
    assert "joins when one of its members accepts" in html
    withdrawn = client.post(
        f"/clusters/{invited['cluster'].id}/invitations/{invited['vitebsk'].id}/withdraw")
    assert withdrawn.status_code == 302
    assert "No invitation is waiting for an answer." in client.get(path).get_data(as_text=True)
    again = client.post(
        f"/clusters/{invited['cluster'].id}/invitations/{invited['vitebsk'].id}/withdraw")
    assert again.status_code == 404


def test_the_manager_cannot_make_an_own_state_member_manage(client, invited):
    _sign_in(client, f"cluster_manager:{invited['cluster'].id}")
    firm = make_organisation("RU", "RU-SMO", name="Dnepr Medical")
    services.add_cluster_member(invited["cluster"].id, firm.id, "business", "test")
    db.session.commit()
    refused = client.post(f"/clusters/{invited['cluster'].id}/members/{firm.id}/manages",
                          data={f"manages-{firm.id}-manages": "y"})
    assert refused.status_code == 409
