"""A profile change reaches a real worker: it embeds the texts and logs the change, which the
index of the web side overlays."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.matching.models import OrganisationVector
from portal.matching.services import current_index
from portal.registry.models import Organisation
from portal.registry.services import create_organisation, publish_organisation
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker


def _vector_count(app, organisation_id: int) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(OrganisationVector).where(
            OrganisationVector.organisation_id == organisation_id))
        db.session.rollback()
        return count


def _indexed(app, organisation_id: int) -> bool:
    with app.app_context():
        try:
            index = current_index()
            return index is not None and organisation_id in index.row_of
        finally:
            db.session.rollback()


def test_a_published_profile_is_embedded_and_indexed_by_the_worker(portal_app, worker):
    with portal_app.app_context():
        organisation = create_organisation(
            name="Vitebsk Beam", kind="enterprise", state="BY", region="BY-VI", language="en",
            offers=["Electron-beam sterilisation of medical devices"],
            needs=["Polymer packaging"], actor="test")
        publish_organisation(organisation.id, "test")
        db.session.commit()
        organisation_id = organisation.id
    wait_until(lambda: _vector_count(portal_app, organisation_id) == 2, timeout=90,
               what="the worker to embed the profile", log=worker.log_text)
    wait_until(lambda: _indexed(portal_app, organisation_id), timeout=60,
               what="the worker's change to reach the index", log=worker.log_text)

    # an unchanged text is not embedded again; a changed one is, and only it
    with portal_app.app_context():
        hashes = dict(db.session.execute(select(OrganisationVector.kind, OrganisationVector.text_hash)
                                         .where(OrganisationVector.organisation_id == organisation_id)).all())
        changed = db.session.get(Organisation, organisation_id)
        changed.needs = ["Polymer blister packaging"]
        db.session.commit()

    def need_rehashed():
        with portal_app.app_context():
            now = dict(db.session.execute(
                select(OrganisationVector.kind, OrganisationVector.text_hash)
                .where(OrganisationVector.organisation_id == organisation_id)).all())
            db.session.rollback()
            return now.get("need") not in (None, hashes["need"]) and now["offer"] == hashes["offer"]

    wait_until(need_rehashed, timeout=60, what="the worker to re-embed the changed need",
               log=worker.log_text)
