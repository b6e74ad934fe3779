"""The review of proposals (DESIGN 4.5): assigning experts, their answers, their reviews, the
consolidation and the consensus report.

The worker assigns (:func:`assign_experts`), replaces (:func:`replace_expert`) and moves a
proposal to consolidation (:func:`consolidate_reviews`); experts accept, decline, declare a
conflict and submit their review; the secretariat or the designated rapporteur writes the
consensus report, whose submission locks it and makes the proposal ``ready_for_council``.

Each service checks the rule, changes state, writes the audit entry, queues its e-mails and
tasks, and flushes; the caller commits once. Worker services return early when the state no
longer calls for them, so a repeated delivery changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from portal.accounts.links import external_url
from portal.accounts.models import RoleAssignment, User
from portal.accounts.roles import Role, RoleSpec
from portal.accounts.services import grant_role
from portal.core import audit
from portal.core.audit import AuditEntry
from portal.core.db import utcnow
from portal.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from portal.core.jobs import TaskName, enqueue
from portal.extensions import db
from portal.notifications.services import mail_user
from portal.proposals.models import Proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from portal.reference.models import MemberState, TechnologyField
from portal.registry.models import Organisation
from portal.review import facts, permissions
from portal.review.assignment import plan_assignment
from portal.review.models import (
    Assignment,
    AssignmentStatus,
    ConsensusReport,
    ExpertAffiliation,
    ExpertProfile,
    Recommendation,
    Review,
)
from portal.review.scoring import (
    Consolidation,
    Criterion,
    consolidate,
    parse_score,
    validate_scores,
    weighted_total,
)

WORKER = "worker"
COMMENT_MAX = 5_000
REASON_MAX = 2_000
REPORT_MAX = 20_000
OPEN = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)
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
    still_open = Assignment.status.in_([s.value for s in OPEN])
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


def _tell_secretariat(template: str, **context) -> None:
    for user in secretariat():
        mail_user(user, template, **context)


def _invite(assignment: Assignment, proposal: Proposal) -> None:
    if assignment.expert.is_active:
        mail_user(assignment.expert, "review_invitation", proposal=proposal,
                  assignment=assignment, link=assignment_link(assignment))


# -- the worker: assigning, replacing, consolidating ---------------------------------------

@dataclass(frozen=True)
class Filled:
    new: tuple[Assignment, ...]
    shortfall: int


def _fill_panel(proposal: Proposal, now: datetime) -> Filled:
    """Add experts to reach the call's number around those still on the panel."""
    need = facts.assignment_need(proposal)
    plan = plan_assignment(need, facts.expert_pool())
    due = now + timedelta(days=proposal.call.review_days)
    new = []
    for expert_id in plan.chosen:
        assignment = Assignment(proposal_id=proposal.id, expert_id=expert_id,
                                status=AssignmentStatus.INVITED, assigned_at=now, due_at=due)
        db.session.add(assignment)
        new.append(assignment)
    db.session.flush()
    for assignment in new:
        audit.record("assignment.create", WORKER, f"assignment:{assignment.id}",
                     proposal=f"proposal:{proposal.id}", expert=f"user:{assignment.expert_id}")
        _invite(assignment, proposal)
    return Filled(new=tuple(new), shortfall=plan.shortfall)


def assign_experts(proposal_id: int, now: datetime | None = None) -> Filled | None:
    """The worker: give an eligible proposal its experts and start the review. Returns None
    when the proposal is (no longer) eligible."""
    now = now or utcnow()
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None or proposal.status != ProposalStatus.ELIGIBLE:
        return None
    apply_transition(proposal, Action.START_REVIEW, None, now=now)
    filled = _fill_panel(proposal, now)
    if filled.shortfall > 0:
        audit.record("review.shortfall", WORKER, f"proposal:{proposal.id}",
                     missing=filled.shortfall)
        _tell_secretariat("review_shortfall", proposal=proposal, missing=filled.shortfall,
                          link=report_link(proposal))
    return filled


def _noticed(action: str, obj: str) -> bool:
    return db.session.scalar(select(AuditEntry.seq).where(AuditEntry.action == action,
                                                          AuditEntry.object == obj)
                             .limit(1)) is not None


def replace_expert(assignment_id: int, now: datetime | None = None) -> Filled | None:
    """The worker: fill the seat an expert left (declined, conflict, overdue). When nobody is
    left to ask, the secretariat is told once, and the proposal moves to consolidation if the
    remaining reviews are in. Returns None when there is nothing to do."""
    now = now or utcnow()
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.status not in REPLACEABLE:
        return None
    proposal = db.session.get(Proposal, assignment.proposal_id, with_for_update=True,
                              populate_existing=True)
    if proposal.status != ProposalStatus.IN_REVIEW:
        return None
    filled = _fill_panel(proposal, now)
    if filled.shortfall > 0 and not _noticed("review.shortfall", f"assignment:{assignment.id}"):
        audit.record("review.shortfall", WORKER, f"assignment:{assignment.id}",
                     proposal=f"proposal:{proposal.id}", missing=filled.shortfall)
        _tell_secretariat("review_shortfall", proposal=proposal, missing=filled.shortfall,
                          link=report_link(proposal))
    if not filled.new:
        _move_to_consolidation(proposal, now)
    return filled


def _reviews_in(proposal: Proposal) -> bool:
    counts = dict(db.session.execute(
        select(Assignment.status, func.count()).where(Assignment.proposal_id == proposal.id)
        .group_by(Assignment.status)).all())
    waiting = sum(counts.get(status, 0) for status in OPEN)
    return not waiting and bool(counts.get(AssignmentStatus.SUBMITTED))


def _move_to_consolidation(proposal: Proposal, now: datetime) -> bool:
    if proposal.status != ProposalStatus.IN_REVIEW or not _reviews_in(proposal):
        return False
    apply_transition(proposal, Action.CONSOLIDATE, None, now=now)
    figures = consolidation_of(proposal)
    recipients = {user.id: user for user in secretariat()}
    recipients.update({a.expert_id: a.expert for a in panel(proposal)
                       if a.rapporteur and a.expert.is_active})
    for user in recipients.values():
        mail_user(user, "review_consolidation", proposal=proposal, figures=figures,
                  link=report_link(proposal))
    return True


def consolidate_reviews(proposal_id: int, now: datetime | None = None) -> bool:
    """The worker: move a proposal in review to consolidation once its reviews are in. A panel
    short of experts is first topped up if anyone is left to ask; the move waits for them."""
    now = now or utcnow()
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None or proposal.status != ProposalStatus.IN_REVIEW:
        return False
    if _fill_panel(proposal, now).new:
        return False
    return _move_to_consolidation(proposal, now)


# -- the expert ------------------------------------------------------------------------------

def _respond(assignment: Assignment, allowed, actor) -> None:
    if assignment.expert_id != actor.id:
        raise PermissionDenied(_("Only the assigned expert may answer."))
    if assignment.status not in allowed:
        raise ConflictError(_("This assignment is no longer open to this answer."))
    proposal = db.session.get(Proposal, assignment.proposal_id)
    if proposal.status != ProposalStatus.IN_REVIEW:
        raise ConflictError(_("The review of this proposal is closed."))


def accept_assignment(assignment_id: int, actor, no_conflict: object) -> Assignment:
    """Accept, declaring no conflict of interest: only then the full proposal is visible."""
    assignment = own_assignment(assignment_id, actor)
    if no_conflict is not True:
        message = _("Declare that you have no conflict of interest to accept.")
        raise _invalid({"no_conflict": [message]})
    _respond(assignment, (AssignmentStatus.INVITED,), actor)
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
    enqueue(TaskName.REPLACE_EXPERT, assignment.id)


def decline_assignment(assignment_id: int, actor, reason) -> Assignment:
    """Decline the invitation; the worker asks someone else."""
    assignment = own_assignment(assignment_id, actor)
    reason = _reason(reason, required=True)
    _respond(assignment, (AssignmentStatus.INVITED,), actor)
    _leave(assignment, AssignmentStatus.DECLINED, reason, actor)
    return assignment


def declare_conflict(assignment_id: int, actor, reason="") -> Assignment:
    """Declare a conflict of interest (before or after accepting, before the review is in);
    the worker asks someone else."""
    assignment = own_assignment(assignment_id, actor)
    reason = _reason(reason, required=False)
    _respond(assignment, OPEN, actor)
    _leave(assignment, AssignmentStatus.CONFLICT, reason, actor)
    return assignment


def _check_scores(scores, criteria, problems) -> dict[str, Decimal]:
    if not isinstance(scores, dict):
        problems["scores"] = [_("Give an object of scores by criterion key.")]
        return {}
    for key, found in validate_scores(scores, criteria).items():
        problems[f"scores.{key}"] = found
    return {c.key: parse_score(scores.get(c.key)) for c in criteria
            if f"scores.{c.key}" not in problems}


def _check_recommendation(value, problems) -> str:
    if value not in {str(r) for r in Recommendation}:
        problems["recommendation"] = [_("Choose fund, fund with conditions or do not fund.")]
    return value


def _stored(scores: dict[str, Decimal]) -> dict[str, str]:
    return {key: str(value.quantize(Decimal("0.1"))) for key, value in scores.items()}


def submit_review(assignment_id: int, actor, scores, comments, recommendation) -> Review:
    """Submit the review once, with a score (0-5, half points) and a comment per criterion."""
    assignment = own_assignment(assignment_id, actor)
    if assignment.status == AssignmentStatus.INVITED:
        raise ConflictError(_("Accept the assignment, declaring no conflict, before reviewing."))
    _respond(assignment, (AssignmentStatus.ACCEPTED,), actor)
    proposal = db.session.get(Proposal, assignment.proposal_id)
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
    if _reviews_in(proposal):
        enqueue(TaskName.CONSOLIDATE_REVIEWS, proposal.id)
    return review


# -- the secretariat and the rapporteur -----------------------------------------------------

def designate_rapporteur(assignment_id: int, actor) -> Assignment:
    """Make the expert of this assignment the proposal's rapporteur (one per proposal)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(_("There is nothing here."))
    proposal = db.session.get(Proposal, assignment.proposal_id)
    if not permissions.can_designate_rapporteur(actor, proposal):
        raise PermissionDenied(_("Only the secretariat designates the rapporteur."))
    if assignment.status not in (AssignmentStatus.ACCEPTED, AssignmentStatus.SUBMITTED):
        raise ConflictError(_("Only an expert who accepted the assignment can be rapporteur."))
    if proposal.status not in (ProposalStatus.IN_REVIEW, ProposalStatus.CONSOLIDATION):
        raise ConflictError(_("The review of this proposal is closed."))
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
    if not permissions.can_write_report(actor, proposal):
        if permissions.can_see_reviews(actor, proposal) or permissions.is_staff(actor):
            raise PermissionDenied(_("Only the secretariat or the rapporteur writes the report."))
        raise NotFound(_("There is nothing here."))
    report = report_of(proposal)
    if report is not None and report.locked_at is not None:
        raise ConflictError(_("The consensus report is locked."))
    if proposal.status != ProposalStatus.CONSOLIDATION:
        raise ConflictError(_("The report is written while the proposal is in consolidation."))
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


# -- expert profiles -------------------------------------------------------------------------

def save_expert_profile(user: User, state: str, fields, affiliations, actor,
                        expertise: str | None = None, active: bool = True):
    """Create or update the expert profile of ``user`` (and give them the expert role): their
    member state, technology fields and recorded affiliations (organisation ids), which replace
    the previous ones."""
    problems: dict[str, list[str]] = {}
    if db.session.get(MemberState, state) is None:
        problems["state"] = [_("Unknown member state: %(state)s", state=state)]
    keys = list(dict.fromkeys(fields))
    found = list(db.session.scalars(select(TechnologyField).where(TechnologyField.key.in_(keys))))
    unknown = sorted(set(keys) - {field.key for field in found})
    if unknown:
        problems["fields"] = [_("Unknown technology field: %(keys)s", keys=", ".join(unknown))]
    organisation_ids = list(dict.fromkeys(affiliations))
    known = set(db.session.scalars(select(Organisation.id)
                                   .where(Organisation.id.in_(organisation_ids))))
    missing = [str(i) for i in organisation_ids if i not in known]
    if missing:
        problems["affiliations"] = [_("No such organisation: %(ids)s", ids=", ".join(missing))]
    if problems:
        raise _invalid(problems)
    if not user.has_role(Role.EXPERT):
        grant_role(user, RoleSpec(Role.EXPERT), actor)
    profile = db.session.get(ExpertProfile, user.id)
    if profile is None:
        profile = ExpertProfile(user_id=user.id, state_code=state)
        db.session.add(profile)
    profile.state_code = state
    profile.technology_fields = found
    profile.active = active
    if expertise is not None:
        profile.expertise = expertise
    db.session.flush()
    current = {a.organisation_id: a for a in db.session.scalars(
        select(ExpertAffiliation).where(ExpertAffiliation.user_id == user.id))}
    for organisation_id, affiliation in current.items():
        if organisation_id not in organisation_ids:
            db.session.delete(affiliation)
    for organisation_id in organisation_ids:
        if organisation_id not in current:
            db.session.add(ExpertAffiliation(user_id=user.id, organisation_id=organisation_id))
    db.session.flush()
    audit.record("expert.profile", actor, f"user:{user.id}", state=state, fields=keys,
                 affiliations=organisation_ids, active=active)
    return profile


def expert_profiles() -> list[ExpertProfile]:
    return list(db.session.scalars(select(ExpertProfile).join(User, User.id == ExpertProfile.user_id)
                                   .order_by(ExpertProfile.state_code, User.name)))


def expert_profile_by_email(email: str) -> ExpertProfile | None:
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    return None if user is None else db.session.get(ExpertProfile, user.id)


def affiliations_of(profile: ExpertProfile) -> list[int]:
    return list(db.session.scalars(select(ExpertAffiliation.organisation_id)
                                   .where(ExpertAffiliation.user_id == profile.user_id)
                                   .order_by(ExpertAffiliation.organisation_id)))


def expert_profile_data(profile: ExpertProfile) -> dict:
    return {"email": profile.user.email, "state": profile.state_code,
            "fields": [field.key for field in profile.technology_fields],
            "affiliations": ", ".join(str(i) for i in affiliations_of(profile)),
            "expertise": profile.expertise, "active": profile.active}
