"""Moderation: publishing and returning profiles, and the e-mails their owners get in their
own language."""

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.core.errors import ConflictError, ValidationError
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.registry import moderation, services
from tests.factories import make_user
from tests.registry.conftest import new_cluster

pytestmark = pytest.mark.usefixtures("in_request")


def _mails(template: str) -> dict[str, OutboxMessage]:
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template))
    return {row.recipient: row for row in rows}


def test_publishing_tells_every_owner_in_their_own_language(session, people):
    organisation = people["organisation"]
    moderation.publish_organisation(organisation.id, people["contact_kz"])
    assert organisation.status == "published"
    sent = _mails("profile_published")
    assert set(sent) == {people["admin_en"].email, people["member_ru"].email}
    english, russian = sent[people["admin_en"].email], sent[people["member_ru"].email]
    assert (english.language, russian.language) == ("en", "ru")
    assert english.subject == "Your profile Karaganda Tablets LLP is published"
    assert english.body.startswith("Hello,")
    assert russian.body.startswith("Здравствуйте!")
    assert f"/organisations/{organisation.id}" in english.body


def test_publishing_a_published_profile_tells_no_one_again(session, people):
    organisation = people["organisation"]
    moderation.publish_organisation(organisation.id, "test")
    moderation.publish_organisation(organisation.id, "test")
    assert len(_mails("profile_published")) == 2


def test_returning_needs_a_reason_and_gives_it_to_the_owners(session, people):
    organisation = people["organisation"]
    with pytest.raises(ValidationError) as raised:
        moderation.return_organisation(organisation.id, "  ", people["contact_kz"])
    assert set(raised.value.fields) == {"reason"}
    moderation.return_organisation(organisation.id, "Name the region you work in.",
                                   people["contact_kz"])
    assert (organisation.status, organisation.return_reason) == ("returned",
                                                                 "Name the region you work in.")
    sent = _mails("profile_returned")
    assert set(sent) == {people["admin_en"].email, people["member_ru"].email}
    assert "Name the region you work in." in sent[people["member_ru"].email].body
    assert sent[people["admin_en"].email].subject == "Your profile Karaganda Tablets LLP needs changes"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "organisation.return")).one()
    assert entry.data == {"reason": "Name the region you work in."}


def test_returning_twice_is_a_conflict_and_publishing_clears_the_reason(session, people):
    organisation = people["organisation"]
    moderation.return_organisation(organisation.id, "Too short", "test")
    with pytest.raises(ConflictError):
        moderation.return_organisation(organisation.id, "Still too short", "test")
    moderation.publish_organisation(organisation.id, "test")
    assert (organisation.status, organisation.return_reason) == ("published", None)


def test_cluster_moderation_tells_its_managers(session, people):
    cluster = new_cluster(people["organisation"])
    manager = make_user(f"cluster_manager:{cluster.id}", language="ru")
    moderation.return_cluster(cluster.id, "Add the members", "test")
    moderation.publish_cluster(cluster.id, "test")
    assert set(_mails("profile_returned")) == set(_mails("profile_published")) == {manager.email}


def test_the_services_module_still_offers_publishing(session, people):
    assert services.publish_organisation is moderation.publish_organisation
