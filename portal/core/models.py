"""Imports every feature's models, so that Alembic and ``create_all`` see the whole schema."""

from portal.accounts.models import ApiToken, Invitation, RecoveryCode, RoleAssignment, User
from portal.calls.models import Call, CallCriterion
from portal.core.audit import AuditEntry
from portal.council.models import (
    AgendaItem,
    Ballot,
    CouncilSeat,
    Decision,
    ReconsiderationRequest,
    Recusal,
    VoteSession,
)
from portal.matching.models import OrganisationVector
from portal.notifications.models import OutboxMessage
from portal.partnering.models import Ad, AdFollow, AdReminder, ExpressionOfInterest
from portal.proposals.models import (
    Attachment,
    BudgetLine,
    ExchangeRate,
    Indicator,
    Milestone,
    Proposal,
    ProposalPartner,
    ProposalSnapshot,
    StatusChange,
)
from portal.reference.models import (
    BorderPair,
    MemberState,
    NaceCode,
    Region,
    RegionAlias,
    TechnologyField,
)
from portal.registry.models import Cluster, ClusterMember, ImportJob, Organisation
from portal.review.models import (
    Assignment,
    ConsensusReport,
    ExpertAffiliation,
    ExpertProfile,
    Review,
    ReviewReminder,
)
from portal.search.models import (
    SavedSearch,
    SearchAttribute,
    SearchDocument,
    SearchPosting,
    SearchTerm,
)

__all__ = [
    "Ad", "AdFollow", "AdReminder", "AgendaItem", "ApiToken", "Assignment", "Attachment",
    "AuditEntry", "Ballot", "BorderPair", "BudgetLine", "Call", "CallCriterion", "Cluster",
    "ClusterMember", "ConsensusReport", "CouncilSeat", "Decision", "ExchangeRate",
    "ExpertAffiliation", "ExpertProfile", "ExpressionOfInterest", "ImportJob", "Indicator",
    "Invitation", "MemberState", "Milestone", "NaceCode", "Organisation", "OrganisationVector",
    "OutboxMessage", "Proposal", "ProposalPartner", "ProposalSnapshot",
    "ReconsiderationRequest", "RecoveryCode", "Recusal", "Region", "RegionAlias", "Review", "ReviewReminder",
    "RoleAssignment", "SavedSearch", "SearchAttribute", "SearchDocument", "SearchPosting",
    "SearchTerm", "StatusChange", "TechnologyField", "User", "VoteSession",
]
