"""Files written for a database row, kept only if the row is: a file is written under a
temporary name and renamed into place, and removed again if the transaction (or the savepoint)
it was written in rolls back, so that a refused or failed upload leaves nothing on disk."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from portal.core.db import within_transaction
from portal.extensions import db

_WRITTEN = "portal_written_files"


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (readable by the portal only), removed again if the current
    transaction rolls back."""
    temporary = path.with_name(f".{secrets.token_hex(8)}.part")
    try:
        temporary.write_bytes(data)
        temporary.chmod(0o600)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    session = db.session()
    transaction = (session.get_nested_transaction() or session.get_transaction()
                   or session.begin())
    session.info.setdefault(_WRITTEN, []).append((transaction, path))


@event.listens_for(Session, "after_commit")
def _keep_written(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint released: nothing is committed yet
        session.info.pop(_WRITTEN, None)


@event.listens_for(Session, "after_soft_rollback")
def _remove_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    written = session.info.get(_WRITTEN)
    if not written:
        return
    kept = []
    for transaction, path in written:
        if within_transaction(transaction, previous_transaction):
            path.unlink(missing_ok=True)
        else:
            kept.append((transaction, path))
    session.info[_WRITTEN] = kept
