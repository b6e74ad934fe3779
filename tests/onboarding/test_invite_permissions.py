"""Who may invite whom: the predicate table of the onboarding design."""

import pytest
from flask_login import AnonymousUserMixin

from portal.accounts.roles import Role, RoleSpec
from portal.extensions import db
from portal.onboarding.permissions import can_invite, can_invite_anyone, invitable_roles
from portal.registry.models import Cluster
from tests.factories import make_organisation, make_user


@pytest.fixture
def scopes(session):
    """An organisation and a cluster in Kazakhstan, and the same in Russia."""
    kz_org = make_organisation(state="KZ", region="KZ-35")
    ru_org = make_organisation(state="RU", region="RU-KLU")
    clusters = {}
    for state, region, organisation in (("KZ", "KZ-35", kz_org), ("RU", "RU-KLU", ru_org)):
        cluster = Cluster(name=f"Cluster {state}", state_code=state, region_code=region,
                          language="ru", management_organisation_id=organisation.id)
        db.session.add(cluster)
        db.session.flush()
        clusters[state] = cluster.id
    return {"kz_org": kz_org.id, "ru_org": ru_org.id, "kz_cluster": clusters["KZ"],
            "ru_cluster": clusters["RU"]}


ALLOWED, REFUSED = True, False

TABLE = [
    ("admin", "admin", ALLOWED),
    ("admin", "secretariat", ALLOWED),
    ("admin", "org_member:{ru_org}", ALLOWED),
    ("secretariat", "admin", REFUSED),
    ("secretariat", "secretariat", ALLOWED),
    ("secretariat", "council_member:KZ", ALLOWED),
    ("secretariat", "org_admin:{kz_org}", ALLOWED),
    ("contact_point:KZ", "org_admin:{kz_org}", ALLOWED),
    ("contact_point:KZ", "org_member:{kz_org}", ALLOWED),
    ("contact_point:KZ", "cluster_manager:{kz_cluster}", ALLOWED),
    ("contact_point:KZ", "expert", ALLOWED),
    ("contact_point:KZ", "org_member:{ru_org}", REFUSED),
    ("contact_point:KZ", "cluster_manager:{ru_cluster}", REFUSED),
    ("contact_point:KZ", "contact_point:KZ", REFUSED),
    ("contact_point:KZ", "council_member:KZ", REFUSED),
    ("contact_point:KZ", "secretariat", REFUSED),
    ("contact_point:KZ", "admin", REFUSED),
    ("org_admin:{kz_org}", "org_member:{kz_org}", ALLOWED),
    ("org_admin:{kz_org}", "org_admin:{kz_org}", ALLOWED),
    ("org_admin:{kz_org}", "org_member:{ru_org}", REFUSED),
    ("org_admin:{kz_org}", "cluster_manager:{kz_cluster}", REFUSED),
    ("org_admin:{kz_org}", "expert", REFUSED),
    ("org_member:{kz_org}", "org_member:{kz_org}", REFUSED),
    ("cluster_manager:{kz_cluster}", "org_member:{kz_org}", REFUSED),
    ("expert", "expert", REFUSED),
    ("council_member:KZ", "org_member:{kz_org}", REFUSED),
]


@pytest.mark.parametrize(("inviter", "invited", "allowed"), TABLE,
                         ids=[f"{a}-invites-{b}-{'yes' if c else 'no'}" for a, b, c in TABLE])
def test_can_invite_follows_the_table(scopes, inviter, invited, allowed):
    user = make_user(inviter.format(**scopes))
    assert can_invite(user, RoleSpec.parse(invited.format(**scopes))) is allowed


def test_a_contact_point_may_not_invite_to_an_organisation_that_does_not_exist(session):
    user = make_user("contact_point:KZ")
    assert can_invite(user, RoleSpec.parse("org_member:999999")) is False


def test_an_anonymous_visitor_may_invite_nobody(session):
    anonymous = AnonymousUserMixin()
    assert can_invite(anonymous, RoleSpec.parse("expert")) is False
    assert can_invite_anyone(anonymous) is False
    assert invitable_roles(anonymous) == []


@pytest.mark.parametrize(("role", "may"), [
    ("admin", True), ("secretariat", True), ("contact_point:RU", True), ("org_admin:1", True),
    ("org_member:1", False), ("expert", False), ("cluster_manager:1", False),
    ("council_member:RU", False),
])
def test_only_inviting_roles_see_the_invitation_pages(session, role, may):
    assert can_invite_anyone(make_user(role)) is may


def test_the_role_choices_follow_the_inviters_roles(session):
    assert invitable_roles(make_user("org_admin:1")) == [Role.ORG_ADMIN, Role.ORG_MEMBER]
    assert Role.ADMIN not in invitable_roles(make_user("secretariat"))
    assert set(invitable_roles(make_user("contact_point:RU"))) == {
        Role.ORG_ADMIN, Role.ORG_MEMBER, Role.CLUSTER_MANAGER, Role.EXPERT}
    assert invitable_roles(make_user("admin")) == list(Role)
