"""Migrations: an empty database upgrades to head, matches the models, and downgrades to base."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal import create_app
from portal.extensions import db
from tests.conftest import app_settings
from tests.databases import create_scratch_database, drop_scratch_database


@pytest.fixture
def empty_app(tmp_path):
    url = create_scratch_database(tmp_path, "migrations")
    yield create_app(app_settings(tmp_path, url))
    drop_scratch_database(url)


def test_upgrade_to_head_matches_the_models_and_downgrades_to_base(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True})
            assert compare_metadata(context, db.metadata) == []
        assert "audit_entry" in inspect(db.engine).get_table_names()
        flask_migrate.downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        flask_migrate.upgrade()
        assert "organisation" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_portal_db_upgrade_loads_reference_data_and_is_idempotent(empty_app):
    runner = empty_app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    second = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == second.exit_code == 0, second.output
    assert "130 regions" in second.output and "29 border pairs" in second.output
    with empty_app.app_context():
        from portal.reference.models import Region

        assert db.session.query(Region).count() == 130
        db.session.remove()
        db.engine.dispose()
