"""Clusters across states (DESIGN 4.10): invitations, co-managing organisations and the
cluster's classification, through the services and the API."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.errors import ConflictError, NotFound
from portal.core.waiting import TaskKind
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.registry import membership, services
from portal.registry.classification import classification_of
from portal.registry.models import ClusterInvitation, ClusterMember, InvitationStatus
from portal.registry.waiting import invitations_to_answer
from tests.factories import make_organisation, make_user
from tests.registry.conftest import bearer, new_cluster


@pytest.fixture
def smolensk(session):
    """A cluster in Smolensk led by its association, with a Smolensk firm as a member, and
    organisations in Vitebsk (bordering Smolensk), Minsk and Armenia, each with a member."""
    office = make_organisation("RU", "RU-SMO", name="Smolensk Association")
    cluster = new_cluster(office)
    services.add_cluster_member(cluster.id, office.id, "intermediary", "test")
    firm = make_organisation("RU", "RU-SMO", name="Dnepr Medical")
    services.add_cluster_member(cluster.id, firm.id, "business", "test")
    services.publish_cluster(cluster.id, "test")
    services.publish_organisation(office.id, "test")
    cast = {"cluster": cluster, "office": office, "firm": firm,
            "vitebsk": make_organisation("BY", "BY-VI", name="SterilLine Vitebsk"),
            "polotsk": make_organisation("BY", "BY-VI", name="Polotsk Devices"),
            "yerevan": make_organisation("AM", "AM-ER", name="Erebuni Generics")}
    for key in ("vitebsk", "polotsk", "yerevan"):
        cast[f"{key} member"] = make_user(f"org_member:{cast[key].id}", password=None)
    cast["manager"] = make_user(f"cluster_manager:{cluster.id}", password=None)
    cast["outsider"] = make_user(f"org_member:{firm.id}", password=None)
    db.session.commit()
    return cast


def _accepted(cast, key, helix="business", manages=False):
    membership.add_or_invite(cast["cluster"].id, cast[key].id, helix, cast["manager"],
                             manages=manages)
    return membership.accept_invitation(cast["cluster"].id, cast[key].id, cast[f"{key} member"])


def test_bordering_members_make_it_cross_border_and_an_armenian_one_transnational(smolensk):
    cluster = smolensk["cluster"]
    _accepted(smolensk, "vitebsk")
    assert cluster.classification == "cross_border"
    assert classification_of(cluster).border_pairs == (("BY-VI", "RU-SMO"),)
    _accepted(smolensk, "yerevan")
    assert cluster.classification == "transnational"
    assert classification_of(cluster).states == ("AM", "BY", "RU")


def test_an_invited_organisation_counts_for_nothing_until_it_accepts(smolensk, client):
    cluster = smolensk["cluster"]
    invitation = membership.add_or_invite(cluster.id, smolensk["vitebsk"].id, "business",
                                          smolensk["manager"])
    db.session.commit()
    assert isinstance(invitation, ClusterInvitation)
    assert cluster.classification == "national"
    assert smolensk["vitebsk"].id not in {m.organisation_id for m in cluster.members}
    found = client.get(f"/api/v1/clusters/{cluster.id}",
                       headers=bearer(smolensk["manager"])).get_json()
    assert found["states"] == ["RU"] and found["classification"] == "national"
    assert found["border_pairs"] == []
    assert smolensk["vitebsk"].id not in {m["organisation_id"] for m in found["members"]}
    assert [i["organisation_id"] for i in found["invitations"]] == [smolensk["vitebsk"].id]


def test_a_member_of_the_own_state_joins_at_once(smolensk):
    neighbour = make_organisation("RU", "RU-BRY", name="Bryansk Polymers")
    joined = membership.add_or_invite(smolensk["cluster"].id, neighbour.id, "business", "test")
    assert isinstance(joined, ClusterMember) and joined.accepted_by_id is None


def test_the_invited_organisations_people_are_told_in_their_language(smolensk):
    russian = make_user(f"org_admin:{smolensk['vitebsk'].id}", password=None, language="ru")
    membership.add_or_invite(smolensk["cluster"].id, smolensk["vitebsk"].id, "business", "test")
    mails = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.template == "cluster_invitation")).all()
    assert {mail.recipient for mail in mails} == {russian.email,
                                                   smolensk["vitebsk member"].email}
    assert {mail.language for mail in mails} == {"ru", "en"}
    assert all(f"/invitations/{smolensk['vitebsk'].id}" in mail.body for mail in mails)


def test_one_organisation_manages_the_cluster_in_each_state(smolensk):
    cluster = smolensk["cluster"]
    membership.add_or_invite(cluster.id, smolensk["vitebsk"].id, "business", "test", manages=True)
    with force_locale("en"), pytest.raises(ConflictError, match="already manages"):
        membership.add_or_invite(cluster.id, smolensk["polotsk"].id, "business", "test",
                                 manages=True)
    with force_locale("en"), pytest.raises(ConflictError, match="own member state"):
        membership.set_manages(cluster.id, smolensk["firm"].id, True, "test")
    membership.add_or_invite(cluster.id, smolensk["polotsk"].id, "business", "test")
    membership.accept_invitation(cluster.id, smolensk["polotsk"].id, smolensk["polotsk member"])
    with pytest.raises(ConflictError):
        membership.set_manages(cluster.id, smolensk["polotsk"].id, True, "test")


def test_accepting_to_manage_makes_the_user_a_cluster_manager(smolensk):
    member = _accepted(smolensk, "vitebsk", manages=True)
    user = smolensk["vitebsk member"]
    assert member.manages and member.accepted_by_id == user.id
    assert user.has_role("cluster_manager", smolensk["cluster"].id)
    plain = _accepted(smolensk, "yerevan")
    assert not plain.manages
    assert not smolensk["yerevan member"].has_role("cluster_manager", smolensk["cluster"].id)


def test_a_member_moving_region_refreshes_the_classification(smolensk):
    _accepted(smolensk, "vitebsk")
    organisation = smolensk["vitebsk"]
    services.update_organisation(organisation.id, {"region": "BY-HM"}, organisation.version,
                                 "test")
    assert smolensk["cluster"].classification == "transnational"
    services.remove_cluster_member(smolensk["cluster"].id, organisation.id, "test")
    assert smolensk["cluster"].classification == "national"


def test_withdrawn_and_declined_invitations_are_closed(smolensk):
    cluster = smolensk["cluster"]
    membership.add_or_invite(cluster.id, smolensk["vitebsk"].id, "business", "test")
    membership.withdraw_invitation(cluster.id, smolensk["vitebsk"].id, "test")
    with pytest.raises(NotFound):
        membership.accept_invitation(cluster.id, smolensk["vitebsk"].id, "test")
    membership.add_or_invite(cluster.id, smolensk["vitebsk"].id, "business", "test")
    declined = membership.decline_invitation(cluster.id, smolensk["vitebsk"].id,
                                             smolensk["vitebsk member"])
    assert declined.status == InvitationStatus.DECLINED
    assert declined.answered_by_id == smolensk["vitebsk member"].id


def _post(client, path, user, body=None):
    return client.post(path, json=body if body is not None else {},
                       headers=bearer(user) if user else {})


def test_the_api_invites_answers_202_409_403_404(smolensk, client):
    cluster = smolensk["cluster"]
    path = f"/api/v1/clusters/{cluster.id}/members"
    body = {"organisation_id": smolensk["vitebsk"].id, "helix_role": "business",
            "manages": True}
    invited = _post(client, path, smolensk["manager"], body)
    assert invited.status_code == 202, invited.get_json()
    assert {k: invited.get_json()[k] for k in ("status", "cluster_id", "organisation_id", "name",
                                               "state", "helix_role", "manages")} == {
        "status": "invited", "cluster_id": cluster.id, "organisation_id": smolensk["vitebsk"].id,
        "name": "SterilLine Vitebsk", "state": "BY", "helix_role": "business", "manages": True}
    assert _post(client, path, smolensk["manager"], body).status_code == 409
    second = _post(client, path, smolensk["manager"], {**body, "organisation_id":
                                                        smolensk["polotsk"].id})
    assert second.status_code == 409 and "manages" in second.get_json()["error"]["fields"]
    firm = {"organisation_id": smolensk["firm"].id, "helix_role": "business"}
    assert _post(client, path, smolensk["manager"], firm).status_code == 409
    assert _post(client, path, smolensk["manager"], {**body, "manages": "yes"}).status_code == 422
    accept = f"{path}/{smolensk['vitebsk'].id}/accept"
    assert _post(client, accept, smolensk["outsider"]).status_code == 403
    assert _post(client, accept, make_user(password=None)).status_code == 403
    assert _post(client, f"{path}/{smolensk['yerevan'].id}/accept",
                 smolensk["yerevan member"]).status_code == 404
    accepted = _post(client, accept, smolensk["vitebsk member"])
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["manages"] is True
    assert accepted.get_json()["coordinator"] is False
    assert _post(client, accept, smolensk["vitebsk member"]).status_code == 404
    shown = client.get(f"/api/v1/clusters/{cluster.id}").get_json()
    assert shown["classification"] == "cross_border" and shown["states"] == ["BY", "RU"]
    assert shown["border_pairs"] == [["BY-VI", "RU-SMO"]] and "invitations" not in shown
    managed = client.get(f"/api/v1/clusters/{cluster.id}",
                         headers=bearer(smolensk["manager"])).get_json()
    assert managed["invitations"] == []
    coordinator = next(m for m in managed["members"] if m["coordinator"])
    assert coordinator["organisation_id"] == smolensk["office"].id


def test_the_api_declines_and_withdraws(smolensk, client):
    cluster = smolensk["cluster"]
    path = f"/api/v1/clusters/{cluster.id}/members"
    for key in ("vitebsk", "yerevan"):
        assert _post(client, path, smolensk["manager"], {
            "organisation_id": smolensk[key].id, "helix_role": "academia"}).status_code == 202
    declined = _post(client, f"{path}/{smolensk['vitebsk'].id}/decline",
                     smolensk["vitebsk member"])
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    withdraw = f"/api/v1/clusters/{cluster.id}/invitations/{smolensk['yerevan'].id}"
    assert client.delete(withdraw, headers=bearer(smolensk["outsider"])).status_code == 403
    assert client.delete(withdraw, headers=bearer(smolensk["manager"])).status_code == 204
    assert client.delete(withdraw, headers=bearer(smolensk["manager"])).status_code == 404
    changed = client.patch(f"{path}/{smolensk['firm'].id}", json={"manages": True},
                           headers=bearer(smolensk["manager"]))
    assert changed.status_code == 409


def test_the_invited_organisations_members_have_the_invitation_to_answer(smolensk, app):
    membership.add_or_invite(smolensk["cluster"].id, smolensk["vitebsk"].id, "business", "test")
    with app.test_request_context():
        tasks = invitations_to_answer(smolensk["vitebsk member"], None)
        assert [task.kind for task in tasks] == [TaskKind.CLUSTER_INVITATION]
        assert tasks[0].url() == (f"/clusters/{smolensk['cluster'].id}/invitations/"
                                  f"{smolensk['vitebsk'].id}")
        assert invitations_to_answer(smolensk["outsider"], None) == []
        assert invitations_to_answer(smolensk["manager"], None) == []


def test_the_invitations_load_in_one_statement_however_many(smolensk, app):
    from sqlalchemy import event

    user = smolensk["vitebsk member"]
    counted = []

    def count(*_args):
        counted.append(1)

    for number in range(3):
        other = new_cluster(smolensk["office"], name=f"Cluster {number}")
        membership.add_or_invite(other.id, smolensk["vitebsk"].id, "business", "test")
    db.session.flush()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context():
            tasks = invitations_to_answer(user, None)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(tasks) == 3 and len(counted) == 1


def test_me_tasks_lists_the_invitation(smolensk, client):
    membership.add_or_invite(smolensk["cluster"].id, smolensk["vitebsk"].id, "business", "test")
    db.session.commit()
    found = client.get("/api/v1/me/tasks", headers=bearer(smolensk["vitebsk member"])).get_json()
    assert [item["kind"] for item in found["items"]] == ["cluster_invitation"]


def test_a_co_manager_that_stops_managing_loses_the_role_its_acceptance_gave(smolensk):
    cluster = smolensk["cluster"]
    _accepted(smolensk, "vitebsk", manages=True)
    user = smolensk["vitebsk member"]
    membership.set_manages(cluster.id, smolensk["vitebsk"].id, False, "test")
    assert not user.has_role("cluster_manager", cluster.id)
    assert smolensk["vitebsk"].id in {m.organisation_id for m in cluster.members}


def test_removing_a_co_managing_member_takes_back_its_cluster_manager_role(smolensk):
    cluster = smolensk["cluster"]
    _accepted(smolensk, "vitebsk", manages=True)
    user = smolensk["vitebsk member"]
    services.remove_cluster_member(cluster.id, smolensk["vitebsk"].id, "test")
    assert not user.has_role("cluster_manager", cluster.id)
