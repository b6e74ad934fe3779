"""The append-only audit log of DESIGN 4.9.

Every state-changing service calls :func:`record` in the transaction of its change. Each entry
carries the SHA-256 of its own content and of the entry before it, so that any member state can
verify with ``portal audit verify`` that nothing was altered, inserted or removed. Writers are
serialised (an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and ``prev_hash`` is
unique, so the chain can never fork. The migration adds triggers that refuse UPDATE and DELETE.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import JSON, Integer, String, insert, select, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import UTCDateTime, utcnow
from portal.extensions import db

GENESIS_HASH = "0" * 64
#: The actor of what the ``portal`` commands change.
CLI_ACTOR = "cli"
#: The actor of what the background worker changes.
WORKER_ACTOR = "worker"
#: Key of the PostgreSQL advisory lock that serialises appends to the chain.
_APPEND_LOCK = 7_401_001


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: ``user:ID``, ``worker`` or ``cli``.
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60), index=True)
    #: ``kind:id`` of the object acted on, e.g. ``proposal:17``.
    object: Mapped[str | None] = mapped_column(String(80), index=True)
    data: Mapped[dict] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(45))
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


def _digest(prev_hash: str, seq: int, at: datetime, actor: str, action: str,
            obj: str | None, data: dict, ip: str | None) -> str:
    content = json.dumps(
        {"seq": seq, "at": at.isoformat(), "actor": actor, "action": action,
         "object": obj, "data": data, "ip": ip},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


def actor_label(user) -> str:
    return f"user:{user.id}" if user is not None else "system"


def record(action: str, actor, obj: str | None = None, **data) -> AuditEntry:
    """Append an entry; ``actor`` is a user, or a label such as ``"worker"`` or ``"cli"``."""
    session = db.session
    seq, prev_hash = _chain_end()
    seq += 1
    label = actor if isinstance(actor, str) else actor_label(actor)
    ip = request.remote_addr if has_request_context() else None
    at = utcnow().replace(microsecond=0)
    data = json.loads(json.dumps(data, default=str))
    entry = AuditEntry(
        seq=seq, at=at, actor=label, action=action, object=obj, data=data, ip=ip,
        prev_hash=prev_hash, hash=_digest(prev_hash, seq, at, label, action, obj, data, ip),
    )
    session.add(entry)
    session.flush()
    return entry


def record_many(actor, entries: Iterable[tuple[str, str | None, dict]]) -> int:
    """Append one entry per ``(action, object, data)``, in order, in one bulk INSERT after one
    read of the chain's end: for bulk work such as an import of organisations. Returns how many
    entries were written."""
    seq, prev_hash = _chain_end()
    label = actor if isinstance(actor, str) else actor_label(actor)
    ip = request.remote_addr if has_request_context() else None
    at = utcnow().replace(microsecond=0)
    rows = []
    for action, obj, data in entries:
        seq += 1
        data = json.loads(json.dumps(data, default=str))
        digest = _digest(prev_hash, seq, at, label, action, obj, data, ip)
        rows.append({"seq": seq, "at": at, "actor": label, "action": action, "object": obj,
                     "data": data, "ip": ip, "prev_hash": prev_hash, "hash": digest})
        prev_hash = digest
    if rows:
        db.session.execute(insert(AuditEntry), rows)
    return len(rows)


def _chain_end() -> tuple[int, str]:
    """The last entry's number and hash, under the lock that serialises appends (PostgreSQL;
    SQLite's ``BEGIN IMMEDIATE`` already does) until the transaction ends."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK})
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (last.seq, last.hash) if last else (0, GENESIS_HASH)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify() -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return how many entries were checked and the first break."""
    rows = db.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    return _walk((export_record(entry) for entry in rows), GENESIS_HASH, 1)


def export_record(entry: AuditEntry) -> dict:
    """An entry as a line of the export: every field its hash covers, so that anyone holding
    the export can recompute the chain (:func:`verify_export`)."""
    return {"seq": entry.seq, "at": entry.at.isoformat(), "actor": entry.actor,
            "action": entry.action, "object": entry.object, "data": entry.data, "ip": entry.ip,
            "prev_hash": entry.prev_hash, "hash": entry.hash}


def verify_export(lines: Iterable[str]) -> tuple[int, ChainBreak | None]:
    """Check an export (JSON Lines of :func:`export_record`) offline. An export that starts at
    the first entry must start from the genesis hash; one that starts after it is checked from
    its first entry's ``prev_hash`` (compare that, or a later hash, with a head recorded
    earlier to prove that nothing before it changed)."""
    records = _parsed(lines)
    first = next(records, None)
    if first is None:
        return 0, None
    if isinstance(first, ChainBreak):
        return 0, first
    start = GENESIS_HASH if first.get("seq") == 1 else first.get("prev_hash")
    return _walk(_chained(first, records), start, first.get("seq"))


def seq_of_hash(lines: Iterable[str], digest: str) -> int | None:
    """The number of the entry of an export whose hash is ``digest`` (a head recorded earlier),
    or None when the export holds no such entry."""
    for record in _parsed(lines):
        if isinstance(record, ChainBreak):
            return None
        if record["hash"] == digest:
            return record["seq"]
    return None


def _parsed(lines: Iterable[str]):
    """Each non-blank line as a dict, or a :class:`ChainBreak` for the first that is not an
    entry (after which nothing more is read)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not (isinstance(record, dict) and record.keys() >= _FIELDS
                and type(record["seq"]) is int):
            yield ChainBreak(0, f"line {number} is not an audit entry")
            return
        yield record


def _chained(first, rest):
    yield first
    yield from rest


_FIELDS = frozenset({"seq", "at", "actor", "action", "object", "data", "ip", "prev_hash", "hash"})


def _walk(records, expected_prev, expected_seq) -> tuple[int, ChainBreak | None]:
    checked = 0
    for record in records:
        if isinstance(record, ChainBreak):
            return checked, ChainBreak(record.seq or expected_seq, record.reason)
        if record["seq"] != expected_seq:
            return checked, ChainBreak(expected_seq, "entry missing")
        if record["prev_hash"] != expected_prev:
            return checked, ChainBreak(record["seq"], "link to the previous entry broken")
        if _record_digest(record) != record["hash"]:
            return checked, ChainBreak(record["seq"], "content altered")
        expected_prev, expected_seq, checked = record["hash"], record["seq"] + 1, checked + 1
    return checked, None


def _record_digest(record: dict) -> str | None:
    try:
        at = datetime.fromisoformat(record["at"])
        return _digest(record["prev_hash"], record["seq"], at, record["actor"], record["action"],
                       record["object"], record["data"], record["ip"])
    except (TypeError, ValueError):
        return None
