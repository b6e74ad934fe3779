"""A published profile whose identity changes (its name, state, region, or an organisation's
kind) goes back to moderation, for the contact point of its new state, in the API and on the
pages alike; other edits keep it published."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.core.waiting import tasks_for
from portal.extensions import db
from portal.registry import moderation, queries
from portal.registry.models import ProfileStatus
from tests.factories import PASSWORD
from tests.factories import make_user as make_user_with_password
from tests.registry.conftest import bearer, new_cluster, new_organisation

pytestmark = pytest.mark.usefixtures("in_request")


@pytest.fixture
def published(people):
    organisation = people["organisation"]
    moderation.publish_organisation(organisation.id, "test")
    db.session.commit()
    return organisation


def _queue(user) -> tuple[set[int], set[int]]:
    organisations, clusters = queries.moderation_queue(user)
    return {o.id for o in organisations}, {c.id for c in clusters}


def _to_moderate(user) -> set[int]:
    """The organisations on the user's list of what waits for them."""
    return {task.object_id for task in tasks_for(user, utcnow(), "moderate_profile")
            if task.object_type == "organisation"}


def _patch_organisation(client, organisation, user, **changes):
    headers = bearer(user)
    db.session.commit()
    return client.patch(f"/api/v1/organisations/{organisation.id}",
                        json={"version": organisation.version, **changes}, headers=headers)


def test_moving_a_published_organisation_to_another_state_in_the_api_sends_it_to_that_states_moderation(
        client, people, published):
    assert published.id not in _to_moderate(people["contact_ru"])
    response = _patch_organisation(client, published, people["admin_en"],
                                   state="RU", region="RU-KLU")
    assert response.status_code == 200
    assert response.get_json()["status"] == "pending"
    db.session.refresh(published)
    assert published.status == ProfileStatus.PENDING
    assert published.id in _queue(people["contact_ru"])[0]
    assert published.id not in _queue(people["contact_kz"])[0]
    assert published.id in _to_moderate(people["contact_ru"])
    assert published.id not in _to_moderate(people["contact_kz"])
    assert client.get(f"/organisations/{published.id}").status_code == 404  # no longer public
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "organisation.remoderate")).one()
    assert entry.data == {"fields": ["region_code", "state_code"]}


def test_renaming_a_published_organisation_in_the_api_sends_it_back_to_moderation(
        client, people, published):
    response = _patch_organisation(client, published, people["member_ru"], name="Renamed LLP")
    assert response.get_json()["status"] == "pending"
    assert published.id in _queue(people["contact_kz"])[0]


@pytest.mark.parametrize("changes", [{"kind": "university"}, {"region": "KZ-55"}])
def test_a_new_kind_or_region_sends_a_published_organisation_back_to_moderation(
        client, people, published, changes):
    response = _patch_organisation(client, published, people["admin_en"], **changes)
    assert response.get_json()["status"] == "pending"


def test_other_edits_keep_a_published_organisation_published(client, people, published):
    response = _patch_organisation(client, published, people["admin_en"],
                                   description="Now with capsules", offers=["Capsules"])
    assert response.get_json()["status"] == "published"
    assert published.id not in _queue(people["contact_kz"])[0]


def _signed_in(client, user):
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _edit_form(client, organisation, **changes) -> dict:
    page = client.get(f"/organisations/{organisation.id}/edit")
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.get_data(as_text=True))
    data = {"name": organisation.name, "kind": organisation.kind, "state": organisation.state_code,
            "region": organisation.region_code, "language": organisation.language,
            "languages": ["en"], "size": "", "description": "", "offers": "", "needs": "",
            "nace_codes": "21.20", "technology_fields": ["pharmaceuticals_biotech_medical"],
            "website": "", "version": version.group(1)}
    return data | changes


def test_moving_a_published_organisation_on_the_edit_page_sends_it_to_the_new_states_contact_point(
        client, people, published):
    member = make_user_with_password(f"org_member:{published.id}")
    contact = make_user_with_password("contact_point:RU")
    db.session.commit()
    _signed_in(client, member)
    form = client.get(f"/organisations/{published.id}/edit").get_data(as_text=True)
    assert "A new name, member state, region or kind of organisation waits for" in form
    assert "your changes are public as soon as you save them" not in form
    response = client.post(f"/organisations/{published.id}/edit", follow_redirects=True,
                           data=_edit_form(client, published, state="RU", region="RU-KLU",
                                           name="Kaluga Tablets LLC"))
    assert response.status_code == 200
    assert "waiting for moderation by the contact point of Russia" in response.get_data(
        as_text=True)
    db.session.refresh(published)
    assert (published.status, published.state_code) == (ProfileStatus.PENDING, "RU")
    client.post("/sign-out")
    _signed_in(client, contact)
    assert "Kaluga Tablets LLC" in client.get("/moderation").get_data(as_text=True)


def test_a_published_cluster_renamed_or_moved_goes_back_to_moderation_in_the_api_and_on_the_page(
        client, people):
    office = new_organisation(name="Cluster office")
    cluster = new_cluster(office, name="Steppe Pharma Cluster")
    moderation.publish_cluster(cluster.id, "test")
    manager = make_user_with_password(f"cluster_manager:{cluster.id}")
    db.session.commit()
    response = client.patch(f"/api/v1/clusters/{cluster.id}", headers=bearer(manager),
                            json={"version": cluster.version, "region": "KZ-55"})
    assert response.status_code == 200 and response.get_json()["status"] == "pending"
    assert cluster.id in _queue(people["contact_kz"])[1]
    moderation.publish_cluster(cluster.id, "test")
    db.session.commit()
    _signed_in(client, manager)
    page = client.get(f"/clusters/{cluster.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = client.post(f"/clusters/{cluster.id}/edit", follow_redirects=True, data={
        "name": "Irtysh Pharma Cluster", "state": "KZ", "region": "KZ-55", "language": "ru",
        "description": "", "version": version})
    assert "waiting for moderation" in response.get_data(as_text=True)
    db.session.refresh(cluster)
    assert cluster.status == ProfileStatus.PENDING
