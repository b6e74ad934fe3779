"""The demo data of DESIGN 7: loaded once, complete, consistent with the reference tables."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from portal.accounts import services as accounts
from portal.accounts import two_factor
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.audit import AuditEntry
from portal.demo.clusters import CLUSTERS
from portal.demo.loader import DEMO_PASSWORD, demo_logins, demo_people, load_demo
from portal.reference.models import NaceCode, Region
from portal.registry.models import Cluster, ClusterMember, Organisation

MEMBERS_BY_REGION = {"RU-KLU": 14, "RU-SPE": 12, "RU-YAR": 8, "RU-ALT": 8, "RU-SMO": 6,
                     "KZ-35": 8, "KZ-79": 10, "KZ-55": 6, "BY-VI": 10, "BY-HM": 8, "KG-C": 6,
                     "AM-ER": 8}


@pytest.fixture
def demo(session):
    load_demo()
    return session


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _demo_organisations(session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).where(Organisation.external_ref.like("demo-%"))))


def test_loading_twice_creates_nothing_the_second_time(session):
    first = load_demo()
    totals = [_count(session, model) for model in (User, Organisation, Cluster, ClusterMember,
                                                   AuditEntry)]
    second = load_demo()
    assert first == {"users created": 55, "organisations created": 104, "clusters created": 12,
                     "members added": 104}
    assert set(second.values()) == {0}
    assert [_count(session, model) for model in (User, Organisation, Cluster, ClusterMember,
                                                 AuditEntry)] == totals


def test_twelve_published_demo_clusters_have_the_member_counts_of_the_design(demo):
    clusters = demo.scalars(select(Cluster)).all()
    assert {c.region_code: len(c.members) for c in clusters} == MEMBERS_BY_REGION
    assert all("(demo)" in c.name and c.status == "published" for c in clusters)
    assert all(c.management_organisation_id in {m.organisation_id for m in c.members}
               for c in clusters)


def test_quality_labels_and_the_university_led_vitebsk_cluster(demo):
    by_region = {c.region_code: c for c in demo.scalars(select(Cluster))}
    assert by_region["RU-KLU"].quality_label == "ESCA Silver (since 2017)"
    assert by_region["KZ-79"].quality_label == "ESCA Bronze (2019)"
    vitebsk = by_region["BY-VI"]
    assert vitebsk.founded_year == 2015
    assert vitebsk.management_organisation.kind == "university"


def test_every_organisation_has_a_nace_class_a_helix_role_and_a_real_region_of_its_state(demo):
    organisations = _demo_organisations(demo)
    assert len(organisations) == 104
    classes = set(demo.scalars(select(NaceCode.code).where(NaceCode.level == "class")))
    regions = {r.code: r.state_code for r in demo.scalars(select(Region))}
    roles = dict(demo.execute(select(ClusterMember.organisation_id, ClusterMember.helix_role)).all())
    for organisation in organisations:
        assert organisation.nace_codes and set(organisation.nace_codes) <= classes, organisation.name
        assert roles[organisation.id] in {"business", "academia", "government", "intermediary"}
        assert regions[organisation.region_code] == organisation.state_code, organisation.name
        assert organisation.status == "published"
        assert organisation.description and 1 <= len(organisation.offers) <= 3
        assert len(organisation.needs) <= 3 and organisation.technology_fields


def test_members_sit_in_the_state_of_their_cluster(demo):
    for cluster in demo.scalars(select(Cluster)):
        assert {m.organisation.state_code for m in cluster.members} == {cluster.state_code}


def test_members_are_mostly_businesses_with_a_fifth_from_academia(demo):
    roles = Counter(demo.scalars(select(ClusterMember.helix_role)))
    total = sum(roles.values())
    assert 0.6 <= roles["business"] / total <= 0.7
    assert 0.15 <= roles["academia"] / total <= 0.25
    kinds = Counter(o.kind for o in _demo_organisations(demo))
    assert set(kinds) == {"enterprise", "university", "research_institute", "government",
                          "development_institution", "financial"}


def test_profiles_are_written_in_the_languages_of_their_states(demo):
    languages = Counter((o.state_code == "AM", o.language) for o in _demo_organisations(demo))
    assert languages[(True, "en")] > languages[(True, "ru")]
    assert languages[(False, "ru")] > 4 * languages[(False, "en")] > 0


def _texts(session, region_prefix: str, attribute: str) -> str:
    return " ".join(" ".join(getattr(o, attribute)) for o in _demo_organisations(session)
                    if o.region_code.startswith(region_prefix)).lower()


def test_needs_meet_offers_across_borders_and_languages(demo):
    assert "стерилизация медицинских изделий этиленоксидом" in _texts(demo, "RU-SMO", "needs")
    assert "ethylene-oxide sterilisation of medical devices" in _texts(demo, "BY-VI", "offers")
    assert "каустической соды" in _texts(demo, "RU-ALT", "needs")
    assert "caustic soda" in _texts(demo, "KZ-55", "offers")
    assert "биоудобрения" in _texts(demo, "KZ-31", "needs")
    assert "biofertilisers" in _texts(demo, "KG-C", "offers")


def test_demo_creation_is_audited_with_the_demo_actor(demo):
    actions = Counter(demo.scalars(select(AuditEntry.action).where(AuditEntry.actor == "demo")))
    assert actions["organisation.create"] == actions["organisation.publish"] == 104
    assert actions["cluster.create"] == actions["cluster.publish"] == 12
    assert actions["cluster.member_add"] == 104
    assert actions["user.create"] == 55


def test_every_role_of_the_design_has_a_demo_login(demo):
    roles = {role.partition(":")[0] for line, _email in demo_logins() for role in line.split(", ")}
    assert roles == {str(role) for role in Role}
    users = {accounts.user_by_email(person.email) for person in demo_people()}
    assert None not in users
    assert {Role(r.role) for user in users for r in user.roles} == set(Role)


def test_cluster_logins_are_scoped_to_their_cluster_and_organisations(demo):
    kaluga = demo.scalar(select(Cluster).where(Cluster.region_code == "RU-KLU"))
    manager = accounts.user_by_email("manager.kaluga@demo.portal")
    office = accounts.user_by_email("office.kaluga@demo.portal")
    member = accounts.user_by_email("member.kaluga@demo.portal")
    assert manager.has_role(Role.CLUSTER_MANAGER, kaluga.id)
    assert office.has_role(Role.ORG_ADMIN, kaluga.management_organisation_id)
    firm = demo.scalar(select(Organisation).where(Organisation.external_ref == "demo-ru-klu-02"))
    assert member.has_role(Role.ORG_MEMBER, firm.id)


def test_two_factor_users_have_a_secret_and_sign_in_with_the_printed_code(demo, runner):
    needing = [u for u in demo.scalars(select(User)) if two_factor.requires_two_factor(u)]
    assert len(needing) == 12 and all(u.totp_secret for u in needing)
    step = accounts.check_credentials("council.kz@demo.portal", DEMO_PASSWORD)
    assert step.needs_code and not step.needs_setup
    printed = runner.invoke(args=["users", "totp", "council.kz@demo.portal"]).output.strip()
    assert accounts.check_second_factor(step.user, printed)


def test_every_demo_user_signs_in_with_the_demo_password(demo):
    for person in demo_people()[::9]:
        assert accounts.check_credentials(person.email, DEMO_PASSWORD).user.email == person.email


def test_demo_load_command_prints_every_login(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "104 organisations created" in result.output and DEMO_PASSWORD in result.output
    for person in demo_people():
        assert person.email in result.output
    assert "cluster_manager:" in result.output and "org_admin:" in result.output


def test_catalogue_keeps_one_management_organisation_first_in_each_cluster():
    assert len(CLUSTERS) == 12
    assert len({c.key for c in CLUSTERS}) == 12
    for cluster in CLUSTERS:
        assert cluster.members[0].helix in {"intermediary", "academia"}
        assert cluster.members[cluster.member_login].helix == "business"
