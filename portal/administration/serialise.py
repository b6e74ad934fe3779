"""Users and audit entries as the API shows them (API.md "Administration", "Audit")."""

from __future__ import annotations

from datetime import datetime

from portal.accounts.models import RoleAssignment, User
from portal.core.audit import AuditEntry


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def role_json(assignment: RoleAssignment) -> dict:
    return {"id": assignment.id, "role": assignment.role, "scope": assignment.scope}


def user_json(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name,
            "active": user.is_active_account,
            "roles": [role_json(r) for r in sorted(user.roles, key=lambda r: r.id)]}


def entry_json(entry: AuditEntry) -> dict:
    return {"seq": entry.seq, "at": iso(entry.at), "actor": entry.actor, "action": entry.action,
            "object": entry.object, "data": entry.data, "hash": entry.hash,
            "prev_hash": entry.prev_hash}
