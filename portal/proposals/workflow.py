"""The proposal workflow of DESIGN 4.3 as one declared table.

Each row says: from which state, by which action, to which state, who may take it, and the
guard that must hold. The page's buttons, the API and the worker all go through
:func:`transition_for` (via ``portal.proposals.transitions.apply_transition``), so a rule is
written once. The table is plain data: it imports nothing from the database layer, and its
guards are named here and evaluated in :mod:`portal.proposals.guards`, those on the review and
the decision by the feature that registers them (:mod:`portal.proposals.hooks`).

::

    draft ──submit──▶ submitted ──(worker: eligibility)──▶ eligible ──(worker: experts)──▶ in_review
      ▲                   │                                   │
      │                   └──▶ ineligible (reasons)           └─ secretariat: return_to_applicant
      └── returned_to_applicant ◀── (the applicant resubmits)
    in_review ──(worker: reviews in)──▶ consolidation ──(report locked)──▶ ready_for_council
    ready_for_council ──(on a vote session)──▶ on_agenda
    on_agenda ──(worker: tally)──▶ approved | approved_with_conditions | rejected | no_consensus
    approved_with_conditions ──conditions met──▶ approved ──agreement──▶ in_implementation
    in_implementation ──▶ completed;  any state before a decision ──withdraw (lead)──▶ withdrawn
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    INELIGIBLE = "ineligible"
    ELIGIBLE = "eligible"
    RETURNED_TO_APPLICANT = "returned_to_applicant"
    IN_REVIEW = "in_review"
    CONSOLIDATION = "consolidation"
    READY_FOR_COUNCIL = "ready_for_council"
    ON_AGENDA = "on_agenda"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REJECTED = "rejected"
    NO_CONSENSUS = "no_consensus"
    IN_IMPLEMENTATION = "in_implementation"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SUBMIT = "submit"
    MARK_ELIGIBLE = "mark_eligible"
    MARK_INELIGIBLE = "mark_ineligible"
    OVERRIDE_ELIGIBILITY = "override_eligibility"
    RETURN_TO_APPLICANT = "return_to_applicant"
    START_REVIEW = "start_review"
    CONSOLIDATE = "consolidate"
    LOCK_REPORT = "lock_report"
    PUT_ON_AGENDA = "put_on_agenda"
    ADOPT = "adopt"
    ADOPT_WITH_CONDITIONS = "adopt_with_conditions"
    REJECT = "reject"
    RECORD_NO_CONSENSUS = "record_no_consensus"
    RECONSIDER = "reconsider"
    MEET_CONDITIONS = "meet_conditions"
    SIGN_AGREEMENT = "sign_agreement"
    COMPLETE = "complete"
    WITHDRAW = "withdraw"


class Party(StrEnum):
    """Who may take an action. ``WORKER`` actions are taken by the background worker only."""

    APPLICANT = "applicant"
    SECRETARIAT = "secretariat"
    RAPPORTEUR = "rapporteur"
    COUNCIL = "council"
    WORKER = "worker"


class Guard(StrEnum):
    """A condition on the proposal's facts, checked in :mod:`portal.proposals.guards` or by the
    feature that registered it."""

    CALL_OPEN = "call_open"
    HAS_CONSORTIUM = "has_consortium"
    NOTE_GIVEN = "note_given"
    REVIEWS_IN = "reviews_in"
    REPORT_WRITTEN = "report_written"
    OBJECTION_WINDOW_OPEN = "objection_window_open"
    DECISION_IN_FORCE = "decision_in_force"


@dataclass(frozen=True)
class Transition:
    source: ProposalStatus
    action: Action
    target: ProposalStatus
    parties: frozenset[Party]
    guards: tuple[Guard, ...] = ()


def _row(source, action, target, *parties, guards=()) -> Transition:
    return Transition(source, action, target, frozenset(parties), tuple(guards))


S, A, P, G = ProposalStatus, Action, Party, Guard

#: Statuses from which the lead may still withdraw: every status before a decision.
BEFORE_DECISION = (S.DRAFT, S.SUBMITTED, S.INELIGIBLE, S.ELIGIBLE, S.RETURNED_TO_APPLICANT,
                   S.IN_REVIEW, S.CONSOLIDATION, S.READY_FOR_COUNCIL, S.ON_AGENDA)

TRANSITIONS: tuple[Transition, ...] = (
    _row(S.DRAFT, A.SUBMIT, S.SUBMITTED, P.APPLICANT, guards=(G.CALL_OPEN, G.HAS_CONSORTIUM)),
    _row(S.RETURNED_TO_APPLICANT, A.SUBMIT, S.SUBMITTED, P.APPLICANT,
         guards=(G.HAS_CONSORTIUM,)),
    _row(S.SUBMITTED, A.MARK_ELIGIBLE, S.ELIGIBLE, P.WORKER),
    _row(S.SUBMITTED, A.MARK_INELIGIBLE, S.INELIGIBLE, P.WORKER),
    _row(S.INELIGIBLE, A.OVERRIDE_ELIGIBILITY, S.ELIGIBLE, P.SECRETARIAT, guards=(G.NOTE_GIVEN,)),
    _row(S.ELIGIBLE, A.RETURN_TO_APPLICANT, S.RETURNED_TO_APPLICANT, P.SECRETARIAT,
         guards=(G.NOTE_GIVEN,)),
    _row(S.ELIGIBLE, A.START_REVIEW, S.IN_REVIEW, P.WORKER),
    _row(S.IN_REVIEW, A.CONSOLIDATE, S.CONSOLIDATION, P.WORKER, guards=(G.REVIEWS_IN,)),
    _row(S.CONSOLIDATION, A.LOCK_REPORT, S.READY_FOR_COUNCIL, P.SECRETARIAT, P.RAPPORTEUR,
         guards=(G.REPORT_WRITTEN,)),
    _row(S.READY_FOR_COUNCIL, A.PUT_ON_AGENDA, S.ON_AGENDA, P.SECRETARIAT),
    _row(S.ON_AGENDA, A.ADOPT, S.APPROVED, P.WORKER),
    _row(S.ON_AGENDA, A.ADOPT_WITH_CONDITIONS, S.APPROVED_WITH_CONDITIONS, P.WORKER),
    _row(S.ON_AGENDA, A.REJECT, S.REJECTED, P.WORKER),
    _row(S.ON_AGENDA, A.RECORD_NO_CONSENSUS, S.NO_CONSENSUS, P.WORKER),
    *(_row(decided, A.RECONSIDER, S.READY_FOR_COUNCIL, P.COUNCIL,
           guards=(G.OBJECTION_WINDOW_OPEN, G.NOTE_GIVEN))
      for decided in (S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED, S.NO_CONSENSUS)),
    _row(S.APPROVED_WITH_CONDITIONS, A.MEET_CONDITIONS, S.APPROVED, P.SECRETARIAT,
         guards=(G.DECISION_IN_FORCE, G.NOTE_GIVEN)),
    _row(S.APPROVED, A.SIGN_AGREEMENT, S.IN_IMPLEMENTATION, P.SECRETARIAT,
         guards=(G.DECISION_IN_FORCE,)),
    _row(S.IN_IMPLEMENTATION, A.COMPLETE, S.COMPLETED, P.SECRETARIAT),
    *(_row(status, A.WITHDRAW, S.WITHDRAWN, P.APPLICANT) for status in BEFORE_DECISION),
)

_BY_KEY = {(row.source, row.action): row for row in TRANSITIONS}

#: Rows taken only through a step of their own, never through the generic action endpoint nor
#: the proposal page's buttons: the grant agreement (its service creates the project and its
#: reporting schedule) and completion (when the secretariat accepts the final report). Their
#: services still move the proposal through :func:`transition_for`, like any other row.
OWN_STEP = frozenset({A.SIGN_AGREEMENT, A.COMPLETE})

#: Statuses in which the applicant may edit the proposal's content.
EDITABLE = frozenset({S.DRAFT, S.RETURNED_TO_APPLICANT})


def transition_for(status: str, action: str) -> Transition | None:
    """The row that allows ``action`` in ``status``, or ``None`` when none does."""
    try:
        return _BY_KEY.get((ProposalStatus(status), Action(action)))
    except ValueError:
        return None


def actions_from(status: str) -> tuple[Transition, ...]:
    """Every row leaving ``status``, in the table's order (for the page's buttons)."""
    return tuple(row for row in TRANSITIONS if row.source == status)
