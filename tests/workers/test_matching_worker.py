"""A profile change reaches a real worker: it embeds the texts (fast first, then refined by the
slower encoder when both are installed) and logs the change, which the index of the web side
overlays."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.matching import fast, refine
from portal.matching.encoders import get_encoder
from portal.matching.models import OrganisationVector
from portal.matching.services import current_index
from portal.registry.models import Organisation
from portal.registry.services import create_organisation, publish_organisation
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker


def _vector_count(app, organisation_id: int, model: str | None = None) -> int:
    """The organisation's stored vectors (of ``model``, the app's encoder's by default)."""
    with app.app_context():
        if model is None:
            layout = refine.current_layout()
            model = layout.model if layout is not None else get_encoder().name
        count = db.session.scalar(select(func.count()).select_from(OrganisationVector).where(
            OrganisationVector.organisation_id == organisation_id,
            OrganisationVector.model == model))
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
    wait_until(lambda: _vector_count(portal_app, organisation_id) == 2, timeout=120,
               what="the worker to embed the profile in full", log=worker.log_text)
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


def test_a_bulk_of_profiles_is_indexed_from_the_fast_encoder_then_refined(portal_app, worker):
    with portal_app.app_context():
        if refine.current_layout() is None:
            pytest.skip("both sentence encoders are needed to refine")
        organisations = [create_organisation(
            name=f"Kazan Composites {i}", kind="enterprise", state="RU", region="RU-TA",
            language="ru", offers=[f"Углепластиковые детали, серия {i}"],
            needs=["Эпоксидные связующие"], actor="test") for i in range(3)]
        for organisation in organisations:
            publish_organisation(organisation.id, "test")
        db.session.commit()
        ids = [organisation.id for organisation in organisations]
    root = Path(portal_app.config["PORTAL_DATA_DIR"]) / "matching"
    wait_until(lambda: all(_indexed(portal_app, i) for i in ids),
               timeout=90, what="the fast vectors to reach the index", log=worker.log_text)
    wait_until(lambda: all(_vector_count(portal_app, i) == 2 for i in ids), timeout=180,
               what="the slower encoder to refine every vector", log=worker.log_text)
    assert all(_vector_count(portal_app, i, fast.FAST_MODEL) == 0 for i in ids)
    log = worker.log_text()
    assert log.index("portal.matching.tasks.embed_organisation") < log.index(
        "portal.matching.tasks.refine_vectors")
    wait_until(lambda: not (root / "refine-chain").exists(), timeout=60,
               what="the refining chain to end", log=worker.log_text)
