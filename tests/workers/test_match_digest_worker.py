"""The match digest and the clean-up of import uploads, each run twice by a real worker: one
mail with the new suggestions, then nothing; the old upload deleted once."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.db import utcnow
from portal.core.jobs import send_now
from portal.extensions import db
from portal.matching import services as matching_services
from portal.matching.digest import subscribe_to_digest
from portal.matching.encoders import get_encoder
from portal.matching.services import embed_organisations, rebuild_index
from portal.notifications.models import OutboxMessage
from portal.registry import import_jobs
from portal.registry.models import ImportStatus, ProfileStatus
from tests.factories import make_organisation, make_user
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker


def _results(worker, task: str) -> list[int]:
    return [int(n) for n in re.findall(
        rf"{re.escape(task)}\[[\w-]+\] succeeded in [\d.]+s: (\d+)", worker.log_text())]


def _run_twice(app, worker, task: str) -> list[int]:
    before = len(_results(worker, task))
    with app.app_context():
        send_now(task)
        send_now(task)
    wait_until(lambda: len(_results(worker, task)) >= before + 2, 60,
               what=f"two runs of {task}", log=worker.log_text)
    return sorted(_results(worker, task)[before:])


def test_a_due_match_digest_is_mailed_once_with_the_new_suggestions(portal_app, worker,
                                                                     monkeypatch):
    # The test embeds the two profiles itself, with the lexical encoder: the worker must not
    # re-embed them with its own and rebuild the index under the digest.
    monkeypatch.setattr(matching_services, "enqueue", lambda *_args: None)
    with portal_app.app_context():
        seeker = make_organisation(name="Bryansk Moulding", state="RU", region="RU-BRY",
                                   status=ProfileStatus.PUBLISHED,
                                   needs=["Electron-beam sterilisation of medical devices"])
        partner = make_organisation(name="Gomel Beam", state="BY", region="BY-HO",
                                    status=ProfileStatus.PUBLISHED,
                                    offers=["Electron-beam sterilisation of medical devices"])
        member = make_user(f"org_member:{seeker.id}", email="digest-member@example.org")
        encoder = get_encoder("lexical")
        embed_organisations([seeker.id, partner.id], encoder)
        db.session.commit()
        rebuild_index(encoder)
        subscribe_to_digest(seeker.id, "daily", member)
        db.session.commit()

    assert _run_twice(portal_app, worker, "portal.matching.tasks.send_digests") == [0, 1]

    with portal_app.app_context():
        mails = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == "digest-member@example.org")).all()
        assert [m.template for m in mails] == ["match_digest"]
        assert "Gomel Beam" in mails[0].body
        db.session.rollback()


def test_the_clean_up_deletes_an_old_upload_once(portal_app, worker):
    with portal_app.app_context():
        user = make_user("secretariat", email="cleanup@example.org")
        job = import_jobs.queue_import(b'{"ref": "x"}\n', "old.jsonl", user)
        job.status, job.finished_at = ImportStatus.FAILED, utcnow() - timedelta(days=31)
        db.session.commit()
        path = import_jobs.upload_folder() / job.stored_name
        assert path.exists()

    assert _run_twice(portal_app, worker, "portal.registry.tasks.clean_import_uploads") == [0, 1]
    assert not os.path.exists(path)
