"""Profiles as JSON: one shape per kind, used by every API that returns them (the registry's,
search, matching, ads), so that an organisation looks the same wherever it appears."""

from __future__ import annotations

from portal.registry.classification import classification_of
from portal.registry.models import Cluster, ClusterInvitation, ClusterMember, Organisation


def organisation(row: Organisation) -> dict:
    """``{id, name, kind, state, region, language, description, offers, needs, nace_codes,
    technology_fields, website, status, external_ref, version}``, with ``languages``, ``size``
    and ``return_reason`` (``null`` unless returned)."""
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "state": row.state_code,
        "region": row.region_code,
        "language": row.language,
        "languages": list(row.languages or []),
        "size": row.size,
        "description": row.description,
        "offers": list(row.offers or []),
        "needs": list(row.needs or []),
        "nace_codes": list(row.nace_codes or []),
        "technology_fields": [field.key for field in row.technology_fields],
        "website": row.website,
        "status": row.status,
        "return_reason": row.return_reason,
        "external_ref": row.external_ref,
        "version": row.version,
    }


def cluster_member(member: ClusterMember) -> dict:
    """``{organisation_id, name, state, region, helix_role, manages, coordinator}``: the
    coordinator is the cluster's management organisation."""
    return {"organisation_id": member.organisation_id, "name": member.organisation.name,
            "state": member.organisation.state_code, "region": member.organisation.region_code,
            "helix_role": member.helix_role,
            "manages": bool(member.manages),
            "coordinator": member.organisation_id == member.cluster.management_organisation_id}


def cluster_invitation(invitation: ClusterInvitation) -> dict:
    """An open invitation: ``{status: "invited", cluster_id, organisation_id, name, state,
    region, helix_role, manages, invited_at}``."""
    return {"status": invitation.status, "cluster_id": invitation.cluster_id,
            "organisation_id": invitation.organisation_id,
            "name": invitation.organisation.name, "state": invitation.organisation.state_code,
            "region": invitation.organisation.region_code, "helix_role": invitation.helix_role,
            "manages": invitation.manages,
            "invited_at": invitation.invited_at.isoformat() if invitation.invited_at else None}


def cluster(row: Cluster, members: list[ClusterMember] | None = None) -> dict:
    """A cluster with its figures and quality label, its ``classification``, the ``states``
    and ``border_pairs`` of its members (every accepted member counts, DESIGN 4.10);
    ``members`` are those the caller may see (every member when not given)."""
    classified = classification_of(row)
    label = None
    if row.quality_label:
        label = {"name": row.quality_label, "issuer": row.quality_label_issuer,
                 "expires_on": row.quality_label_expires_on.isoformat()
                 if row.quality_label_expires_on else None}
    return {
        "id": row.id,
        "name": row.name,
        "state": row.state_code,
        "region": row.region_code,
        "language": row.language,
        "description": row.description,
        "specialisation": row.specialisation,
        "technology_fields": [field.key for field in row.technology_fields],
        "management_organisation_id": row.management_organisation_id,
        "founded_year": row.founded_year,
        "figures": {"member_count_declared": row.member_count_declared, "jobs": row.jobs,
                    "budget": row.budget, "budget_currency": row.budget_currency,
                    "management_team_size": row.management_team_size},
        "quality_label": label,
        "classification": str(classified.classification),
        "states": list(classified.states),
        "border_pairs": [list(pair) for pair in classified.border_pairs],
        "members": [cluster_member(m) for m in (row.members if members is None else members)],
        "status": row.status,
        "return_reason": row.return_reason,
        "version": row.version,
    }
