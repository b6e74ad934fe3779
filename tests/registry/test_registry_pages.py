"""The pages that create profiles and run clusters: registering an organisation, creating and
editing a cluster, and managing its members; who may use them, and what bad input shows."""

import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from portal.accounts import two_factor
from portal.accounts.models import RoleAssignment
from portal.extensions import db
from portal.registry import moderation, services
from portal.registry.models import Cluster, ClusterMember, Organisation
from tests.factories import PASSWORD, make_user
from tests.registry.conftest import new_cluster, new_organisation


def _sign_in(client, *roles, language="en"):
    """The secretariat signs in with a second factor."""
    user = make_user(*roles, language=language, with_totp="secretariat" in roles)
    db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    if user.totp_secret:
        response = client.post("/sign-in/code",
                               data={"code": two_factor.current_code(user.totp_secret)})
    assert response.status_code == 302 and "/sign-in" not in response.location
    return user


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


NEW_ORGANISATION = {
    "name": "Chüy Agro Lab", "kind": "research_institute", "state": "KG", "region": "KG-C",
    "language": "ru", "languages": ["ru", "en"], "size": "small", "description": "Лаборатория",
    "offers": "Анализ почв\n\nСеменной контроль", "needs": "Партнёр по семенам",
    "nace_codes": "72.11", "technology_fields": ["agro_food"],
    "website": "https://agro.example.org",
}


class TestRegisterAnOrganisation:
    def test_a_signed_in_user_registers_an_organisation_that_waits_for_moderation(self, client,
                                                                                 session):
        user = _sign_in(client)
        form = client.get("/organisations/new")
        assert form.status_code == 200
        assert "Register an organisation" in _main(form)
        response = client.post("/organisations/new", data=NEW_ORGANISATION)
        assert response.status_code == 302, _main(response)
        organisation = db.session.scalars(select(Organisation)).one()
        assert response.location == f"/organisations/{organisation.id}"
        assert (organisation.status, organisation.state_code, organisation.region_code) == (
            "pending", "KG", "KG-C")
        assert organisation.offers == ["Анализ почв", "Семенной контроль"]
        assert (organisation.languages, organisation.size, organisation.nace_codes) == (
            ["ru", "en"], "small", ["72.11"])
        assert [field.key for field in organisation.technology_fields] == ["agro_food"]
        db.session.refresh(user)
        assert user.has_role("org_admin", organisation.id)
        page = _main(client.get(response.location))
        assert "is waiting for moderation by the contact point of Kyrgyzstan" in page

    def test_invalid_values_are_shown_under_their_fields_and_nothing_is_written(self, client,
                                                                             session):
        user = _sign_in(client)
        response = client.post("/organisations/new", data={
            **NEW_ORGANISATION, "region": "RU-KLU", "nace_codes": "99.99",
            "website": "agro.example.org"})
        assert response.status_code == 422
        page = _main(response)
        assert "The region Kaluga Oblast is not in Kyrgyzstan." in page
        assert "Not a NACE Rev. 2 class: 99.99" in page
        assert "Give the full address, starting with https://." in page
        assert 'value="Chüy Agro Lab"' in page
        assert _count(Organisation) == 0
        assert db.session.scalar(select(func.count()).select_from(RoleAssignment)
                                 .where(RoleAssignment.user_id == user.id)) == 0

    def test_a_missing_name_is_refused(self, client, session):
        _sign_in(client)
        response = client.post("/organisations/new", data={**NEW_ORGANISATION, "name": " "})
        assert response.status_code == 422
        assert _count(Organisation) == 0

    def test_the_page_is_in_russian_for_a_russian_reader(self, client, session):
        _sign_in(client, language="ru")
        page = client.get("/organisations/new")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert '<html lang="ru"' in html
        with force_locale("ru"):
            assert gettext("Register an organisation") in html


@pytest.fixture
def office(session):
    """A published organisation that will manage clusters."""
    organisation = new_organisation(name="Astana Cluster Office")
    moderation.publish_organisation(organisation.id, "test")
    db.session.commit()
    return organisation


NEW_CLUSTER = {"name": "Steppe Pharma Cluster", "state": "KZ", "region": "KZ-35", "language": "en",
               "description": "Generic medicines", "technology_fields": ["pharmaceuticals_biotech_medical"],
               "founded_year": "2015", "jobs": "1200", "budget": "50000000",
               "budget_currency": "KZT", "management_helix_role": "intermediary"}


class TestCreateACluster:
    def test_a_member_of_the_management_organisation_creates_a_cluster_and_manages_it(
            self, client, office):
        user = _sign_in(client, f"org_member:{office.id}")
        form = client.get("/clusters/new")
        assert form.status_code == 200
        assert f'<option value="{office.id}">Astana Cluster Office</option>' in _main(form)
        response = client.post("/clusters/new",
                               data={**NEW_CLUSTER, "management_organisation_id": office.id})
        assert response.status_code == 302, _main(response)
        cluster = db.session.scalars(select(Cluster)).one()
        assert response.location == f"/clusters/{cluster.id}"
        assert (cluster.status, cluster.management_organisation_id, cluster.jobs,
                cluster.budget, cluster.budget_currency) == ("pending", office.id, 1200,
                                                             50000000, "KZT")
        assert [(m.organisation_id, m.helix_role) for m in cluster.members] == [
            (office.id, "intermediary")]
        db.session.refresh(user)
        assert user.has_role("cluster_manager", cluster.id)
        page = _main(client.get(response.location))
        assert "Edit the cluster" in page and "Manage the members" in page

    def test_bad_values_are_shown_and_nothing_is_written(self, client, office):
        _sign_in(client, f"org_member:{office.id}")
        response = client.post("/clusters/new", data={
            **NEW_CLUSTER, "management_organisation_id": office.id, "region": "RU-KLU",
            "budget_currency": "", "founded_year": "1800"})
        assert response.status_code == 422
        page = _main(response)
        assert "The region Kaluga Oblast is not in Kazakhstan." in page
        assert "Give the currency of the budget." in page
        assert "Give a year between 1900 and this year." in page
        assert (_count(Cluster), _count(ClusterMember)) == (0, 0)

    def test_an_organisation_the_user_does_not_act_for_cannot_manage_the_cluster(self, client,
                                                                                  office):
        other = new_organisation(name="Someone Else LLP")
        db.session.commit()
        _sign_in(client, f"org_member:{office.id}")
        response = client.post("/clusters/new",
                               data={**NEW_CLUSTER, "management_organisation_id": other.id})
        assert response.status_code == 422
        assert _count(Cluster) == 0
        assert client.get(f"/clusters/new?organisation={other.id}").get_data(
            as_text=True).count("Someone Else LLP") == 0

    def test_an_organisation_beyond_the_id_columns_named_by_the_link_is_not_found(self, client,
                                                                                  office):
        _sign_in(client, f"org_member:{office.id}")
        for raw in ("2147483648", "99999999999999999999", "%C2%B2"):
            assert client.get(f"/clusters/new?organisation={raw}").status_code == 404

    def test_the_secretariat_creates_a_cluster_from_the_organisations_page(self, client, office):
        _sign_in(client, "secretariat")
        profile = _main(client.get(f"/organisations/{office.id}"))
        link = re.search(r'href="(/clusters/new\?organisation=\d+)"', profile)
        assert link, profile
        form = _main(client.get(link.group(1)))
        assert f'<option selected value="{office.id}">Astana Cluster Office</option>' in form
        response = client.post(link.group(1),
                               data={**NEW_CLUSTER, "management_organisation_id": office.id})
        assert response.status_code == 302, _main(response)

    def test_a_user_without_an_organisation_is_refused(self, client, office):
        _sign_in(client)
        assert client.get("/clusters/new").status_code == 403
        assert client.post("/clusters/new", data={**NEW_CLUSTER,
                           "management_organisation_id": office.id}).status_code == 403
        assert _count(Cluster) == 0


@pytest.fixture
def cluster(office):
    """A published cluster of ``office`` (its intermediary member), with a member from Russia."""
    made = new_cluster(office, name="Steppe Pharma Cluster")
    russian = new_organisation(name="Kaluga Plant", state="RU", region="RU-KLU")
    moderation.publish_organisation(russian.id, "test")
    services.add_cluster_member(made.id, office.id, "intermediary", "test")
    services.add_cluster_member(made.id, russian.id, "business", "test")
    moderation.publish_cluster(made.id, "test")
    db.session.commit()
    return made


def _version(page) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"',
                     page.get_data(as_text=True)).group(1)


def _cluster_form(cluster, version, **changes) -> dict:
    return {"name": cluster.name, "state": cluster.state_code, "region": cluster.region_code,
            "language": cluster.language, "description": "", "version": version} | changes


class TestEditACluster:
    def test_the_manager_edits_the_cluster(self, client, cluster):
        _sign_in(client, f"cluster_manager:{cluster.id}")
        version = _version(client.get(f"/clusters/{cluster.id}/edit"))
        response = client.post(f"/clusters/{cluster.id}/edit",
                               data=_cluster_form(cluster, version, jobs="340"))
        assert response.status_code == 302, _main(response)
        db.session.refresh(cluster)
        assert (cluster.jobs, cluster.status) == (340, "published")

    def test_a_stale_form_is_a_conflict_that_keeps_the_editors_values(self, client, cluster):
        _sign_in(client, f"cluster_manager:{cluster.id}")
        version = _version(client.get(f"/clusters/{cluster.id}/edit"))
        services.update_cluster(cluster.id, {"jobs": 5}, cluster.version, "someone else")
        db.session.commit()
        response = client.post(f"/clusters/{cluster.id}/edit",
                               data=_cluster_form(cluster, version, description="Mine"))
        assert response.status_code == 409
        page = _main(response)
        assert "Someone else changed this profile while you were editing it" in page
        assert "Mine" in page
        db.session.refresh(cluster)
        assert (cluster.jobs, cluster.description) == (5, "")
        assert _version(response) == str(cluster.version)

    def test_invalid_values_are_shown(self, client, cluster):
        _sign_in(client, "secretariat")
        version = _version(client.get(f"/clusters/{cluster.id}/edit"))
        response = client.post(f"/clusters/{cluster.id}/edit",
                               data=_cluster_form(cluster, version, budget="10", jobs="many"))
        assert response.status_code == 422
        assert "Must be a whole number." in _main(response)
        response = client.post(f"/clusters/{cluster.id}/edit",
                               data=_cluster_form(cluster, version, budget="10"))
        assert response.status_code == 422
        assert "Give the currency of the budget." in _main(response)
        db.session.refresh(cluster)
        assert cluster.budget is None

    def test_only_its_managers_and_the_secretariat_edit_a_cluster(self, client, cluster):
        _sign_in(client, f"cluster_manager:{cluster.id + 1}")
        assert client.get(f"/clusters/{cluster.id}/edit").status_code == 403
        assert client.post(f"/clusters/{cluster.id}/edit",
                           data=_cluster_form(cluster, "1", name="Taken")).status_code == 403
        assert "Manage the members" not in _main(client.get(f"/clusters/{cluster.id}"))
        db.session.refresh(cluster)
        assert cluster.name == "Steppe Pharma Cluster"


def _members(cluster) -> dict[str, str]:
    return {m.organisation.name: m.helix_role for m in db.session.scalars(
        select(ClusterMember).where(ClusterMember.cluster_id == cluster.id))}


class TestManageMembers:
    def test_the_manager_finds_and_invites_an_organisation_of_another_state(self, client, cluster):
        armenian = new_organisation(name="Yerevan Pharma Institute", state="AM", region="AM-ER",
                                    kind="research_institute")
        moderation.publish_organisation(armenian.id, "test")
        new_organisation(name="Pending Pharma", state="AM", region="AM-ER")
        db.session.commit()
        _sign_in(client, f"cluster_manager:{cluster.id}")
        listing = _main(client.get(f"/clusters/{cluster.id}/members"))
        assert "Kaluga Plant" in listing and "Manages the cluster" in listing
        found = _main(client.get(f"/clusters/{cluster.id}/members?q=pharma"))
        assert "Yerevan Pharma Institute" in found
        assert "Pending Pharma" not in found  # not published
        assert "1 organisation found." in found
        response = client.post(f"/clusters/{cluster.id}/members",
                               data={"organisation_id": armenian.id, "helix_role": "academia"})
        assert response.status_code == 302
        assert "Yerevan Pharma Institute" not in _members(cluster)
        page = _main(client.get(response.location))
        assert "Yerevan Pharma Institute is invited." in page
        assert "Withdraw the invitation" in page

    def test_adding_twice_or_an_unknown_organisation_shows_the_reason(self, client, cluster):
        _sign_in(client, f"cluster_manager:{cluster.id}")
        russian_id = next(m.organisation_id for m in cluster.members if m.helix_role == "business")
        twice = client.post(f"/clusters/{cluster.id}/members",
                            data={"organisation_id": russian_id, "helix_role": "academia"})
        assert twice.status_code == 409
        assert "This organisation is already a member of the cluster." in _main(twice)
        unknown = client.post(f"/clusters/{cluster.id}/members",
                              data={"organisation_id": "987654", "helix_role": "academia"})
        assert unknown.status_code == 422 and "No such organisation." in _main(unknown)
        assert _members(cluster) == {"Astana Cluster Office": "intermediary",
                                     "Kaluga Plant": "business"}

    def test_the_manager_changes_a_role_and_removes_a_member(self, client, cluster):
        _sign_in(client, f"cluster_manager:{cluster.id}")
        russian_id = next(m.organisation_id for m in cluster.members if m.helix_role == "business")
        changed = client.post(f"/clusters/{cluster.id}/members/{russian_id}/role",
                              data={f"role-{russian_id}-helix_role": "government"})
        assert changed.status_code == 302
        assert _members(cluster)["Kaluga Plant"] == "government"
        wrong = client.post(f"/clusters/{cluster.id}/members/{russian_id}/role",
                            data={f"role-{russian_id}-helix_role": "wizard"})
        assert wrong.status_code == 422
        removed = client.post(f"/clusters/{cluster.id}/members/{russian_id}/remove")
        assert removed.status_code == 302
        assert "Kaluga Plant is no longer a member of the cluster." in _main(
            client.get(removed.location))
        assert _members(cluster) == {"Astana Cluster Office": "intermediary"}

    def test_the_management_organisation_cannot_be_removed(self, client, cluster, office):
        _sign_in(client, "secretariat")
        response = client.post(f"/clusters/{cluster.id}/members/{office.id}/remove")
        assert response.status_code == 409
        assert "Astana Cluster Office manages the cluster and stays a member." in _main(response)
        assert "Astana Cluster Office" in _members(cluster)

    def test_a_stranger_may_not_manage_the_members(self, client, cluster, office):
        _sign_in(client, f"org_member:{office.id}")
        russian_id = next(m.organisation_id for m in cluster.members if m.helix_role == "business")
        assert client.get(f"/clusters/{cluster.id}/members").status_code == 403
        _sign_in(client, f"cluster_manager:{cluster.id + 1}")
        assert client.get(f"/clusters/{cluster.id}/members").status_code == 403
        assert client.post(f"/clusters/{cluster.id}/members/{russian_id}/remove").status_code == 403
        assert client.post(f"/clusters/{cluster.id}/members/{russian_id}/role",
                           data={f"role-{russian_id}-helix_role": "academia"}).status_code == 403
        assert client.post(f"/clusters/{cluster.id}/members",
                           data={"organisation_id": office.id, "helix_role": "academia"}
                           ).status_code == 403
        assert _members(cluster) == {"Astana Cluster Office": "intermediary",
                                     "Kaluga Plant": "business"}


def test_the_clusters_list_and_the_dashboard_link_to_the_new_pages(client, office):
    _sign_in(client, f"org_member:{office.id}")
    for path in ("/clusters", "/dashboard"):
        page = _main(client.get(path))
        assert 'href="/organisations/new"' in page and 'href="/clusters/new"' in page, path


def test_a_user_without_an_organisation_is_offered_only_the_registration(client, session):
    _sign_in(client)
    page = _main(client.get("/clusters"))
    assert 'href="/organisations/new"' in page and 'href="/clusters/new"' not in page
