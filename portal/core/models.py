"""Imports every feature's models, so that Alembic and ``create_all`` see the whole schema."""

from portal.accounts.models import ApiToken, Invitation, RoleAssignment, User
from portal.core.audit import AuditEntry
from portal.matching.models import OrganisationVector
from portal.notifications.models import OutboxMessage
from portal.reference.models import (
    BorderPair,
    MemberState,
    NaceCode,
    Region,
    RegionAlias,
    TechnologyField,
)
from portal.registry.models import Cluster, ClusterMember, Organisation

__all__ = [
    "ApiToken", "AuditEntry", "BorderPair", "Cluster", "ClusterMember", "Invitation",
    "MemberState", "NaceCode", "Organisation", "OrganisationVector", "OutboxMessage", "Region", "RegionAlias",
    "RoleAssignment", "TechnologyField", "User",
]
