"""The audit endpoints of API.md and the offline check of an export: entries with filters, the
public head, the export verified by ``portal audit verify --file``, and a tampered export
refused at the entry that was changed."""

from __future__ import annotations

import json

import pytest

from portal.core import audit
from portal.extensions import db
from tests.factories import make_user


@pytest.fixture
def entries(session):
    made = [audit.record("test.thing", "cli", f"proposal:{n % 2 + 17}", n=n, text="Проект")
            for n in range(5)]
    session.commit()
    return made


def test_the_secretariat_reads_entries_filtered_by_object_newest_first(api, entries):
    response = api(make_user("secretariat")).get("/api/v1/audit?object=proposal:17&action=test.thing")
    assert response.status_code == 200
    body = response.get_json()
    seqs = [item["seq"] for item in body["items"]]
    assert seqs == sorted((e.seq for e in entries if e.object == "proposal:17"), reverse=True)
    first = body["items"][0]
    assert set(first) == {"seq", "at", "actor", "action", "object", "data", "hash", "prev_hash"}
    assert first["at"].endswith("Z") and first["data"]["text"] == "Проект"


def test_the_audit_filters_take_actor_and_a_range_of_days(api, entries, admin):
    caller = api(admin)
    day = entries[0].at.date().isoformat()
    body = caller.get(f"/api/v1/audit?actor=cli&action=test.thing&from={day}&to={day}").get_json()
    assert body["total"] == 5
    assert caller.get("/api/v1/audit?actor=worker&action=test.thing").get_json()["total"] == 0
    assert caller.get("/api/v1/audit?action=test.thing&to=2001-01-01").get_json()["total"] == 0


@pytest.mark.parametrize("query", ["from=yesterday", "to=2026-13-01", "from=2026-05-02&to=2026-05-01",
                                   "object=" + "x" * 81])
def test_a_bad_audit_filter_answers_422(api, admin, query):
    response = api(admin).get(f"/api/v1/audit?{query}")
    assert response.status_code == 422


@pytest.mark.parametrize("roles", [("contact_point:KZ",), ("expert",), ("council_member:RU",), ()])
def test_only_the_secretariat_and_administrators_read_the_audit_list(api, session, roles):
    assert api(make_user(*roles)).get("/api/v1/audit").status_code == 403
    assert api(None).get("/api/v1/audit").status_code == 401


def test_the_head_is_public_and_names_the_latest_entry(api, entries):
    response = api(None).get("/api/v1/audit/head")
    assert response.status_code == 200
    head = response.get_json()
    assert head["seq"] >= entries[-1].seq and len(head["hash"]) == 64
    assert head["at"].endswith("Z")


def _export(caller, after=0):
    response = caller.get(f"/api/v1/audit/export?after={after}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/x-ndjson"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("roles", [("contact_point:KZ",), ("secretariat",), ("admin",)])
def test_contact_points_the_secretariat_and_administrators_export(api, entries, roles):
    lines = _export(api(make_user(*roles))).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    assert records[-1]["seq"] >= entries[-1].seq


@pytest.mark.parametrize("roles", [("expert",), ("council_member:RU",), ("org_member:1",), ()])
def test_others_may_not_export(api, session, roles):
    assert api(make_user(*roles)).get("/api/v1/audit/export").status_code == 403


@pytest.mark.parametrize("after", ["-1", "x", "1.5", "99999999999"])
def test_a_bad_after_answers_422(api, admin, after):
    assert api(admin).get(f"/api/v1/audit/export?after={after}").status_code == 422


def test_an_export_is_bounded_and_says_where_the_next_starts(api, entries, admin, monkeypatch):
    from portal.administration import audit_queries
    monkeypatch.setattr(audit_queries, "EXPORT_MAX", 2)
    monkeypatch.setattr(audit_queries.entries_after, "__defaults__", (2,))
    monkeypatch.setattr(audit_queries.last_after, "__defaults__", (2,))
    response = api(admin).get("/api/v1/audit/export?after=1")
    lines = response.get_data(as_text=True).splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [2, 3]
    assert response.headers["X-Audit-Next-After"] == "3"


def _verify(runner, tmp_path, text):
    path = tmp_path / "export.jsonl"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["audit", "verify", "--file", str(path)])


def test_an_export_verifies_offline(api, entries, admin, runner, tmp_path):
    text = _export(api(admin))
    result = _verify(runner, tmp_path, text)
    assert result.exit_code == 0, result.output
    assert f"{len(text.splitlines())} entries verified" in result.output


def test_an_export_after_an_entry_verifies_from_its_first_prev_hash(api, entries, admin, runner,
                                                                    tmp_path):
    text = _export(api(admin), after=entries[1].seq)
    assert json.loads(text.splitlines()[0])["seq"] == entries[1].seq + 1
    assert _verify(runner, tmp_path, text).exit_code == 0


def _tampered(text: str, seq: int, change) -> str:
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        if record["seq"] == seq:
            change(record)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_a_tampered_export_fails_at_the_altered_entry(api, entries, admin, runner, tmp_path):
    text = _export(api(admin))
    target = entries[2].seq
    result = _verify(runner, tmp_path, _tampered(text, target, lambda r: r["data"].update(n=99)))
    assert result.exit_code == 1
    assert f"broken at entry {target}: content altered" in result.output


def test_an_export_with_an_entry_removed_fails_where_it_is_missing(api, entries, admin, runner,
                                                                   tmp_path):
    lines = _export(api(admin)).splitlines()
    target = entries[3].seq
    kept = [line for line in lines if json.loads(line)["seq"] != target]
    result = _verify(runner, tmp_path, "\n".join(kept) + "\n")
    assert result.exit_code == 1
    assert f"broken at entry {target}: entry missing" in result.output


def test_a_rewritten_chain_fails_at_the_first_rewritten_link(api, entries, admin, runner, tmp_path):
    """Someone who alters an entry and recomputes its own hash breaks the next entry's link."""
    text = _export(api(admin))
    target = entries[1].seq

    def rehash(record):
        record["actor"] = "user:1"
        record["hash"] = audit._record_digest(record)

    result = _verify(runner, tmp_path, _tampered(text, target, rehash))
    assert result.exit_code == 1
    assert f"broken at entry {target + 1}: link to the previous entry broken" in result.output


def test_a_line_that_is_not_an_entry_fails(runner, tmp_path, session):
    result = _verify(runner, tmp_path, '{"seq": 1}\n')
    assert result.exit_code == 1 and "line 1 is not an audit entry" in result.output
    db.session.rollback()


def test_a_recorded_head_is_found_in_a_later_export(api, entries, admin, runner, tmp_path):
    db.session.commit()
    head = api(None).get("/api/v1/audit/head").get_json()
    audit.record("test.later", "cli", "proposal:1")
    db.session.commit()
    path = tmp_path / "export.jsonl"
    path.write_text(_export(api(admin)), encoding="utf-8")
    result = runner.invoke(args=["audit", "verify", "--file", str(path), "--head", head["hash"]])
    assert result.exit_code == 0, result.output
    assert f"The recorded head is entry {head['seq']}" in result.output
    missing = runner.invoke(args=["audit", "verify", "--file", str(path), "--head", "f" * 64])
    assert missing.exit_code == 1 and "not in this export" in missing.output
