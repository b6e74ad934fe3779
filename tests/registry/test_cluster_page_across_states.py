"""The public page of a cluster across member states: its classification in words, its border
pairs by region names in the reader's language, the states taking part, the coordinator and
each state's co-managing organisation, and the members by state and helix role.

The clusters are written directly (the membership services keep ``classification`` current);
their classification is the classifier's verdict on the members' regions."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.reference.queries import classify_regions
from portal.registry.models import Cluster, ClusterInvitation, ClusterMember
from tests.factories import make_organisation


def published(name: str, region: str, **fields):
    return make_organisation(region.partition("-")[0], region, name=name, status="published",
                             **fields)


def cluster_of(coordinator, members, **fields) -> Cluster:
    """A published cluster led by ``coordinator`` with ``members`` as ``(organisation, role,
    manages)``, classified from the regions of the coordinator and the members."""
    regions = [coordinator.region_code, *(organisation.region_code for organisation, *_ in members)]
    values = {"name": "Vitebsk–Smolensk medical devices", "state_code": coordinator.state_code,
              "region_code": coordinator.region_code, "language": "en", "status": "published",
              "management_organisation_id": coordinator.id,
              "classification": str(classify_regions(regions).classification)}
    values.update(fields)
    cluster = Cluster(**values)
    cluster.members = [ClusterMember(organisation_id=organisation.id, helix_role=role,
                                     manages=manages) for organisation, role, manages in members]
    db.session.add(cluster)
    db.session.flush()
    return cluster


@pytest.fixture
def devices(session):
    """A cross-border cluster: coordinated from Vitebsk, co-managed from Smolensk."""
    university = published("Vitebsk Medical University", "BY-VI", kind="university")
    made = {
        "university": university,
        "agency": published("Vitebsk Regional Agency", "BY-VI", kind="government"),
        "smolensk_office": published("Smolensk Cluster Office", "RU-SMO"),
        "smolensk_firm": published("Smolensk Devices LLC", "RU-SMO"),
    }
    made["cluster"] = cluster_of(university, [
        (university, "academia", True),
        (made["agency"], "government", False),
        (made["smolensk_office"], "intermediary", True),
        (made["smolensk_firm"], "business", False),
    ])
    session.commit()
    return made


def main_of(response) -> str:
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def definition(page: str, term: str) -> str:
    """The text of the ``<dd>`` after the ``<dt>`` named ``term``, tags removed."""
    found = re.search(rf"<dt>{re.escape(term)}</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    assert found, term
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_a_cross_border_cluster_shows_its_kind_pair_states_and_managers(client, devices):
    page = main_of(client.get(f"/clusters/{devices['cluster'].id}",
                              headers={"Accept-Language": "en"}))
    assert definition(page, "Kind of cluster") == "Cross-border"
    assert definition(page, "Bordering regions") == "Vitebsk Region (Belarus) — Smolensk Oblast (Russia)"
    assert definition(page, "Member states taking part") == "Belarus, Russia"
    assert definition(page, "Coordinator") == "Vitebsk Medical University (Belarus)"
    assert definition(page, "Russia: managing organisation") == "Smolensk Cluster Office"


def test_the_pair_is_named_in_the_readers_language(client, devices):
    page = main_of(client.get(f"/clusters/{devices['cluster'].id}",
                              headers={"Accept-Language": "ru"}))
    assert "Витебская область (Беларусь) — Смоленская область (Россия)" in page
    assert "Трансграничный" in page


def test_members_are_grouped_by_state_then_by_helix_role(client, devices):
    page = main_of(client.get(f"/clusters/{devices['cluster'].id}",
                              headers={"Accept-Language": "en"}))
    members = page.split('id="members-heading"')[1]
    headings = re.findall(r"<h([34])[^>]*>([^<]+)</h\1>", members)
    assert headings == [("3", "Belarus"), ("4", "Research and education"), ("4", "Government"),
                        ("3", "Russia"), ("4", "Business"), ("4", "Intermediaries")]
    russia = members.split(">Russia</h3>")[1]
    assert "Smolensk Devices LLC" in russia and "Vitebsk Regional Agency" not in russia


def test_a_member_in_armenia_makes_the_cluster_transnational(client, devices):
    yerevan = published("Yerevan Biotech", "AM-ER")
    cluster = devices["cluster"]
    cluster.members.append(ClusterMember(organisation_id=yerevan.id, helix_role="business"))
    regions = [cluster.region_code, *(m.organisation.region_code for m in cluster.members)]
    cluster.classification = str(classify_regions(regions).classification)
    db.session.commit()
    page = main_of(client.get(f"/clusters/{cluster.id}", headers={"Accept-Language": "en"}))
    assert definition(page, "Kind of cluster") == "Transnational"
    assert definition(page, "Member states taking part") == "Armenia, Belarus, Russia"
    assert definition(page, "Armenia: managing organisation") == "none yet"
    assert "Yerevan Biotech" in page.split(">Armenia</h3>")[1]


def test_an_invited_organisation_counts_for_nothing_on_the_page(client, devices):
    yerevan = published("Yerevan Invited Pharma", "AM-ER")
    db.session.add(ClusterInvitation(cluster_id=devices["cluster"].id, organisation_id=yerevan.id,
                                     helix_role="business", manages=True))
    db.session.commit()
    page = main_of(client.get(f"/clusters/{devices['cluster'].id}",
                              headers={"Accept-Language": "en"}))
    assert definition(page, "Kind of cluster") == "Cross-border"
    assert definition(page, "Member states taking part") == "Belarus, Russia"
    assert "Yerevan Invited Pharma" not in page and "Armenia" not in page


def test_a_national_cluster_has_no_pairs_and_one_state(client, session):
    office = published("Kaluga Cluster Office", "RU-KLU")
    firm = published("Kaluga Generics", "RU-KLU")
    cluster = cluster_of(office, [(office, "intermediary", True), (firm, "business", False)],
                         name="Kaluga pharma")
    session.commit()
    page = main_of(client.get(f"/clusters/{cluster.id}", headers={"Accept-Language": "en"}))
    assert definition(page, "Kind of cluster") == "National"
    assert definition(page, "Member states taking part") == "Russia"
    assert "Bordering regions" not in page and "managing organisation" not in page


#: A region's code in brackets, as "Kaluga Oblast (RU-KLU)" once read.
REGION_CODE_IN_BRACKETS = re.compile(r"\([A-Z]{2}-[A-Z0-9]{1,3}\)")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_cluster_and_organisation_pages_name_regions_without_their_codes(
        client, devices, language):
    headers = {"Accept-Language": language}
    cluster = main_of(client.get(f"/clusters/{devices['cluster'].id}", headers=headers))
    organisation = main_of(client.get(f"/organisations/{devices['university'].id}",
                                      headers=headers))
    region = "Vitebsk Region" if language == "en" else "Витебская область"
    for page in (cluster, organisation):
        assert region in page
        assert not REGION_CODE_IN_BRACKETS.search(page), REGION_CODE_IN_BRACKETS.search(page)
        assert "BY-VI" not in page
    assert definition(cluster, "Region of the coordinator" if language == "en"
                      else "Регион координатора") == region
