"""The hash-chained, append-only audit log (DESIGN 4.9)."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from portal.core import audit


def _entries(n: int):
    return [audit.record("test.action", "cli", f"thing:{i}", value=i) for i in range(n)]


def test_each_entry_links_to_the_previous_one(session):
    first, second, third = _entries(3)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert third.seq == first.seq + 2


def test_an_untouched_chain_verifies(session):
    _entries(4)
    checked, broken = audit.verify()
    assert broken is None
    assert checked >= 4


def _disable_append_only_triggers(session):
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
    else:
        session.execute(text("DROP TRIGGER audit_entry_no_update"))
        session.execute(text("DROP TRIGGER audit_entry_no_delete"))


def test_altering_one_stored_entry_breaks_verification_at_that_entry(session):
    entries = _entries(5)
    target = entries[2]
    _disable_append_only_triggers(session)
    session.execute(text("UPDATE audit_entry SET data = :data WHERE seq = :seq"),
                    {"data": '{"value": 999}', "seq": target.seq})
    session.expire_all()
    _checked, broken = audit.verify()
    assert broken is not None
    assert broken.seq == target.seq
    assert broken.reason == "content altered"


def test_removing_an_entry_is_detected(session):
    removed_seq = _entries(4)[1].seq
    _disable_append_only_triggers(session)
    session.execute(text("DELETE FROM audit_entry WHERE seq = :seq"), {"seq": removed_seq})
    session.expire_all()
    _checked, broken = audit.verify()
    assert broken is not None and broken.seq == removed_seq


def test_the_database_refuses_to_update_or_delete_entries(session):
    entry = _entries(1)[0]
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("UPDATE audit_entry SET action = 'x' WHERE seq = :seq"), {"seq": entry.seq})
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("DELETE FROM audit_entry WHERE seq = :seq"), {"seq": entry.seq})


def test_audit_verify_command_exits_1_with_the_broken_entry(runner, session):
    entries = _entries(3)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    _disable_append_only_triggers(session)
    session.execute(text("UPDATE audit_entry SET actor = 'intruder' WHERE seq = :seq"),
                    {"seq": entries[0].seq})
    session.expire_all()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"broken at entry {entries[0].seq}" in result.output


