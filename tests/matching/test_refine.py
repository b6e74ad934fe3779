"""Fast first, refined later (:mod:`portal.matching.refine`): a profile is matched from the fast
encoder's vectors before the slow encoder has run, the slow pass replaces them with the full
vectors, and neither pass does anything twice."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.matching import fast, refine
from portal.matching.encoders import get_encoder, text_hash
from portal.matching.models import OrganisationVector
from portal.matching.services import (
    current_index,
    embed_organisations,
    find_matches,
    rebuild_index,
    stored_vectors,
    text_vectors,
)
from portal.registry import import_services
from portal.registry.models import Organisation
from portal.registry.services import create_organisation, publish_organisation
from tests.matching.conftest import PROFILES


@pytest.fixture
def fast_set(session, layout):
    """The hand-made set, published, with fast vectors only, indexed."""
    ids = {}
    for key, fields in PROFILES.items():
        organisation = create_organisation(actor="test", **fields)
        publish_organisation(organisation.id, "test")
        ids[key] = organisation.id
    refine.embed_fast(list(ids.values()), layout)
    db.session.commit()
    return ids


def _models() -> set[str]:
    return set(db.session.scalars(select(OrganisationVector.model)))


def _vectors() -> dict[tuple, tuple[str, bytes]]:
    return {(r.organisation_id, r.kind, r.position): (r.model, r.vector)
            for r in db.session.scalars(select(OrganisationVector))}


def test_fast_vectors_are_stored_and_matched_before_the_slow_pass(fast_set, layout):
    assert _models() == {fast.FAST_MODEL}
    assert {len(vector) for _model, vector in _vectors().values()} == {4 * layout.fast.dim}
    rebuild_index()
    assert current_index().model == layout.model
    ranked = [m.organisation_id for m in find_matches(fast_set["seeker"], limit=3)]
    assert ranked[:2] in ([fast_set["vitebsk"], fast_set["almaty"]],
                          [fast_set["almaty"], fast_set["vitebsk"]])
    assert fast_set["moscow"] not in ranked


def test_the_slow_pass_replaces_fast_vectors_with_the_full_ones(fast_set, layout):
    before = _vectors()
    assert refine.refine_batch(layout) == len(before)
    db.session.commit()
    after = _vectors()
    assert after.keys() == before.keys() and _models() == {layout.model}
    for key, (_model, vector) in after.items():
        full = np.frombuffer(vector, "<f4")
        assert len(full) == layout.dim
        assert np.array_equal(full[layout.start:layout.end], np.frombuffer(before[key][1], "<f4"))
    # the same vectors as a full embedding from scratch gives
    db.session.execute(OrganisationVector.__table__.delete())
    embed_organisations(list(fast_set.values()), get_encoder())
    for key, (_model, vector) in _vectors().items():
        assert np.allclose(np.frombuffer(vector, "<f4"), np.frombuffer(after[key][1], "<f4"),
                           atol=1e-5)


def test_a_repeated_pass_does_nothing(fast_set, layout):
    assert refine.embed_fast(list(fast_set.values()), layout) == 0
    refine.refine_batch(layout)
    db.session.commit()
    refined = _vectors()
    assert refine.refine_batch(layout) == 0
    assert refine.embed_fast(list(fast_set.values()), layout) == 0  # a full vector is current
    assert _vectors() == refined


def test_the_slow_pass_goes_by_batches_of_the_oldest_fast_vectors(fast_set, layout):
    total = len(_vectors())
    assert refine.refine_batch(layout, limit=2) == 2
    assert refine.refinement().refined == 2
    assert refine.refine_batch(layout, limit=total) == total - 2
    assert refine.refine_batch(layout, limit=total) == 0


def test_a_fast_vector_of_a_changed_or_removed_text_is_dealt_with_in_full(fast_set, layout):
    organisation = db.session.get(Organisation, fast_set["seeker"])
    organisation.needs = ["Полимерная упаковка для стерильных изделий"]
    organisation.offers = []
    db.session.flush()  # no fast pass ran for the change
    refine.refine_batch(layout)
    rows = list(db.session.scalars(select(OrganisationVector).where(
        OrganisationVector.organisation_id == organisation.id)))
    assert [(r.kind, r.model) for r in rows] == [("need", layout.model)]
    vectors = text_vectors(organisation, _index_of(layout))
    assert vectors.needs == ("Полимерная упаковка для стерильных изделий",)


def test_the_slow_encoder_runs_holding_no_transaction_and_an_edit_meanwhile_is_kept(
        fast_set, layout, monkeypatch):
    """SQLite has one writer: a batch of the slow encoder must not hold it for seconds. A profile
    edited while the batch encodes keeps the fast vector of its new text for the next pass."""
    complete, seen = fast.complete, []

    def edit_while_encoding(*args, **kwargs):
        seen.append(db.session().in_transaction())
        organisation = db.session.get(Organisation, fast_set["seeker"])
        organisation.needs = ["Полимерная упаковка для стерильных изделий"]
        refine.embed_fast([organisation.id], layout)
        db.session.commit()
        return complete(*args, **kwargs)

    monkeypatch.setattr(fast, "complete", edit_while_encoding)
    refine.refine_batch(layout)
    db.session.commit()
    assert seen[:1] == [False]
    need = db.session.scalar(select(OrganisationVector).where(
        OrganisationVector.organisation_id == fast_set["seeker"],
        OrganisationVector.kind == "need", OrganisationVector.position == 0))
    assert need.model == fast.FAST_MODEL
    assert need.text_hash == text_hash(fast.FAST_MODEL, "Полимерная упаковка для стерильных изделий")
    assert refine.refine_batch(layout) > 0
    db.session.commit()
    assert _models() == {layout.model}


def _index_of(_layout):
    rebuild_index()
    return current_index()


def test_a_seeker_with_fast_vectors_is_completed_to_the_full_ones(fast_set, layout):
    index = _index_of(layout)
    organisation = db.session.get(Organisation, fast_set["seeker"])
    stored = stored_vectors([organisation.id], index.model)[organisation.id]
    assert {row.model for row in stored.values()} == {fast.FAST_MODEL}
    completed = text_vectors(organisation, index, stored)
    refine.refine_batch(layout)
    refined = text_vectors(organisation, index)
    assert completed.needs == refined.needs and completed.offers == refined.offers
    assert np.allclose(completed.need_rows, refined.need_rows, atol=1e-5)
    assert np.allclose(completed.offer_rows, refined.offer_rows, atol=1e-5)


def test_the_figure_counts_the_refined_texts_of_all_stored_ones(fast_set, layout):
    total = len(_vectors())
    assert refine.refinement().as_dict() == {"refined_texts": 0, "texts": total,
                                             "pending_texts": total}
    refine.refine_batch(layout, limit=3)
    assert refine.refinement().as_dict() == {"refined_texts": 3, "texts": total,
                                             "pending_texts": total - 3}


def test_one_refining_chain_runs_at_a_time(app, session, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_DATA_DIR", str(tmp_path))
    first = refine.claim_chain(None, now=1000.0)
    assert first
    assert refine.claim_chain(None, now=1010.0) is None  # a live chain runs
    assert refine.claim_chain("someone-else", now=1010.0) is None
    assert refine.claim_chain(first, now=1020.0) == first  # its next step goes on
    taken = refine.claim_chain(None, now=1020.0 + refine.CHAIN_STALE)  # it died
    assert taken and taken != first
    assert refine.claim_chain(first, now=1200.0 + refine.CHAIN_STALE) is None
    refine.end_chain(taken)
    assert refine.claim_chain(None, now=1201.0 + refine.CHAIN_STALE)


def _lines(count: int) -> list[bytes]:
    return [json.dumps({"ref": f"bulk-{i}", "name": f"Bulk {i}", "kind": "enterprise",
                        "country": "KZ", "region": "KZ-75", "language": "en",
                        "description": "Contract machining", "offers": [f"Milling of part {i}"],
                        "needs": ["Steel bars"], "technology_fields": ["energy"]}
                       ).encode() for i in range(count)]


def test_an_import_queues_one_embedding_task_per_batch_of_organisations(app, session):
    result = import_services.check_lines(_lines(1_200))
    assert result.ok, result.problems[:3]
    import_services.import_records(result.records, "test", publish=True)
    sent = [(name, args) for _transaction, name, args in db.session.info["portal_pending_tasks"]
            if name.startswith("portal.matching.")]
    assert [name for name, _args in sent] == ["portal.matching.tasks.embed_organisations"] * 3
    assert [len(args[0]) for _name, args in sent] == [500, 500, 200]
    assert len({i for _name, args in sent for i in args[0]}) == 1_200
