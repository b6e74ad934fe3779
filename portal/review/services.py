"""The review of proposals (DESIGN 4.5): assigning experts, their answers, their reviews, the
consolidation and the consensus report.

The worker's part (assigning, replacing, consolidating) is in :mod:`portal.review.panels`, the
expert profiles in :mod:`portal.review.experts`. Here: experts accept, decline, declare a
conflict and submit their review; the secretariat or the designated rapporteur writes the
consensus report, whose submission locks it and makes the proposal ``ready_for_council``.

Each service checks the rule, changes state, writes the audit entry, queues its e-mails and
tasks, and flushes; the caller commits once. Worker services return early when the state no
longer calls for them, so a repeated delivery changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.accounts.links import external_url
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role
from portal.core import audit
from portal.core.db import utcnow
from portal.core.errors import NotFound, ValidationError, raise_refusal
from portal.core.jobs import enqueue
from portal.extensions import db
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action
from portal.review import permissions
from portal.review.models import (
    OPEN_ASSIGNMENT,
    Assignment,
    AssignmentStatus,
    ConsensusReport,
    Recommendation,
    Review,
)
from portal.review.proposal_hooks import reviews_in
from portal.review.scoring import (
    Consolidation,
    Criterion,
    consolidate,
    parse_score,
    validate_scores,
    weighted_total,
)

COMMENT_MAX = 5_000
REASON_MAX = 2_000
REPORT_MAX = 20_000
#: Assignments whose expert left the panel: the worker replaces them.
REPLACEABLE = (AssignmentStatus.DECLINED, AssignmentStatus.CONFLICT, AssignmentStatus.OVERDUE)


def _invalid(fields: dict[str, list[str]]):
    return ValidationError(_("Some values are not valid."), fields)


# -- reading ---------------------------------------------------------------------------------

def get_proposal(proposal_id: int, lock: bool = False) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id, with_for_update=lock or None,
                              populate_existing=lock)
    if proposal is None:
        raise NotFound(_("There is nothing here."))
    return proposal


def own_assignment(assignment_id: int, user) -> Assignment:
    """The caller's own assignment (404 otherwise, staff included: only the expert answers)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.expert_id != getattr(user, "id", None):
        raise NotFound(_("There is nothing here."))
    return assignment


def assignments_of(user):
    """The query of the user's assignments, the open ones first, soonest due first."""
    still_open = Assignment.status.in_(OPEN_ASSIGNMENT)
    return (select(Assignment).where(Assignment.expert_id == user.id)
            .order_by(still_open.desc(), Assignment.due_at, Assignment.id))


def panel(proposal: Proposal) -> list[Assignment]:
    """Every assignment of the proposal, in the order they were made."""
    return list(db.session.scalars(select(Assignment).where(Assignment.proposal_id == proposal.id)
                                   .order_by(Assignment.assigned_at, Assignment.id)))


def submitted_reviews(proposal: Proposal) -> list[Review]:
    return list(db.session.scalars(
        select(Review).join(Assignment).where(Assignment.proposal_id == proposal.id,
                                              Assignment.status == AssignmentStatus.SUBMITTED)
        .order_by(Review.submitted_at, Review.id)))


def criteria_of(proposal: Proposal) -> tuple[Criterion, ...]:
    return tuple(Criterion(key=c.key, weight=c.weight, threshold=c.threshold)
                 for c in proposal.call.criteria)


def consolidation_of(proposal: Proposal) -> Consolidation | None:
    """The figures of the submitted reviews, or None before the first one."""
    reviews = submitted_reviews(proposal)
    if not reviews:
        return None
    sheets = [{key: Decimal(value) for key, value in review.scores.items()} for review in reviews]
    return consolidate(sheets, criteria_of(proposal), proposal.call.overall_threshold)


def report_of(proposal: Proposal) -> ConsensusReport | None:
    return db.session.scalar(select(ConsensusReport)
                             .where(ConsensusReport.proposal_id == proposal.id))


# -- mail ------------------------------------------------------------------------------------

def secretariat() -> list[User]:
    return list(db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.SECRETARIAT.value, User.is_active_account)
        .order_by(User.id).distinct()))


def assignment_link(assignment: Assignment) -> str:
    return external_url("review.assignment", assignment_id=assignment.id)


def report_link(proposal: Proposal) -> str:
    return external_url("review.consensus_report", proposal_id=proposal.id)


# -- the expert ------------------------------------------------------------------------------

def accept_assignment(assignment_id: int, actor, no_conflict: object) -> Assignment:
    """Accept, declaring no conflict of interest: only then the full proposal is visible."""
    assignment = own_assignment(assignment_id, actor)
    if no_conflict is not True:
        message = _("Declare that you have no conflict of interest to accept.")
        raise _invalid({"no_conflict": [message]})
    raise_refusal(permissions.refusal_to_answer(actor, assignment))
    now = utcnow()
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.declared_at = assignment.responded_at = now
    db.session.flush()
    audit.record("assignment.accept", actor, f"assignment:{assignment.id}",
                 proposal=f"proposal:{assignment.proposal_id}", no_conflict=True)
    return assignment


def _reason(value, required: bool) -> str:
    if value is not None and not isinstance(value, str):
        raise _invalid({"reason": [_("Must be text.")]})
    reason = (value or "").strip()
    if required and not reason:
        raise _invalid({"reason": [_("Give a reason.")]})
    if len(reason) > REASON_MAX:
        raise _invalid({"reason": [_("At most %(n)d characters.", n=REASON_MAX)]})
    return reason


def _leave(assignment: Assignment, status: AssignmentStatus, reason: str, actor) -> None:
    assignment.status = status
    assignment.responded_at = utcnow()
    assignment.decline_reason = reason
    assignment.rapporteur = False
    db.session.flush()
    audit.record(f"assignment.{status}", actor, f"assignment:{assignment.id}",
                 proposal=f"proposal:{assignment.proposal_id}", reason=reason)
    enqueue("portal.review.tasks.replace_expert", assignment.id)


def decline_assignment(assignment_id: int, actor, reason) -> Assignment:
    """Decline the invitation; the worker asks someone else."""
    assignment = own_assignment(assignment_id, actor)
    reason = _reason(reason, required=True)
    raise_refusal(permissions.refusal_to_answer(actor, assignment))
    _leave(assignment, AssignmentStatus.DECLINED, reason, actor)
    return assignment


def declare_conflict(assignment_id: int, actor, reason="") -> Assignment:
    """Declare a conflict of interest (before or after accepting, before the review is in);
    the worker asks someone else."""
    assignment = own_assignment(assignment_id, actor)
    reason = _reason(reason, required=False)
    raise_refusal(permissions.refusal_to_declare_conflict(actor, assignment))
    _leave(assignment, AssignmentStatus.CONFLICT, reason, actor)
    return assignment


def _check_scores(scores, criteria, problems) -> dict[str, Decimal]:
    if not isinstance(scores, dict):
        problems["scores"] = [_("Give an object of scores by criterion key.")]
        return {}
    for key, found in validate_scores(scores, criteria).items():
        problems[f"scores.{key}"] = found
    return {c.key: score for c in criteria if f"scores.{c.key}" not in problems
            and (score := parse_score(scores.get(c.key))) is not None}


def _check_recommendation(value, problems) -> str:
    if value not in {str(r) for r in Recommendation}:
        problems["recommendation"] = [_("Choose fund, fund with conditions or do not fund.")]
    return value


def _stored(scores: dict[str, Decimal]) -> dict[str, str]:
    return {key: str(value.quantize(Decimal("0.1"))) for key, value in scores.items()}


def submit_review(assignment_id: int, actor, scores, comments, recommendation) -> Review:
    """Submit the review once, with a score (0-5, half points) and a comment per criterion."""
    assignment = own_assignment(assignment_id, actor)
    raise_refusal(permissions.refusal_to_review(actor, assignment))
    proposal = db.session.get_one(Proposal, assignment.proposal_id)
    criteria = criteria_of(proposal)
    problems: dict[str, list[str]] = {}
    parsed = _check_scores(scores, criteria, problems)
    texts: dict[str, str] = {}
    if not isinstance(comments, dict):
        problems["comments"] = [_("Give an object of comments by criterion key.")]
    else:
        for criterion in criteria:
            text = comments.get(criterion.key)
            text = text.strip() if isinstance(text, str) else ""
            if not text:
                problems[f"comments.{criterion.key}"] = [_("Comment on this criterion.")]
            elif len(text) > COMMENT_MAX:
                problems[f"comments.{criterion.key}"] = [
                    _("At most %(n)d characters.", n=COMMENT_MAX)]
            texts[criterion.key] = text
        keys = {c.key for c in criteria}
        for key in comments:
            if key not in keys:
                problems[f"comments.{key}"] = [_("This is not a criterion of the call.")]
    _check_recommendation(recommendation, problems)
    if problems:
        raise _invalid(problems)
    review = Review(assignment_id=assignment.id, scores=_stored(parsed), comments=texts,
                    recommendation=recommendation, total=weighted_total(parsed, criteria),
                    submitted_at=utcnow())
    db.session.add(review)
    assignment.status = AssignmentStatus.SUBMITTED
    db.session.flush()
    audit.record("review.submit", actor, f"assignment:{assignment.id}",
                 proposal=f"proposal:{proposal.id}", total=str(review.total),
                 recommendation=recommendation)
    if reviews_in(proposal):
        enqueue("portal.review.tasks.consolidate_reviews", proposal.id)
    return review


# -- the secretariat and the rapporteur -----------------------------------------------------

def designate_rapporteur(assignment_id: int, actor) -> Assignment:
    """Make the expert of this assignment the proposal's rapporteur (one per proposal)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(_("There is nothing here."))
    raise_refusal(permissions.refusal_to_designate(actor, assignment))
    proposal = db.session.get_one(Proposal, assignment.proposal_id)
    db.session.execute(update(Assignment).where(Assignment.proposal_id == proposal.id,
                                                Assignment.id != assignment.id)
                       .values(rapporteur=False))
    db.session.flush()
    assignment.rapporteur = True
    db.session.flush()
    audit.record("assignment.rapporteur", actor, f"assignment:{assignment.id}",
                 proposal=f"proposal:{proposal.id}")
    return assignment


def write_consensus_report(proposal_id: int, actor, scores, recommendation, text,
                           conditions="", lock: bool = True) -> ConsensusReport:
    """Write (or rewrite) the consensus report of a proposal in consolidation; with ``lock``
    it is submitted: it never changes again and the proposal is ready for the council."""
    proposal = get_proposal(proposal_id)
    report = report_of(proposal)
    raise_refusal(permissions.refusal_to_write_report(actor, proposal, report))
    criteria = criteria_of(proposal)
    problems: dict[str, list[str]] = {}
    parsed = _check_scores(scores, criteria, problems)
    _check_recommendation(recommendation, problems)
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        problems["text"] = [_("This field is required.")]
    elif len(text) > REPORT_MAX:
        problems["text"] = [_("At most %(n)d characters.", n=REPORT_MAX)]
    if conditions is not None and not isinstance(conditions, str):
        problems["conditions"] = [_("Must be text.")]
        conditions = ""
    conditions = (conditions or "").strip()
    if recommendation == Recommendation.FUND_WITH_CONDITIONS and not conditions:
        problems["conditions"] = [_("State the conditions of the recommendation.")]
    if problems:
        raise _invalid(problems)
    figures = consolidation_of(proposal)
    values = {"author_id": actor.id, "scores": _stored(parsed),
              "total": weighted_total(parsed, criteria), "recommendation": recommendation,
              "text": text, "conditions": conditions,
              "disagreement": bool(figures and figures.disagreement)}
    if report is None:
        report = ConsensusReport(proposal_id=proposal.id, **values)
        db.session.add(report)
    else:
        for name, value in values.items():
            setattr(report, name, value)
    db.session.flush()
    audit.record("report.write", actor, f"proposal:{proposal.id}", total=str(report.total),
                 recommendation=recommendation, lock=lock)
    if lock:
        report.locked_at = utcnow()
        db.session.flush()
        apply_transition(proposal, Action.LOCK_REPORT, actor)
    return report
