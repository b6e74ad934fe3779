"""The schema and the reference data brought to the current version, for ``portal db upgrade``
and the development server."""

from __future__ import annotations

import flask_migrate

from portal.extensions import db
from portal.reference.loader import sync_reference_data


def upgrade_schema_and_reference_data() -> dict[str, int]:
    flask_migrate.upgrade()
    counts = sync_reference_data()
    db.session.commit()
    return counts
