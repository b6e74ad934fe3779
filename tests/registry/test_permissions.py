"""The registry's permission predicates, as a table of who may do what to which profile."""

import pytest

from portal.extensions import db
from portal.registry import permissions as can
from portal.registry.models import ProfileStatus
from tests.factories import make_user
from tests.registry.conftest import new_cluster

ANONYMOUS = None

#: who → (view the pending organisation, view the pending cluster, view both once published,
#: edit the organisation, moderate both, manage the cluster, create a cluster it leads)
TABLE = {
    "admin_en": (True, False, True, True, False, False, True),
    "member_ru": (True, False, True, True, False, False, True),
    "outsider": (False, False, True, False, False, False, False),
    "contact_kz": (True, True, True, False, True, False, False),
    "contact_ru": (False, False, True, False, False, False, False),
    "secretariat": (True, True, True, True, True, True, True),
    "admin": (True, True, True, False, False, False, False),
    "nobody": (False, False, True, False, False, False, False),
    "manager": (False, True, True, False, False, True, False),
}


@pytest.fixture
def cast(people):
    cluster = new_cluster(people["organisation"])
    people["manager"] = make_user(f"cluster_manager:{cluster.id}", password=None)
    db.session.commit()
    return people, cluster


@pytest.mark.parametrize("who", list(TABLE))
def test_who_may_do_what(cast, who):
    people, cluster = cast
    user, organisation = people[who], people["organisation"]
    pending = (can.can_view(user, organisation), can.can_view(user, cluster))
    organisation.status = cluster.status = ProfileStatus.PUBLISHED
    assert (*pending,
            can.can_view(user, organisation) and can.can_view(user, cluster),
            can.can_edit_organisation(user, organisation),
            can.can_moderate(user, organisation) and can.can_moderate(user, cluster),
            can.can_manage_cluster(user, cluster),
            can.can_create_cluster(user, organisation)) == TABLE[who]
    assert can.can_create_organisation(user)


def test_a_visitor_sees_published_profiles_only(people):
    organisation = people["organisation"]
    assert not can.can_view(ANONYMOUS, organisation)
    assert not can.can_edit_organisation(ANONYMOUS, organisation)
    assert not can.can_create_organisation(ANONYMOUS)
    organisation.status = ProfileStatus.PUBLISHED
    assert can.can_view(ANONYMOUS, organisation)


@pytest.mark.parametrize(("who", "edit", "moderate", "manage"), [
    ("member_ru", True, False, False), ("contact_ru", False, True, False),
    ("secretariat", True, True, True), ("manager", False, False, True), ("nobody", False, False, False),
])
def test_whether_a_user_holds_any_role_that_could_allow_an_action(cast, who, edit, moderate, manage):
    user = cast[0][who]
    assert (can.may_edit_organisations(user), can.may_moderate(user),
            can.may_manage_clusters(user)) == (edit, moderate, manage)
