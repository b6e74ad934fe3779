"""A host's copy of the index plus the overlay of the changes logged since it was built: a
change is matched at once, without a rebuild, and the merged ranking is a full rebuild's."""

from __future__ import annotations

import fcntl
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.db import utcnow
from portal.extensions import db
from portal.matching import changes, replica
from portal.matching.models import MatchingChange
from portal.matching.replica import Replica
from portal.matching.services import (
    Seeker,
    borders,
    current_index,
    embed_organisation,
    find_matches,
    rank,
    rebuild_index,
    text_vectors,
)
from portal.registry.models import Organisation, ProfileStatus
from portal.registry.services import create_organisation, publish_organisation


@pytest.fixture(autouse=True)
def changes_seen_at_once(app):
    """Every request looks at the log (the production default is once a second)."""
    before = app.config["MATCHING_CHANGES_POLL_SECONDS"]
    app.config["MATCHING_CHANGES_POLL_SECONDS"] = 0
    yield
    app.config["MATCHING_CHANGES_POLL_SECONDS"] = before


def _changed(organisation_id: int) -> None:
    """What the worker's task does for a changed profile: embed it and log the change."""
    embed_organisation(organisation_id)
    changes.record_change(organisation_id)
    db.session.commit()


def _new_partner(**fields) -> int:
    organisation = create_organisation(actor="test", **fields)
    publish_organisation(organisation.id, "test")
    _changed(organisation.id)
    return organisation.id


MINSK = dict(name="Minsk Sterile", kind="enterprise", state="BY", region="BY-HM", language="en",
             offers=["Radiation sterilisation of single-use medical devices"])


def _ranking(seeker_id: int, scope: str, limit: int | None = 10, index=None) -> list[tuple]:
    """The seeker's ranking on ``index`` (the current one by default), with no database read
    in the ranking itself."""
    index = index or current_index()
    organisation = db.session.get(Organisation, seeker_id)
    vectors = text_vectors(organisation, index)
    return [(m.organisation_id, m.score, m.relation, m.need, m.offer, m.their_need, m.border,
             tuple(m.shared_fields), m.helix_role)
            for m in rank(index, Seeker.of(organisation, vectors), vectors.need_rows,
                          vectors.offer_rows, scope, borders(), limit)]


def test_a_new_profile_is_matched_without_a_rebuild(matching_set):
    base = current_index().folder
    minsk = _new_partner(**MINSK)

    index = current_index()
    ranked = [m.organisation_id for m in find_matches(matching_set["seeker"])]

    assert isinstance(index, Replica) and index.folder == base
    assert minsk in ranked
    assert ranked.index(minsk) < ranked.index(matching_set["kostanay"])


def test_an_edited_profile_is_matched_on_its_new_text_without_a_rebuild(matching_set):
    kostanay = db.session.get(Organisation, matching_set["kostanay"])
    kostanay.offers = ["Electron-beam sterilisation of disposable medical devices"]
    db.session.commit()
    before = {m.organisation_id: m for m in find_matches(matching_set["seeker"])}

    _changed(kostanay.id)
    after = {m.organisation_id: m for m in find_matches(matching_set["seeker"])}

    assert after[kostanay.id].score > before[kostanay.id].score
    assert after[kostanay.id].offer == "Electron-beam sterilisation of disposable medical devices"


def test_an_unpublished_profile_leaves_the_ranking_at_once(matching_set):
    vitebsk = db.session.get(Organisation, matching_set["vitebsk"])
    assert vitebsk.id in [row[0] for row in _ranking(matching_set["seeker"], "all")]

    vitebsk.status = ProfileStatus.RETURNED
    db.session.commit()
    _changed(vitebsk.id)
    index = current_index()

    assert vitebsk.id not in [row[0] for row in _ranking(matching_set["seeker"], "all")]
    assert vitebsk.id not in index.row_of


@pytest.mark.parametrize("scope", ["other_states", "cross_border", "all"])
def test_the_merged_ranking_is_a_full_rebuilds(matching_set, scope):
    _new_partner(**MINSK)
    _new_partner(name="Гомельские изделия", kind="university", state="BY", region="BY-HO",
                 language="ru", needs=["Литьё под давлением корпусов приборов"],
                 offers=["Гамма-стерилизация медицинских изделий"])
    vitebsk = db.session.get(Organisation, matching_set["vitebsk"])
    vitebsk.offers = ["Electron-beam sterilisation", "Sterility testing of medical devices"]
    almaty = db.session.get(Organisation, matching_set["almaty"])
    almaty.status = ProfileStatus.RETURNED
    db.session.commit()
    _changed(vitebsk.id)
    _changed(almaty.id)
    assert isinstance(current_index(), Replica)
    merged = {seeker: _ranking(seeker, scope, limit) for seeker in matching_set.values()
              for limit in (2, None)}

    rebuild_index()
    copy = current_index()  # the changes of the last minute are overlaid still: its base alone
    full = copy.base if isinstance(copy, Replica) else copy
    rebuilt = {seeker: _ranking(seeker, scope, limit, full) for seeker in matching_set.values()
               for limit in (2, None)}

    assert merged == rebuilt


def test_the_rows_of_an_overlaid_organisation_say_where_it_is(matching_set):
    minsk = _new_partner(**MINSK)
    index = current_index()

    row = index.row_of[minsk]

    assert (index.state_code(row), index.region_code(row), index.kind_of(row)) == (
        "BY", "BY-HM", "enterprise")
    assert index.state_code(index.row_of[matching_set["almaty"]]) == "KZ"


def test_changes_older_than_a_day_are_pruned(session):
    now = utcnow()
    db.session.add_all([MatchingChange(organisation_id=1, changed_at=now - timedelta(days=2)),
                        MatchingChange(organisation_id=2, changed_at=now - timedelta(hours=2))])
    db.session.flush()

    pruned = changes.prune_changes(now)

    assert pruned == 1
    assert db.session.scalars(select(MatchingChange.organisation_id)).all() == [2]


def test_a_copys_watermark_leaves_out_the_changes_that_may_still_be_committing(session):
    now = utcnow()
    db.session.add_all([MatchingChange(organisation_id=1, changed_at=now - timedelta(minutes=5)),
                        MatchingChange(organisation_id=2, changed_at=now - timedelta(seconds=5))])
    db.session.flush()
    settled = db.session.scalar(select(func.min(MatchingChange.id)))

    assert changes.watermark(now) == settled
    assert changes.changed_since(settled, 10) == ([2], False)


def test_a_host_builds_one_copy_at_a_time(matching_set):
    root = replica.index_root()
    base = current_index().folder
    with (root / "build.lock").open("w") as another_process:
        fcntl.flock(another_process, fcntl.LOCK_EX)

        assert replica.build_copy(wait=False) is None
        assert current_index().folder == base

    assert replica.build_copy(wait=False) not in (None, base)
