"""The audit log in the API (API.md "Audit"): entries with filters for the secretariat and
administrators, the head of the chain for anyone, and an export that ``portal audit verify
--file`` checks offline."""

from __future__ import annotations

import json

from flask import Response, request
from flask_babel import gettext as _

from portal.administration import audit_queries, permissions
from portal.administration.serialise import entry_json, iso
from portal.core import audit
from portal.core.api import bp, paginate, require, token_required


@bp.get("/audit")
@token_required
def list_audit_entries():
    """Audit log entries, newest first.
    ---
    get:
      summary: Entries of the audit log, newest first (secretariat, administrator)
      tags: [audit]
      parameters:
        - {name: object, in: query, schema: {type: string, maxLength: 80}, description: "e.g. proposal:17"}
        - {name: actor, in: query, schema: {type: string, maxLength: 40},
           description: "e.g. user:3, worker, cli"}
        - {name: action, in: query, schema: {type: string, maxLength: 60}, description: "e.g. role.grant"}
        - {name: from, in: query, schema: {type: string, format: date}, description: "first day (UTC)"}
        - {name: to, in: query, schema: {type: string, format: date}, description: "last day (UTC), included"}
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        200: {description: "items {seq, at, actor, action, object, data, hash, prev_hash}"}
        403: {description: "neither the secretariat nor an administrator"}
        422: {description: "a filter too long, or a day that is not YYYY-MM-DD"}
    """
    require(permissions.can_read_audit,
            _("Only the secretariat and administrators may read the audit log."))
    return paginate(audit_queries.entries_query(audit_queries.parse_filter(request.args)),
                    entry_json)


@bp.get("/audit/head")
def audit_head():
    """The latest entry of the chain.
    ---
    get:
      summary: The head of the audit chain (public, no token)
      description: Record it; an export verified later must contain this hash at this number,
        which proves that nothing before it changed.
      tags: [audit]
      responses:
        200: {description: "{seq, hash, at}; seq 0 and the genesis hash while the log is empty"}
    """
    entry = audit_queries.head()
    if entry is None:
        return {"seq": 0, "hash": audit.GENESIS_HASH, "at": None}
    return {"seq": entry.seq, "hash": entry.hash, "at": iso(entry.at)}


@bp.get("/audit/export")
@token_required
def export_audit():
    """The entries after one, as JSON Lines.
    ---
    get:
      summary: Export of the audit log as JSON Lines (secretariat, administrator, contact point)
      description: Each line is an entry with every field its hash covers (seq, at, actor, action,
        object, data, ip, prev_hash, hash), in order; at most 10000 lines. When more follow, the
        header X-Audit-Next-After gives the number to ask after next. `portal audit verify --file
        EXPORT` recomputes the chain from the file alone.
      tags: [audit]
      parameters:
        - {name: after, in: query, schema: {type: integer, minimum: 0},
           description: "the entries after this number; 0 for all"}
      responses:
        200:
          description: "JSON Lines"
          content: {application/x-ndjson: {schema: {type: string}}}
        403: {description: "not the secretariat, an administrator or a contact point"}
        422: {description: "after is not a whole number from 0"}
    """
    require(permissions.can_export_audit,
            _("Only the secretariat, administrators and contact points may export the audit log."))
    after = audit_queries.parse_after(request.args.get("after"))
    headers = {"Content-Disposition": f'attachment; filename="audit-after-{after}.jsonl"'}
    if (last := audit_queries.last_after(after)) is not None:
        headers["X-Audit-Next-After"] = str(last)

    rows = list(audit_queries.entries_after(after))

    def lines():
        for row in rows:
            yield json.dumps(audit.export_record(row), ensure_ascii=False,
                             separators=(",", ":")) + "\n"

    return Response(lines(), mimetype="application/x-ndjson", headers=headers)
