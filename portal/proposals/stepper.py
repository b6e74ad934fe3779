"""A proposal's place on its review path (DESIGN 4.3), as the steps a person reads.

The workflow's sixteen statuses fall into six steps: preparation, the eligibility check, the
expert review, the council's vote, the decision and the implementation. From a proposal's
status and its history this module says which steps are done (and when), which one the
proposal is in now, which lie ahead and which it will not reach (the path stops when it is found
not eligible, rejected, left without consensus or withdrawn), and who acts next. It is pure: it
reads the status and the history entries it is given, nothing else, so it tells a reader no more
than the page already does (the ballots of a vote session never reach it, DESIGN 4.6; experts
are named as "the experts", never by name, DESIGN 4.5).

=========================  ===================================================  ==============
step                       statuses                                             who acts next
=========================  ===================================================  ==============
preparation                draft, returned_to_applicant                         lead applicant
eligibility check          submitted (the portal), ineligible (secretariat)     portal/secr.
expert review              eligible (the portal assigns experts), in_review     portal/experts
                           (the experts), consolidation (the rapporteur)        /rapporteur
council vote               ready_for_council (secretariat), on_agenda           secr./deleg.
                           (the member states' delegations)
decision                   approved(_with_conditions) (secretariat), rejected,  secr./states
                           no_consensus (a member state may ask to reconsider)
implementation             in_implementation (the partners report), completed   partners/none
=========================  ===================================================  ==============
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.proposals.workflow import ProposalStatus

S = ProposalStatus


class StepKey(StrEnum):
    PREPARATION = "preparation"
    ELIGIBILITY = "eligibility"
    REVIEW = "review"
    COUNCIL = "council"
    DECISION = "decision"
    IMPLEMENTATION = "implementation"


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"
    #: The path stopped before this step: it is not reached.
    NOT_REACHED = "not_reached"


class Actor(StrEnum):
    """Who acts next, in the words of DESIGN 2."""

    LEAD_APPLICANT = "lead_applicant"
    PORTAL = "portal"
    SECRETARIAT = "secretariat"
    EXPERTS = "experts"
    RAPPORTEUR = "rapporteur"
    DELEGATIONS = "delegations"
    MEMBER_STATES = "member_states"
    PARTNERS = "partners"


#: The steps in their order, each with the statuses it holds.
STEPS: tuple[tuple[StepKey, frozenset[ProposalStatus]], ...] = (
    (StepKey.PREPARATION, frozenset({S.DRAFT, S.RETURNED_TO_APPLICANT})),
    (StepKey.ELIGIBILITY, frozenset({S.SUBMITTED, S.INELIGIBLE})),
    (StepKey.REVIEW, frozenset({S.ELIGIBLE, S.IN_REVIEW, S.CONSOLIDATION})),
    (StepKey.COUNCIL, frozenset({S.READY_FOR_COUNCIL, S.ON_AGENDA})),
    (StepKey.DECISION, frozenset({S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED,
                                  S.NO_CONSENSUS})),
    (StepKey.IMPLEMENTATION, frozenset({S.IN_IMPLEMENTATION, S.COMPLETED})),
)
_INDEX: dict[str, int] = {status: index for index, (_key, statuses) in enumerate(STEPS)
                          for status in statuses}

#: Who acts next in each status; ``None`` where nobody does (the path has ended).
NEXT_ACTOR: dict[ProposalStatus, Actor | None] = {
    S.DRAFT: Actor.LEAD_APPLICANT,
    S.RETURNED_TO_APPLICANT: Actor.LEAD_APPLICANT,
    S.SUBMITTED: Actor.PORTAL,
    S.INELIGIBLE: Actor.SECRETARIAT,
    S.ELIGIBLE: Actor.PORTAL,
    S.IN_REVIEW: Actor.EXPERTS,
    S.CONSOLIDATION: Actor.RAPPORTEUR,
    S.READY_FOR_COUNCIL: Actor.SECRETARIAT,
    S.ON_AGENDA: Actor.DELEGATIONS,
    S.APPROVED: Actor.SECRETARIAT,
    S.APPROVED_WITH_CONDITIONS: Actor.SECRETARIAT,
    S.REJECTED: Actor.MEMBER_STATES,
    S.NO_CONSENSUS: Actor.MEMBER_STATES,
    S.IN_IMPLEMENTATION: Actor.PARTNERS,
    S.COMPLETED: None,
    S.WITHDRAWN: None,
}

#: Statuses where the path stops unless someone reopens it (an override of the eligibility
#: check, a reconsideration): the steps after the current one are not reached.
STOPS = frozenset({S.INELIGIBLE, S.REJECTED, S.NO_CONSENSUS, S.WITHDRAWN, S.COMPLETED})

STEP_NAMES = {
    StepKey.PREPARATION: _l("Preparation and submission"),
    StepKey.ELIGIBILITY: _l("Eligibility check"),
    StepKey.REVIEW: _l("Expert review"),
    StepKey.COUNCIL: _l("Council vote"),
    StepKey.DECISION: _l("Decision"),
    StepKey.IMPLEMENTATION: _l("Implementation"),
}

ACTOR_NAMES = {
    Actor.PORTAL: _l("the portal"),
    Actor.SECRETARIAT: _l("Secretariat"),
    Actor.EXPERTS: _l("Experts"),
    Actor.RAPPORTEUR: _l("Rapporteur"),
    Actor.DELEGATIONS: _l("The delegations of the member states in the council"),
    Actor.MEMBER_STATES: _l("A member state, if it asks for reconsideration"),
    Actor.PARTNERS: _l("The partners, who report on the project"),
}


class Change(Protocol):
    """What the stepper reads of a history entry (:class:`portal.proposals.history.HistoryEntry`)."""

    at: datetime
    from_status: str
    to_status: str


@dataclass(frozen=True)
class Step:
    key: StepKey
    state: StepState
    #: When the proposal left this step forward, for a step done.
    done_at: datetime | None = None
    #: For the current step: the proposal's status and since when it holds.
    status: str | None = None
    since: datetime | None = None

    @property
    def name(self) -> str:
        return str(STEP_NAMES[self.key])


@dataclass(frozen=True)
class Stepper:
    steps: tuple[Step, ...]
    status: str
    next_actor: Actor | None
    #: The lead organisation's name, to say which lead applicant acts.
    lead_name: str = ""

    @property
    def current(self) -> Step | None:
        return next((step for step in self.steps if step.state is StepState.CURRENT), None)

    @property
    def next_actor_name(self) -> str | None:
        """Who acts next, in words; ``None`` when nobody does."""
        if self.next_actor is None:
            return None
        if self.next_actor is Actor.LEAD_APPLICANT:
            return (_("The lead applicant, %(organisation)s", organisation=self.lead_name)
                    if self.lead_name else _("The lead applicant"))
        return str(ACTOR_NAMES[self.next_actor])


def _step_of_withdrawal(changes: list[Change]) -> int:
    """The step a withdrawn proposal was in: the source of its last withdrawal."""
    withdrawals = [change for change in changes if change.to_status == S.WITHDRAWN]
    if withdrawals:
        return _INDEX.get(withdrawals[-1].from_status, 0)
    return 0


def _left_forward(changes: list[Change], index: int) -> datetime | None:
    """When the proposal last left step ``index`` for a later one."""
    times = [change.at for change in changes
             if _INDEX.get(change.from_status) == index
             and _INDEX.get(change.to_status, -1) > index]
    return max(times, default=None)


def _since(changes: list[Change], status: str) -> datetime | None:
    times = [change.at for change in changes if change.to_status == status]
    return times[-1] if times else None


def compute_steps(status: str, changes: Iterable[Change], lead_name: str = "") -> Stepper:
    """The steps of a proposal in ``status`` whose history (oldest first) is ``changes``."""
    status = ProposalStatus(status)
    changes = list(changes)
    here = _step_of_withdrawal(changes) if status == S.WITHDRAWN else _INDEX[status]
    after = StepState.NOT_REACHED if status in STOPS else StepState.UPCOMING
    steps = []
    for index, (key, _statuses) in enumerate(STEPS):
        if index < here:
            steps.append(Step(key, StepState.DONE, done_at=_left_forward(changes, index)))
        elif index == here:
            steps.append(Step(key, StepState.CURRENT, status=status,
                              since=_since(changes, status)))
        else:
            steps.append(Step(key, after))
    return Stepper(tuple(steps), status, NEXT_ACTOR[status], lead_name)
