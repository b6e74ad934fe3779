"""Who may see and do what in the review of proposals (DESIGN 4.5).

================================  =============================================================
predicate                         true for
================================  =============================================================
is_expert(user)                   holders of the expert role (the assignment pages)
is_staff(user)                    the secretariat and the administrator
is_secretariat(user)              the secretariat (designates rapporteurs, keeps expert profiles)
acts_on_reviews(user)             experts, staff, and anyone who may lead or join a proposal:
                                  checked before anything is loaded
can_see_full_proposal(user, a)    the assigned expert once they accepted and declared no
                                  conflict of interest (before: title and abstract only)
can_answer(user, a)               the expert, to accept or decline, while invited
can_declare_conflict(user, a)     the expert, while invited or accepted
can_review(user, a)               the expert, once accepted with the declaration
can_see_reviews(user, proposal)   the staff; an expert on the proposal once their own review is
                                  submitted; never the applicants
can_see_identities(user, p)       the staff only (other experts read "Reviewer 1, 2…")
can_write_report(user, proposal)  the secretariat, and the designated rapporteur
can_see_report(user, proposal)    the staff and the rapporteur; once it is locked, everyone who
                                  may see the proposal (applicants read it without identities)
================================  =============================================================
"""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.permissions import signed_in
from portal.extensions import db
from portal.proposals import permissions as proposals
from portal.proposals.models import Proposal
from portal.review.models import Assignment, AssignmentStatus, ConsensusReport

#: Roles that may meet the review: experts, staff, and the sides of a proposal.
_REVIEW_ROLES = (Role.EXPERT, Role.SECRETARIAT, Role.ADMIN, Role.ORG_ADMIN, Role.ORG_MEMBER,
                 Role.CLUSTER_MANAGER, Role.CONTACT_POINT)


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


def can_answer(user, assignment: Assignment) -> bool:
    """Accept or decline: the expert, while the invitation is open."""
    return (signed_in(user) and assignment.expert_id == user.id
            and assignment.status == AssignmentStatus.INVITED)


def can_declare_conflict(user, assignment: Assignment) -> bool:
    return (signed_in(user) and assignment.expert_id == user.id
            and assignment.status in (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED))


def can_review(user, assignment: Assignment) -> bool:
    return (can_see_full_proposal(user, assignment)
            and assignment.status == AssignmentStatus.ACCEPTED)


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


def can_write_report(user, proposal: Proposal) -> bool:
    return is_secretariat(user) or is_rapporteur(user, proposal)


def can_designate_rapporteur(user, proposal: Proposal) -> bool:
    return is_secretariat(user)


def can_see_report(user, proposal: Proposal, report: ConsensusReport | None) -> bool:
    if report is None:
        return False
    if is_staff(user) or is_rapporteur(user, proposal):
        return True
    return report.locked_at is not None and (proposals.can_view(user, proposal)
                                             or can_see_reviews(user, proposal))
