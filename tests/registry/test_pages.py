"""Registry pages: profiles, the edit page with its stale-version answer, the cluster pages and
the moderation queue with its publish and return buttons."""

import re

import pytest

from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.registry import moderation, services
from tests.factories import PASSWORD, make_user
from tests.registry.conftest import new_cluster, new_organisation


def _sign_in(client, *roles):
    user = make_user(*roles)
    db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


@pytest.fixture
def pending(session):
    organisation = new_organisation(name="Karaganda Tablets LLP", description="Generic tablets",
                                    languages=["ru", "kk"], size="small")
    db.session.commit()
    return organisation


def test_a_pending_profile_is_hidden_from_visitors_and_public_once_published(client, pending):
    path = f"/organisations/{pending.id}"
    assert client.get(path).status_code == 404
    moderation.publish_organisation(pending.id, "test")
    db.session.commit()
    page = _main(client.get(path))
    assert "Karaganda Tablets LLP" in page
    for shown in ("Enterprise", "Kazakhstan", "Karaganda", "Manufacture of pharmaceutical preparations",
                  "Pharmaceuticals", "Tablet contract manufacturing", "Small (10 to 49 people)"):
        assert shown in page, shown
    assert "Edit the profile" not in page


def test_the_profile_page_shows_the_clusters_the_organisation_belongs_to(client, pending):
    office = new_organisation(name="Cluster office")
    cluster = new_cluster(office, name="Karaganda pharma cluster", jobs=120, budget=5000,
                          budget_currency="KZT", quality_label="ESCA Bronze",
                          quality_label_issuer="ESCA", quality_label_expires_on="2027-06-30")
    services.add_cluster_member(cluster.id, pending.id, "business", "test")
    services.add_cluster_member(cluster.id, office.id, "intermediary", "test")
    for publish in (lambda: moderation.publish_organisation(pending.id, "t"),
                    lambda: moderation.publish_cluster(cluster.id, "t")):
        publish()
    db.session.commit()
    assert "Karaganda pharma cluster" in _main(client.get(f"/organisations/{pending.id}"))
    page = _main(client.get(f"/clusters/{cluster.id}"))
    assert re.search(r"<h3[^>]*>Kazakhstan</h3>\s*<h4>Business</h4>\s*<ul>\s*<li><a [^>]*>"
                     r"Karaganda Tablets LLP", page)
    assert "Cluster office" not in page.split("<h2 id=\"members-heading\">")[1]  # still pending
    assert "ESCA Bronze, awarded by ESCA; valid until June 30, 2027" in page
    assert "KZT5,000" in page and "120" in page
    assert "Karaganda pharma cluster" in _main(client.get("/clusters"))


def test_the_moderation_queue_lists_the_states_pending_profiles(client, pending):
    other = new_organisation(name="Kaluga firm", state="RU", region="RU-KLU")
    db.session.commit()
    _sign_in(client, "contact_point:KZ")
    response = client.get("/moderation")
    page = _main(response)
    assert response.status_code == 200
    assert "Karaganda Tablets LLP" in page and other.name not in page
    assert 'href="/moderation"' in response.get_data(as_text=True)  # in the navigation


def test_a_contact_point_publishes_from_the_queue_and_the_owner_is_told(client, pending):
    owner = make_user(f"org_admin:{pending.id}", language="ru")
    _sign_in(client, "contact_point:KZ")
    response = client.post(f"/organisations/{pending.id}/publish",
                           data={f"publish-organisation-{pending.id}-submit": "Publish"})
    assert response.status_code == 302 and response.location.endswith("/moderation")
    db.session.refresh(pending)
    assert pending.status == "published"
    mail = db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.recipient == owner.email)).one()
    assert (mail.template, mail.language) == ("profile_published", "ru")
    assert "Karaganda Tablets LLP is published" in _main(client.get("/moderation"))


def test_returning_from_the_queue_needs_a_reason(client, pending):
    _sign_in(client, "contact_point:KZ")
    prefix = f"return-organisation-{pending.id}"
    refused = client.post(f"/organisations/{pending.id}/return", data={f"{prefix}-reason": " "},
                          follow_redirects=True)
    assert "Say why the profile is returned" in _main(refused)
    db.session.refresh(pending)
    assert pending.status == "pending"
    client.post(f"/organisations/{pending.id}/return", data={f"{prefix}-reason": "Add offers"})
    db.session.refresh(pending)
    assert (pending.status, pending.return_reason) == ("returned", "Add offers")


def test_a_contact_point_of_another_state_may_not_moderate(client, pending):
    _sign_in(client, "contact_point:RU")
    assert client.post(f"/organisations/{pending.id}/publish").status_code == 404
    moderation.publish_organisation(pending.id, "test")
    db.session.commit()
    assert client.post(f"/organisations/{pending.id}/return").status_code == 403


def _edit_form(client, organisation, **changes) -> dict:
    page = client.get(f"/organisations/{organisation.id}/edit")
    assert page.status_code == 200
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.get_data(as_text=True))
    data = {"name": organisation.name, "kind": organisation.kind, "state": organisation.state_code,
            "region": organisation.region_code, "language": organisation.language,
            "languages": ["ru"], "size": "", "description": "", "offers": "Tablets\nCapsules",
            "needs": "", "nace_codes": "21.20", "technology_fields": ["pharmaceuticals_biotech_medical"],
            "website": "", "version": version.group(1)}
    data.update(changes)
    return data


def test_a_member_edits_the_profile(client, pending):
    _sign_in(client, f"org_member:{pending.id}")
    response = client.post(f"/organisations/{pending.id}/edit", data=_edit_form(client, pending))
    assert response.status_code == 302, _main(response)
    db.session.refresh(pending)
    assert (pending.offers, pending.version) == (["Tablets", "Capsules"], 2)


def test_an_edit_on_a_stale_version_shows_the_form_again_with_a_conflict(client, pending):
    _sign_in(client, f"org_member:{pending.id}")
    form = _edit_form(client, pending, description="My description")
    services.update_organisation(pending.id, {"description": "Theirs"}, 1, "someone else")
    db.session.commit()
    response = client.post(f"/organisations/{pending.id}/edit", data=form)
    assert response.status_code == 409
    page = _main(response)
    assert "Someone else changed this profile while you were editing it" in page
    assert "My description" in page
    assert 'name="version" type="hidden" value="2"' in response.get_data(as_text=True)
    db.session.refresh(pending)
    assert pending.description == "Theirs"


def test_invalid_values_are_shown_under_their_fields(client, pending):
    _sign_in(client, f"org_admin:{pending.id}")
    response = client.post(f"/organisations/{pending.id}/edit",
                           data=_edit_form(client, pending, region="RU-KLU", nace_codes="99.99"))
    assert response.status_code == 422
    page = _main(response)
    assert "The region Kaluga Oblast is not in Kazakhstan." in page
    assert "Not a NACE Rev. 2 class: 99.99" in page


def test_only_its_people_and_the_secretariat_edit_a_profile(client, pending):
    _sign_in(client, "org_member:987654")
    assert client.get(f"/organisations/{pending.id}/edit").status_code == 404
    moderation.publish_organisation(pending.id, "test")
    db.session.commit()
    assert client.get(f"/organisations/{pending.id}/edit").status_code == 403
