"""Imports every feature's models, so that Alembic and ``create_all`` see the whole schema."""

from portal.accounts.models import ApiToken, Invitation, RoleAssignment, User
from portal.core.audit import AuditEntry
from portal.matching.models import OrganisationVector
from portal.notifications.models import OutboxMessage
from portal.partnering.models import Ad, AdFollow, AdReminder, ExpressionOfInterest
from portal.reference.models import (
    BorderPair,
    MemberState,
    NaceCode,
    Region,
    RegionAlias,
    TechnologyField,
)
from portal.registry.models import Cluster, ClusterMember, ImportJob, Organisation
from portal.search.models import (
    SavedSearch,
    SearchAttribute,
    SearchDocument,
    SearchPosting,
    SearchTerm,
)

__all__ = [
    "Ad", "AdFollow", "AdReminder", "ApiToken", "AuditEntry", "BorderPair", "Cluster",
    "ClusterMember", "ExpressionOfInterest", "ImportJob", "Invitation", "MemberState", "NaceCode",
    "Organisation", "OrganisationVector", "OutboxMessage", "Region", "RegionAlias",
    "RoleAssignment", "SavedSearch", "SearchAttribute", "SearchDocument", "SearchPosting",
    "SearchTerm", "TechnologyField", "User",
]
