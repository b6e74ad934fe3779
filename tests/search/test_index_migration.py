"""The migration to stored impacts carries an existing index over, and back."""

from __future__ import annotations

import flask_migrate
import pytest
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.search.indexing import impact
from tests.conftest import app_settings
from tests.databases import create_scratch_database, drop_scratch_database

BEFORE, AFTER = "5b2e7c9d4a10", "35b39b12b86c"


@pytest.fixture
def empty_app(tmp_path):
    url = create_scratch_database(tmp_path, "searchmigration")
    yield create_app(app_settings(tmp_path, url))
    drop_scratch_database(url)


def rows(statement: str) -> set[tuple]:
    return {tuple(row) for row in db.session.execute(text(statement))}


def test_an_index_of_the_old_shape_is_carried_over_and_back(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        db.session.execute(text(
            "INSERT INTO search_document (id, kind, object_id, title, language, public, "
            "state_code, region_code, category, length, indexed_at) VALUES "
            "(1, 'organisation', 10, 'Titanium', 'en', :yes, 'KZ', 'KZ-35', 'enterprise', 4, "
            ":now), (2, 'cluster', 20, 'Hidden', 'en', :no, 'RU', 'RU-KLU', NULL, 2, :now)"),
            {"yes": True, "no": False, "now": "2026-11-23 00:00:00+00:00"})
        db.session.execute(text(
            "INSERT INTO search_posting (term, document_id, weight) VALUES "
            "('titanium', 1, 3), ('alloy', 1, 1), ('tf:energy', 1, 0), ('nace:24', 1, 0), "
            "('hidden', 2, 3)"))
        db.session.commit()

        flask_migrate.upgrade(revision=AFTER)
        postings = rows("SELECT document_id, term, weight, impact FROM search_posting")
        average = 4.0  # the mean length of the published documents: the first alone
        assert {(d, t, w) for d, t, w, _i in postings} == {(1, "titanium", 3), (1, "alloy", 1)}
        for _d, _t, weight, stored in postings:
            assert stored == pytest.approx(impact(weight, 4, average))
        assert rows("SELECT document_id, term FROM search_attribute") == {
            (1, "tf:energy"), (1, "nace:24"), (1, "type:organisation"), (1, "state:KZ"),
            (1, "region:KZ-35"), (1, "kind:enterprise")}
        assert rows("SELECT term, documents, facet FROM search_term") == {
            ("titanium", 1, None), ("alloy", 1, None), ("tf:energy", 1, "technology_field"),
            ("nace:24", 1, "nace"), ("type:organisation", 1, "type"), ("state:KZ", 1, "state"),
            ("region:KZ-35", 1, "region"), ("kind:enterprise", 1, "kind")}
        db.session.remove()  # no transaction left open while the schema changes

        flask_migrate.downgrade(revision=BEFORE)
        assert rows("SELECT term, document_id, weight FROM search_posting") == {
            ("titanium", 1, 3), ("alloy", 1, 1), ("tf:energy", 1, 0), ("nace:24", 1, 0)}
        db.session.remove()
        db.engine.dispose()
