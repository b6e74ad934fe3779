"""A profile or an ad changed in the web tier is re-indexed by the worker after the commit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.partnering import services as partnering
from portal.registry import services as registry
from portal.registry.models import Organisation
from portal.search.models import SearchDocument
from tests.factories import make_organisation, make_user
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker


def _document(app, organisation_id: int):
    with app.app_context():
        row = db.session.scalar(select(SearchDocument).where(
            SearchDocument.kind == "organisation", SearchDocument.object_id == organisation_id))
        found = None if row is None else (row.title, row.public)
        db.session.rollback()
        return found


def test_a_published_profile_is_indexed_by_the_worker(portal_app, worker, published):
    with portal_app.app_context():
        organisation = registry.create_organisation(
            name="Gomel Titanium", kind="enterprise", state="BY", region="BY-HO", language="en",
            description="Titanium alloys", actor="test")
        organisation_id = organisation.id
        db.session.commit()
    assert ("portal.search.tasks.index_document", ["organisation", organisation_id]) in [
        (name, args) for name, args, _id in published]
    wait_until(lambda: _document(portal_app, organisation_id) == ("Gomel Titanium", False), 30,
               what="the pending profile to be indexed", log=worker.log_text)

    with portal_app.app_context():
        registry.publish_organisation(organisation_id, actor="test")
        db.session.commit()
    wait_until(lambda: _document(portal_app, organisation_id) == ("Gomel Titanium", True), 30,
               what="the published profile to be re-indexed", log=worker.log_text)


def _ad_document(app, ad_id: int):
    with app.app_context():
        row = db.session.scalar(select(SearchDocument).where(
            SearchDocument.kind == "ad", SearchDocument.object_id == ad_id))
        found = None if row is None else (row.title, row.public)
        db.session.rollback()
        return found


def test_a_posted_then_withdrawn_ad_is_reindexed_by_the_worker(portal_app, worker, published):
    with portal_app.app_context():
        organisation = make_organisation(name="Vitebsk Steril", state="BY", region="BY-VI")
        owner = make_user(f"org_admin:{organisation.id}", email="ad-owner@example.org")
        ad = partnering.post_ad(organisation_id=organisation.id, kind="technology_offer",
                                title="Ethylene-oxide sterilisation", body="ISO 11135",
                                actor=owner)
        ad_id, owner_id = ad.id, owner.id
        db.session.commit()
    wait_until(lambda: _ad_document(portal_app, ad_id) == ("Ethylene-oxide sterilisation", True),
               30, what="the posted ad to be indexed", log=worker.log_text)

    with portal_app.app_context():
        partnering.withdraw_ad(ad_id, db.session.get(User, owner_id))
        db.session.commit()
    wait_until(lambda: _ad_document(portal_app, ad_id) == ("Ethylene-oxide sterilisation", False),
               30, what="the withdrawn ad to be re-indexed", log=worker.log_text)


def test_profiles_created_together_are_indexed_by_one_task_per_batch(portal_app, worker,
                                                                     published):
    with portal_app.app_context():
        organisations = [Organisation(  # written in one flush, as an import writes them
            name=f"Grodno Optics {i}", kind="enterprise", state_code="BY", region_code="BY-HR",
            language="en", description="Optical glass", offers=[], needs=[], nace_codes=[])
            for i in range(3)]
        db.session.add_all(organisations)
        db.session.commit()
        ids = sorted(organisation.id for organisation in organisations)
    sent = [(name, args) for name, args, _id in published if name.startswith("portal.search")]
    assert [(name, [kind, sorted(batch)]) for name, (kind, batch) in sent] == [
        ("portal.search.tasks.index_documents", ["organisation", ids])]
    for organisation_id, number in zip(ids, range(3), strict=True):
        wait_until(lambda o=organisation_id, n=number: _document(portal_app, o)
                   == (f"Grodno Optics {n}", False), 30,
                   what="each profile of the batch to be indexed", log=worker.log_text)
