"""The demo loaded once for a module, in a transaction of its own rolled back after it."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.orm import sessionmaker

from portal.demo.loader import load_demo
from portal.extensions import db
from tests import conftest


@contextmanager
def demo_in_a_transaction(app):
    """Load the demo (it takes seconds) in a transaction of its own; yields the session, which
    the module's tests share, and rolls everything back on exit."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = conftest.TestSession(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
        try:
            load_demo()
            yield db.session
        finally:
            db.session.close_for_good()
            db.session = original
            transaction.rollback()
            connection.close()
