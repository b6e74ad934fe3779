"""Which experts review a proposal (DESIGN 4.5): a pure function of the proposal's needs and the
expert pool, so that the worker's choice can be tested, explained and repeated.

The rules:

* **Eligible** experts have no affiliation (a membership or a recorded affiliation) to a partner
  organisation, nor to any organisation of a cluster a partner belongs to; are not excluded from
  this proposal (they declined, declared a conflict or were overdue on it); and are not already
  on it.
* **States**: the team, the experts still assigned (``current``) and the new ones together, has at
  most :func:`max_per_state` experts from any one state. For two experts or more that is at most
  half, so a full team always comes from at least two states. With a single expert per proposal
  the two-state rule cannot apply: that expert may come from any state (the conflict rule is
  about affiliations, not nationality).
* **Preference**: more technology fields in common with the proposal first, then fewer open
  assignments, then a tie-break hashed from the proposal and expert ids, which spreads ties over
  different experts from one proposal to the next where the lowest id would always win.

The plan never breaks a rule to fill a seat: seats it cannot fill are its ``shortfall``, which the
secretariat is told about. It depends only on the inputs, never on the order of the pool.

Why picking greedily in order of preference is enough: the number of seats and the cap per state
make a matroid (a truncated partition matroid), and on a matroid the greedy choice fills as many
seats as any choice could, with a team that is the best possible seat by seat (Gale-optimal).
The tests check both claims against every combination of small random pools.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExpertFacts:
    id: int
    state: str
    #: Technology field keys of the expert's expertise.
    fields: frozenset[str]
    #: Organisation ids: the expert's memberships and recorded affiliations.
    affiliations: frozenset[int]
    #: Assignments not yet finished, on all proposals.
    open_workload: int


@dataclass(frozen=True)
class AssignmentNeed:
    proposal_id: int
    fields: frozenset[str]
    #: The call's number of experts per proposal.
    count: int
    partner_organisations: frozenset[int]
    #: Every organisation of a cluster that a partner belongs to.
    cluster_organisations: frozenset[int]
    #: Experts who declined, declared a conflict or were overdue on this proposal.
    excluded: frozenset[int] = frozenset()
    #: Experts still assigned: a reassignment fills the gap around them.
    current: tuple[ExpertFacts, ...] = ()


@dataclass(frozen=True)
class AssignmentPlan:
    #: The new experts' ids, in the order they were picked (best first).
    chosen: tuple[int, ...]
    #: Seats that could not be filled under the rules.
    shortfall: int


def max_per_state(count: int) -> int:
    """At most half of ``count`` experts from any one state, but always at least one."""
    return max(1, count // 2)


def conflicted(expert: ExpertFacts, need: AssignmentNeed) -> bool:
    """Whether the expert is affiliated with a partner or an organisation of a partner's cluster."""
    return not expert.affiliations.isdisjoint(need.partner_organisations | need.cluster_organisations)


def tie_break(proposal_id: int, expert_id: int) -> int:
    """A stable pseudo-random rank of the expert for this proposal (the same on every run)."""
    digest = hashlib.blake2b(f"{proposal_id}:{expert_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def preference(expert: ExpertFacts, need: AssignmentNeed) -> tuple[int, int, int, int]:
    """The expert's sort key for this proposal: the smaller, the better."""
    return (-len(expert.fields & need.fields), expert.open_workload,
            tie_break(need.proposal_id, expert.id), expert.id)


def eligible(expert: ExpertFacts, need: AssignmentNeed) -> bool:
    on_it = any(current.id == expert.id for current in need.current)
    return not on_it and expert.id not in need.excluded and not conflicted(expert, need)


def plan_assignment(need: AssignmentNeed, pool: Iterable[ExpertFacts]) -> AssignmentPlan:
    """The experts to add to ``need.current`` to reach ``need.count``, best first."""
    seats = max(0, need.count - len(need.current))
    cap = max_per_state(need.count)
    per_state = Counter(expert.state for expert in need.current)
    candidates = sorted((expert for expert in _unique(pool) if eligible(expert, need)),
                        key=lambda expert: preference(expert, need))
    chosen: list[int] = []
    for expert in candidates:
        if len(chosen) == seats:
            break
        if per_state[expert.state] < cap:
            chosen.append(expert.id)
            per_state[expert.state] += 1
    return AssignmentPlan(chosen=tuple(chosen), shortfall=seats - len(chosen))


def _unique(pool: Iterable[ExpertFacts]) -> list[ExpertFacts]:
    experts = list(pool)
    ids = Counter(expert.id for expert in experts)
    twice = sorted(expert_id for expert_id, times in ids.items() if times > 1)
    if twice:
        raise ValueError(f"experts {twice} appear more than once in the pool")
    return experts
