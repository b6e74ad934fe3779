"""Registry services: validation, conflicts, publication and their audit entries."""

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, ValidationError
from portal.registry import services as registry


@pytest.fixture(autouse=True)
def english_request(app, session):
    """Messages are translated in the request's language; services raise them in a request."""
    with app.test_request_context("/api/v1/organisations", headers={"Accept-Language": "en"}):
        yield


def _organisation(**overrides):
    values = {"name": "Test Pharma LLP", "kind": "enterprise", "state": "KZ", "region": "KZ-35",
              "language": "en", "nace_codes": ["21.20"],
              "technology_fields": ["pharmaceuticals_biotech_medical"], "actor": "test"}
    values.update(overrides)
    return registry.create_organisation(**values)


def _actions(session, obj: str) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).where(AuditEntry.object == obj)
                                .order_by(AuditEntry.seq)))


def test_created_organisation_is_pending_and_audited(session):
    organisation = _organisation(offers=["Tablets"], external_ref="t-1")
    assert organisation.status == "pending"
    assert [f.key for f in organisation.technology_fields] == ["pharmaceuticals_biotech_medical"]
    assert _actions(session, f"organisation:{organisation.id}") == ["organisation.create"]


def test_former_kazakh_region_codes_are_stored_as_the_current_ones(session):
    assert _organisation(region="KZ-KAR").region_code == "KZ-35"


def test_every_invalid_value_is_reported_at_once(session):
    with pytest.raises(ValidationError) as raised:
        _organisation(kind="club", region="RU-KLU", nace_codes=["21.2", "99.99"],
                      technology_fields=["alchemy"], language="xx", name=" ")
    assert set(raised.value.fields) == {"kind", "region", "nace_codes", "technology_fields",
                                        "language", "name"}
    assert raised.value.fields["nace_codes"] == ["Not a NACE Rev. 2 class: 21.2, 99.99"]


def test_a_national_code_may_follow_the_nace_class(session):
    assert _organisation(nace_codes=["21.20/21.20.1"]).nace_codes == ["21.20/21.20.1"]


def test_a_taken_external_reference_is_a_conflict(session):
    _organisation(external_ref="t-2")
    with pytest.raises(ConflictError):
        _organisation(external_ref="t-2")


def test_publishing_twice_writes_one_audit_entry(session):
    organisation = _organisation()
    registry.publish_organisation(organisation.id, "test")
    registry.publish_organisation(organisation.id, "test")
    assert organisation.status == "published"
    assert _actions(session, f"organisation:{organisation.id}") == ["organisation.create",
                                                                     "organisation.publish"]


def test_cluster_members_are_added_once_with_a_known_helix_role(session):
    office = _organisation(name="Cluster office")
    firm = _organisation(name="Member firm", region="RU-ALT", state="RU")
    cluster = registry.create_cluster(name="Test cluster", state="KZ", region="KZ-35",
                                      language="ru", management_organisation_id=office.id,
                                      actor="test")
    registry.add_cluster_member(cluster.id, firm.id, "business", "test")
    with pytest.raises(ConflictError):
        registry.add_cluster_member(cluster.id, firm.id, "academia", "test")
    with pytest.raises(ValidationError):
        registry.add_cluster_member(cluster.id, office.id, "wizard", "test")
    registry.publish_cluster(cluster.id, "test")
    assert [m.organisation.name for m in cluster.members] == ["Member firm"]
    assert _actions(session, f"cluster:{cluster.id}") == ["cluster.create", "cluster.member_add",
                                                           "cluster.publish"]


def test_a_cluster_needs_an_existing_management_organisation(session):
    with pytest.raises(ValidationError) as raised:
        registry.create_cluster(name="Orphan", state="RU", region="RU-KLU", language="ru",
                                management_organisation_id=987654, actor="test")
    assert "management_organisation_id" in raised.value.fields
