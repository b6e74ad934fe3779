"""The dashboard's list of roles names the organisation or cluster a role is held in, as people
know them, rather than its number."""

from __future__ import annotations

from portal.accounts.labels import ROLE_NAMES, role_label
from portal.accounts.roles import Role, RoleSpec
from portal.extensions import db
from portal.reference.queries import state_name
from portal.registry.models import Cluster
from tests.factories import make_organisation, make_user
from tests.pages import signed_in


def test_the_dashboard_names_the_organisation_and_the_cluster_of_each_role(app, session):
    organisation = make_organisation(name="Omsk Catalyst Works")
    cluster = Cluster(name="Irtysh Chemistry Cluster", state_code="RU", region_code="RU-OMS",
                      language="ru", management_organisation_id=organisation.id)
    db.session.add(cluster)
    db.session.flush()
    user = make_user(f"org_member:{organisation.id}", f"cluster_manager:{cluster.id}",
                     "contact_point:KZ")
    db.session.commit()
    page = signed_in(app, user).get("/dashboard").get_data(as_text=True)
    roles = page[page.find('id="roles-heading"'):page.find('id="waiting-heading"')]
    assert "<li>Organisation member: Omsk Catalyst Works</li>" in roles
    assert "<li>Cluster manager: Irtysh Chemistry Cluster</li>" in roles
    assert "<li>National contact point: Kazakhstan</li>" in roles
    assert f"({organisation.id})" not in roles and f"({cluster.id})" not in roles


def test_a_role_is_never_shown_with_a_number_in_brackets(app, session):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert role_label(RoleSpec(Role.ORG_MEMBER, "2")) == str(ROLE_NAMES[Role.ORG_MEMBER])
        assert role_label(RoleSpec(Role.CONTACT_POINT, "AM")) == (
            f"{ROLE_NAMES[Role.CONTACT_POINT]}: {state_name('AM', 'ru')}")
