"""The proposal's task list (GOV.UK's pattern): its sections in order, each with its state in
words and the page where it is edited.

A section's state comes from what it holds and from the eligibility preview, never from rules
of its own: each reason of :data:`portal.proposals.eligibility.REASON_CODES` belongs to one
section, and tells either of something still missing (the section is "In progress", or "Not
started" while it holds nothing) or of something wrong ("Has problems").

=============  ========================================================================
state          when
=============  ========================================================================
not_started    the section holds nothing yet and no reason says it has a problem
in_progress    it holds something, and a reason says something is still missing
completed      it holds something, and no reason of the preview concerns it
has_problems   a reason of the preview says something in it is wrong
=============  ========================================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from portal.proposals.eligibility import Reason


class TaskState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    HAS_PROBLEMS = "has_problems"


STATE_NAMES = {TaskState.NOT_STARTED: _l("Not started"), TaskState.IN_PROGRESS: _l("In progress"),
               TaskState.COMPLETED: _l("Completed"), TaskState.HAS_PROBLEMS: _l("Has problems")}

#: The sections in the order of the list; all but the last two are edited on a page of their
#: own (:mod:`portal.proposals.editor_views`).
SECTIONS = ("project", "consortium", "budget", "indicators", "milestones", "ip", "documents",
            "check")
EDITED = SECTIONS[:6]
SECTION_NAMES = {"project": _l("The project"), "consortium": _l("Consortium"),
                 "budget": _l("Budget"), "indicators": _l("Indicators"),
                 "milestones": _l("Work plan milestones"), "ip": _l("Intellectual property"),
                 "documents": _l("Documents"), "check": _l("Check and submit")}

MISSING, WRONG = "missing", "wrong"
#: Each eligibility reason: the section it belongs to, and whether it tells of something still
#: missing or of something wrong.
REASON_SECTIONS: dict[str, tuple[str, str]] = {
    "call_not_open": ("check", WRONG),
    "too_few_states": ("consortium", MISSING),
    "lead_not_in_member_state": ("consortium", WRONG),
    "no_lead": ("consortium", WRONG),
    "partner_not_in_member_state": ("consortium", WRONG),
    "not_confirmed": ("consortium", MISSING),
    "not_endorsed": ("consortium", MISSING),
    "empty_budget": ("budget", MISSING),
    "missing_rate": ("budget", WRONG),
    "negative_amount": ("budget", WRONG),
    "grant_above_maximum": ("budget", WRONG),
    "cofinancing_below_minimum": ("budget", WRONG),
    "budget_mismatch": ("budget", WRONG),
    "national_envelope": ("budget", WRONG),
    "no_technology_field": ("project", MISSING),
    "field_not_in_call": ("project", WRONG),
    "missing_section": ("project", MISSING),
    "missing_attachment": ("documents", MISSING),
    "no_consortium_agreement": ("documents", MISSING),
    "no_ip_section": ("ip", MISSING),
    "no_indicator": ("indicators", MISSING),
}


@dataclass(frozen=True)
class Task:
    section: str
    state: TaskState
    #: The reasons of the preview that concern this section, in the preview's order.
    reasons: tuple[Reason, ...] = ()

    @property
    def name(self) -> str:
        return str(SECTION_NAMES[self.section])

    @property
    def state_name(self) -> str:
        return str(STATE_NAMES[self.state])


def started_sections(proposal) -> dict[str, bool]:
    """Which sections hold something already (a proposal always has a title and a lead)."""
    return {"project": True, "consortium": True,
            "budget": any(partner.budget for partner in proposal.partners),
            "indicators": bool(proposal.indicators), "milestones": bool(proposal.milestones),
            "ip": bool(proposal.background_ip or proposal.ip_results_ownership
                       or proposal.ip_access_rights),
            "documents": bool(proposal.attachments), "check": False}


def section_state(started: bool, kinds: Iterable[str]) -> TaskState:
    kinds = set(kinds)
    if WRONG in kinds:
        return TaskState.HAS_PROBLEMS
    if not started:
        return TaskState.NOT_STARTED
    return TaskState.IN_PROGRESS if MISSING in kinds else TaskState.COMPLETED


def task_list(started: Mapping[str, bool], reasons: Iterable[Reason]) -> list[Task]:
    """The sections of a proposal with their states, from what each holds (``started``) and
    the reasons of its eligibility preview."""
    by_section: dict[str, list[Reason]] = {section: [] for section in SECTIONS}
    for reason in reasons:
        by_section[REASON_SECTIONS[reason.code][0]].append(reason)
    return [Task(section, section_state(started.get(section, False),
                                        (REASON_SECTIONS[r.code][1] for r in found)),
                 tuple(found))
            for section, found in by_section.items()]


def section_name(section: str) -> str:
    return str(SECTION_NAMES.get(section, section))
