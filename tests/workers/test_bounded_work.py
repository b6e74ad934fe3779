"""The work a real worker does for one profile is bounded, whatever the profile holds.

A profile at the caps (every text embedded and indexed in full) and one far beyond them,
written straight into the database as an import or an old row could be (a 5 MB description,
100,000 offers and needs), each go through the worker's two tasks with the real encoders: the
embedding (``portal.matching.tasks.embed_organisation``) and the search indexing
(``portal.search.tasks.index_document``). The test
watches the resident memory of the worker's processes (``VmHWM`` in ``/proc``, sampled while
the tasks run) and the time each task reports.
"""

from __future__ import annotations

import re
import threading
from itertools import cycle, islice
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.config import WORKER_MEMORY_LIMIT_MB
from portal.core.caps import (
    EMBEDDED_TEXTS_PER_KIND,
    ENCODED_CHARACTERS,
    INDEXED_CHARACTERS_PER_FIELD,
)
from portal.extensions import db
from portal.matching.models import OrganisationVector
from portal.registry.models import Organisation, ProfileStatus
from portal.search.documents import FIELD_WEIGHTS
from portal.search.models import SearchDocument, SearchPosting
from tests.workers.conftest import wait_until

pytestmark = pytest.mark.worker

#: The most resident memory any process of the worker may reach: the pool process loads both
#: encoders and embeds at most 61 texts of 1,000 characters at once (about 400 MB in all).
MEMORY_BUDGET_MB = 800
#: The longest either task may take for one profile, on a loaded two-core machine.
TIME_BUDGET_S = 120
TASK_TIMEOUT_S = 300
EMBED = "portal.matching.tasks.embed_organisation"
INDEX = "portal.search.tasks.index_document"

_PROSE = ("стерилизация медицинских изделий контрактное производство фармацевтических субстанций "
          "electron-beam sterilisation of single-use devices polymer packaging clinical trials "
          "биоэквивалентность дженериков aseptic fill-finish lyophilisation")
_WORDS = _PROSE.split()


def prose(characters: int, start: int = 0) -> str:
    """Words of the profile's field, ``characters`` long."""
    words = islice(cycle(_WORDS), start, None)
    text, length = [], 0
    while length < characters:
        word = next(words)
        text.append(word)
        length += len(word) + 1
    return " ".join(text)[:characters]


def _memory_mb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


class PeakMemory:
    """The highest resident memory (``VmHWM``) of the worker's processes while it is watched,
    sampled every 50 ms (a pool process replaced in between keeps its peak in the last sample)."""

    def __init__(self, worker) -> None:
        self.worker = worker
        self.peaks: dict[int, int] = {}
        #: The latest (``VmPeak``, ``VmData``) of each process: its address space at its largest,
        #: and its private writable memory now.
        self.address_space: dict[int, tuple[int, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _sample(self) -> None:
        for pid in (self.worker.pid, *self.worker.pool_children()):
            self.peaks[pid] = max(self.peaks.get(pid, 0), _memory_mb(pid, "VmHWM"))
            self.address_space[pid] = (_memory_mb(pid, "VmPeak"), _memory_mb(pid, "VmData"))

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    @property
    def peak_mb(self) -> int:
        return max(self.peaks.values(), default=0)


def _task_ids(published, name: str, *args) -> list[str]:
    return [task_id for sent, sent_args, task_id in published
            if sent == str(name) and sent_args == list(args)]


def _outcome(worker, name: str, task_id: str) -> tuple[str, float] | None:
    """``("succeeded", seconds)`` or ``("raised" | "failed", 0)`` once the worker logged it."""
    log = worker.log_text()
    found = re.search(rf"{re.escape(str(name))}\[{task_id}\] succeeded in ([\d.]+)s", log)
    if found:
        return "succeeded", float(found.group(1))
    if re.search(rf"{re.escape(str(name))}\[{task_id}\] (raised|failed)", log):
        return "failed", 0.0
    return None


def _run_both_tasks(portal_app, worker, published, profile: dict) -> dict:
    """Insert a published profile straight into the database (the session listeners queue
    its two tasks after the commit), wait for both and return what they cost."""
    published.clear()
    with PeakMemory(worker) as memory:
        with portal_app.app_context():
            organisation = Organisation(kind="enterprise", state_code="BY", region_code="BY-VI",
                                        language="ru", status=ProfileStatus.PUBLISHED, nace_codes=[],
                                        **profile)
            db.session.add(organisation)
            db.session.commit()
            organisation_id = organisation.id
        seconds = {}
        for name, args in ((EMBED, (organisation_id,)),
                           (INDEX, ("organisation", organisation_id))):
            task_id = _task_ids(published, name, *args)[0]
            outcome = wait_until(lambda name=name, task_id=task_id: _outcome(worker, name, task_id),
                                 TASK_TIMEOUT_S, 0.2, f"{name} to finish", worker.log_text)
            assert outcome[0] == "succeeded", worker.log_text()[-6000:]
            seconds[name] = outcome[1]
    print(f"\n{profile['name'][:40]}: peak resident memory {memory.peaks} MB, "
          f"address space at its peak and private data {memory.address_space} MB, "
          f"embedding {seconds[EMBED]:.1f} s, "
          f"indexing {seconds[INDEX]:.1f} s")
    return {"id": organisation_id, "peak_mb": memory.peak_mb, "seconds": seconds}


def _stored(portal_app, organisation_id: int) -> dict:
    with portal_app.app_context():
        vectors = dict(db.session.execute(
            select(OrganisationVector.kind, func.count()).where(
                OrganisationVector.organisation_id == organisation_id)
            .group_by(OrganisationVector.kind)).all())
        document = db.session.scalar(select(SearchDocument).where(
            SearchDocument.kind == "organisation", SearchDocument.object_id == organisation_id))
        postings = db.session.scalar(select(func.count()).select_from(SearchPosting).where(
            SearchPosting.document_id == document.id))
        found = {"vectors": vectors, "length": document.length, "postings": postings}
        db.session.rollback()
    return found


def test_a_profile_at_the_caps_is_embedded_and_indexed_in_full_within_budget(
        portal_app, worker, published):
    profile = {"name": "Витебский профиль на пределе",
               "description": prose(INDEXED_CHARACTERS_PER_FIELD),
               "offers": [prose(ENCODED_CHARACTERS, i) for i in range(EMBEDDED_TEXTS_PER_KIND)],
               "needs": [prose(ENCODED_CHARACTERS, i + 7) for i in range(EMBEDDED_TEXTS_PER_KIND)]}
    cost = _run_both_tasks(portal_app, worker, published, profile)
    stored = _stored(portal_app, cost["id"])
    assert stored["vectors"] == {"need": EMBEDDED_TEXTS_PER_KIND, "offer": EMBEDDED_TEXTS_PER_KIND,
                                 "description": 1}
    assert stored["postings"] > 0
    assert cost["peak_mb"] < MEMORY_BUDGET_MB
    assert max(cost["seconds"].values()) < TIME_BUDGET_S


def test_a_profile_far_beyond_the_caps_is_cut_to_them_within_the_same_budget(
        portal_app, worker, published):
    profile = {"name": "Витебский профиль сверх меры",
               "description": prose(5_000_000),
               "offers": [f"{i}: {prose(50, i)}" for i in range(100_000)],
               "needs": [f"{i}: {prose(50, i + 3)}" for i in range(100_000)]}
    cost = _run_both_tasks(portal_app, worker, published, profile)
    stored = _stored(portal_app, cost["id"])
    assert stored["vectors"] == {"need": EMBEDDED_TEXTS_PER_KIND, "offer": EMBEDDED_TEXTS_PER_KIND,
                                 "description": 1}
    # each field is read up to its budget, where a word takes two characters at least
    assert stored["length"] <= sum(FIELD_WEIGHTS.values()) * INDEXED_CHARACTERS_PER_FIELD / 2
    assert cost["peak_mb"] < MEMORY_BUDGET_MB
    assert max(cost["seconds"].values()) < TIME_BUDGET_S


def _address_space_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    return ""


def test_each_pool_process_runs_within_the_configured_address_space(portal_app, worker):
    megabytes = portal_app.config["WORKER_MEMORY_LIMIT_MB"]
    assert megabytes == WORKER_MEMORY_LIMIT_MB
    children = worker.pool_children()
    assert children
    assert {_address_space_limit(pid) for pid in children} == {str(megabytes * 1024 * 1024)}
