"""Who may see and do what in the review of proposals (DESIGN 4.5).

================================  =============================================================
predicate                         true for
================================  =============================================================
is_expert(user)                   holders of the expert role (the assignment pages)
is_staff(user)                    the secretariat and the administrator
is_secretariat(user)              the secretariat (designates rapporteurs, keeps expert profiles)
acts_on_reviews(user)             experts, staff, anyone who may lead or join a proposal, and
                                  the council: checked before anything is loaded
can_see_full_proposal(user, a)    the assigned expert once they accepted and declared no
                                  conflict of interest (before: title and abstract only)
can_answer(user, a)               the expert, to accept or decline, while invited
can_declare_conflict(user, a)     the expert, while invited or accepted
can_review(user, a)               the expert, once accepted with the declaration
                                  (all three only while the proposal is in review)
can_see_reviews(user, proposal)   the staff; an expert on the proposal once their own review is
                                  submitted; never the applicants
can_see_identities(user, p)       the staff only (other experts read "Reviewer 1, 2…")
writes_reports_of(user, proposal) the secretariat, and the designated rapporteur
can_write_report(user, p, report) they, while the proposal is in consolidation and the report
                                  is not locked
can_designate_rapporteur(user, a) the secretariat, for an expert who accepted, while the
                                  proposal is in review or consolidation
can_see_report(user, proposal)    the staff and the rapporteur; once it is locked, everyone who
                                  may see the proposal (applicants, and the council once the
                                  proposal is on an agenda, read it without identities)
================================  =============================================================

A ``can_…`` predicate on an object knows its state. Its ``refusal_to_…`` twin says why not, as the
error the service raises (403 for who, 409 for when), so that the page, the template, the API
and the service all ask the same question.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.errors import ConflictError, NotFound, PermissionDenied, PortalError
from portal.core.permissions import signed_in
from portal.extensions import db
from portal.proposals import permissions as proposals
from portal.proposals.models import Proposal
from portal.proposals.workflow import ProposalStatus
from portal.review.models import OPEN_ASSIGNMENT, Assignment, AssignmentStatus, ConsensusReport

#: An expert who accepted, reviewed or not, may be designated rapporteur.
DESIGNABLE = (AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED)
#: The rapporteur is designated while the review runs and during its consolidation.
DESIGNATION_OPEN = (ProposalStatus.IN_REVIEW, ProposalStatus.CONSOLIDATION)

#: Roles that may meet the review: experts, staff, the sides of a proposal, and the council
#: (which reads the locked report of what it votes on).
_REVIEW_ROLES = (Role.EXPERT, Role.SECRETARIAT, Role.ADMIN, Role.ORG_ADMIN, Role.ORG_MEMBER,
                 Role.CLUSTER_MANAGER, Role.CONTACT_POINT, Role.COUNCIL_MEMBER,
                 Role.COUNCIL_ALTERNATE)


def is_expert(user) -> bool:
    return signed_in(user) and user.has_role(Role.EXPERT)


def is_staff(user) -> bool:
    return signed_in(user) and (user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN))


def is_secretariat(user) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARIAT)


def acts_on_reviews(user) -> bool:
    return signed_in(user) and any(user.has_role(role) for role in _REVIEW_ROLES)


def own_assignment(user, proposal: Proposal) -> Assignment | None:
    if not signed_in(user):
        return None
    return db.session.scalar(select(Assignment).where(Assignment.proposal_id == proposal.id,
                                                      Assignment.expert_id == user.id))


def can_see_full_proposal(user, assignment: Assignment) -> bool:
    return (signed_in(user) and assignment.expert_id == user.id
            and assignment.declared_at is not None
            and assignment.status in (AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED))


def _proposal_of(assignment: Assignment) -> Proposal:
    return db.session.get(Proposal, assignment.proposal_id)


def _refusal_to_respond(user, assignment: Assignment, allowed) -> PortalError | None:
    if not signed_in(user) or assignment.expert_id != user.id:
        return PermissionDenied(_("Only the assigned expert may answer."))
    if assignment.status not in allowed:
        return ConflictError(_("This assignment is no longer open to this answer."))
    if _proposal_of(assignment).status != ProposalStatus.IN_REVIEW:
        return ConflictError(_("The review of this proposal is closed."))
    return None


def refusal_to_answer(user, assignment: Assignment) -> PortalError | None:
    """Accept or decline: the expert, while invited and the proposal is in review."""
    return _refusal_to_respond(user, assignment, (AssignmentStatus.INVITED,))


def can_answer(user, assignment: Assignment) -> bool:
    return refusal_to_answer(user, assignment) is None


def refusal_to_declare_conflict(user, assignment: Assignment) -> PortalError | None:
    """The expert, while invited or accepted and the proposal is in review."""
    return _refusal_to_respond(user, assignment, OPEN_ASSIGNMENT)


def can_declare_conflict(user, assignment: Assignment) -> bool:
    return refusal_to_declare_conflict(user, assignment) is None


def refusal_to_review(user, assignment: Assignment) -> PortalError | None:
    """Score the proposal: the expert, once accepted (not yet submitted), while it is in
    review."""
    if (signed_in(user) and assignment.expert_id == user.id
            and assignment.status == AssignmentStatus.INVITED):
        return ConflictError(_("Accept the assignment, declaring no conflict, before reviewing."))
    return _refusal_to_respond(user, assignment, (AssignmentStatus.ACCEPTED,))


def can_review(user, assignment: Assignment) -> bool:
    return refusal_to_review(user, assignment) is None


def can_see_reviews(user, proposal: Proposal) -> bool:
    if is_staff(user):
        return True
    mine = own_assignment(user, proposal)
    return mine is not None and mine.status == AssignmentStatus.SUBMITTED


def can_see_identities(user, proposal: Proposal) -> bool:
    return proposals.can_see_reviewer_identities(user)


def is_rapporteur(user, proposal: Proposal) -> bool:
    mine = own_assignment(user, proposal)
    return mine is not None and mine.rapporteur and mine.status in (
        AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED)


def may_write_reports(user) -> bool:
    """Before the proposal is loaded: the secretariat, or an expert (its rapporteur or not is
    :func:`can_write_report`'s question)."""
    return is_secretariat(user) or is_expert(user)


def writes_reports_of(user, proposal: Proposal) -> bool:
    """Who writes the proposal's report, whatever its state: the secretariat or its
    rapporteur (they may open the report page)."""
    return is_secretariat(user) or is_rapporteur(user, proposal)


def refusal_to_write_report(user, proposal: Proposal,
                            report: ConsensusReport | None) -> PortalError | None:
    """Who writes it, while the proposal is in consolidation and the report is not locked. To
    one who may not even see the reviews, the proposal's review does not exist (404)."""
    if not writes_reports_of(user, proposal):
        if can_see_reviews(user, proposal) or is_staff(user):
            return PermissionDenied(_("Only the secretariat or the rapporteur writes the report."))
        return NotFound(_("There is nothing here."))
    if report is not None and report.locked_at is not None:
        return ConflictError(_("The consensus report is locked."))
    if proposal.status != ProposalStatus.CONSOLIDATION:
        return ConflictError(_("The report is written while the proposal is in consolidation."))
    return None


def can_write_report(user, proposal: Proposal, report: ConsensusReport | None) -> bool:
    return refusal_to_write_report(user, proposal, report) is None


def may_designate_on(user, proposal: Proposal) -> bool:
    """The panel with its designation buttons: the secretariat, while designation is open."""
    return is_secretariat(user) and proposal.status in DESIGNATION_OPEN


def refusal_to_designate(user, assignment: Assignment) -> PortalError | None:
    """Make this assignment's expert the rapporteur: the secretariat, for an expert who
    accepted, while the proposal is in review or consolidation."""
    if not is_secretariat(user):
        return PermissionDenied(_("Only the secretariat designates the rapporteur."))
    if assignment.status not in DESIGNABLE:
        return ConflictError(_("Only an expert who accepted the assignment can be rapporteur."))
    if _proposal_of(assignment).status not in DESIGNATION_OPEN:
        return ConflictError(_("The review of this proposal is closed."))
    return None


def can_designate_rapporteur(user, assignment: Assignment) -> bool:
    return refusal_to_designate(user, assignment) is None


def can_see_report(user, proposal: Proposal, report: ConsensusReport | None) -> bool:
    if report is None:
        return False
    if is_staff(user) or is_rapporteur(user, proposal):
        return True
    return report.locked_at is not None and (proposals.can_view(user, proposal)
                                             or can_see_reviews(user, proposal))
