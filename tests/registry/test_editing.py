"""Editing profiles: optimistic locking, what an edit does to the moderation status, and the
database's CHECK constraints on the new profile values."""

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, ValidationError
from portal.extensions import db
from portal.registry import moderation, services
from portal.registry.models import Cluster, Organisation
from tests.registry.conftest import new_cluster, new_organisation

pytestmark = pytest.mark.usefixtures("in_request")


def test_an_edit_on_the_current_version_saves_and_makes_a_new_version(session):
    organisation = new_organisation()
    services.update_organisation(organisation.id, {"offers": ["Blister packing", " "],
                                                   "size": "small", "languages": ["ru", "kk"]},
                                 1, "test")
    assert organisation.version == 2
    assert organisation.offers == ["Blister packing"]
    assert (organisation.size, organisation.languages) == ("small", ["ru", "kk"])
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "organisation.update")).one()
    assert entry.data == {"fields": ["languages", "offers", "size"], "version": 2}


def test_a_stale_version_is_a_conflict_and_changes_nothing(session):
    organisation = new_organisation()
    services.update_organisation(organisation.id, {"name": "First edit"}, 1, "test")
    with pytest.raises(ConflictError) as raised:
        services.update_organisation(organisation.id, {"name": "Second edit"}, 1, "test")
    assert "Someone else changed this profile" in raised.value.message
    assert raised.value.fields["version"]
    assert organisation.name == "First edit"


def test_an_edit_committed_by_someone_else_meanwhile_is_a_conflict_at_flush(session):
    organisation = new_organisation()
    session.execute(update(Organisation).where(Organisation.id == organisation.id)
                    .values(version=Organisation.version + 1))
    with pytest.raises(ConflictError):
        services.update_organisation(organisation.id, {"name": "Overwrite?"}, 1, "test")
    session.rollback()


def test_changing_only_the_technology_fields_makes_a_new_version(session):
    organisation = new_organisation()
    services.update_organisation(organisation.id, {"technology_fields": ["it_electronics"]}, 1, "t")
    assert [f.key for f in organisation.technology_fields] == ["it_electronics"]
    assert organisation.version == 2


def test_an_edit_that_changes_nothing_writes_nothing(session):
    organisation = new_organisation()
    services.update_organisation(organisation.id, {"name": organisation.name}, 1, "test")
    assert organisation.version == 1


def test_every_invalid_value_of_an_edit_is_reported_at_once(session):
    organisation = new_organisation()
    with pytest.raises(ValidationError) as raised:
        services.update_organisation(organisation.id, {
            "region": "RU-KLU", "size": "huge", "website": "example.org", "status": "published",
            "languages": ["xx"], "nace_codes": ["99.99"]}, 1, "test")
    assert set(raised.value.fields) == {"region", "size", "website", "status", "languages",
                                        "nace_codes"}
    assert organisation.version == 1


def test_editing_a_published_profile_keeps_it_published(session):
    organisation = new_organisation()
    moderation.publish_organisation(organisation.id, "test")
    services.update_organisation(organisation.id, {"description": "Now with more lines"}, 2, "t")
    assert organisation.status == "published"


def test_editing_a_returned_profile_sends_it_back_to_moderation(session):
    organisation = new_organisation()
    moderation.return_organisation(organisation.id, "Add your NACE class", "test")
    services.update_organisation(organisation.id, {"nace_codes": ["21.10"]}, 2, "test")
    assert organisation.status == "pending"


def test_a_cluster_keeps_its_figures_and_structured_quality_label(session):
    office = new_organisation(name="Cluster office")
    cluster = new_cluster(office, budget=1_500_000, budget_currency="kzt", jobs=420,
                          quality_label="ESCA Bronze", quality_label_issuer="ESCA",
                          quality_label_expires_on="2027-06-30", specialisation="Generics")
    assert (cluster.budget_currency, str(cluster.quality_label_expires_on)) == ("KZT", "2027-06-30")
    services.update_cluster(cluster.id, {"jobs": 450, "management_team_size": 4}, 1, "test")
    assert (cluster.jobs, cluster.management_team_size, cluster.version) == (450, 4, 2)
    with pytest.raises(ConflictError):
        services.update_cluster(cluster.id, {"jobs": 1}, 1, "test")


def test_a_cluster_budget_needs_a_known_currency(session):
    office = new_organisation(name="Cluster office")
    with pytest.raises(ValidationError) as raised:
        new_cluster(office, budget=10, jobs=-1, quality_label_expires_on="soon")
    assert set(raised.value.fields) == {"budget_currency", "jobs", "quality_label_expires_on"}
    with pytest.raises(ValidationError) as raised:
        new_cluster(office, budget=10, budget_currency="GBP")
    assert set(raised.value.fields) == {"budget_currency"}


@pytest.mark.parametrize(("model", "values"), [
    (Organisation, {"size": "giant"}),
    (Cluster, {"budget_currency": "GBP"}),
    (Cluster, {"budget": 100, "budget_currency": None}),
])
def test_the_database_refuses_values_outside_the_checks(session, model, values):
    office = new_organisation(name="Cluster office")
    row = office if model is Organisation else new_cluster(office)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        session.execute(update(model).where(model.id == row.id).values(**values))
