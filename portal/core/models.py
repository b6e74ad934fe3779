"""Imports every feature's models, so that Alembic and ``create_all`` see the whole schema."""

from portal.accounts.models import ApiToken, Invitation, RoleAssignment, User
from portal.core.audit import AuditEntry
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
from portal.search.models import SavedSearch, SearchDocument, SearchPosting

__all__ = [
    "ApiToken", "AuditEntry", "BorderPair", "Cluster", "ClusterMember", "Invitation",
    "MemberState", "NaceCode", "Organisation", "OutboxMessage", "Region", "RegionAlias",
    "RoleAssignment", "SavedSearch", "SearchDocument", "SearchPosting", "TechnologyField", "User",
]
