"""A profile change reaches a real worker: it embeds the texts and rebuilds the shared index."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.matching import index as index_module
from portal.matching.models import OrganisationVector
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
    root = Path(portal_app.config["PORTAL_DATA_DIR"]) / "matching"
    wait_until(lambda: index_module.open_current(root) is not None
               and organisation_id in index_module.open_current(root).row_of,
               timeout=60, what="the worker to rebuild the index", log=worker.log_text)

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
