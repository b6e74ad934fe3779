"""Expert assignment (DESIGN 4.5): conflicts, the state rules, preferences, reassignment, and a
brute-force check that the greedy plan is as full and as good as any choice could be."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from portal.review.assignment import (
    AssignmentNeed,
    AssignmentPlan,
    ExpertFacts,
    conflicted,
    max_per_state,
    plan_assignment,
    preference,
    tie_break,
)

PHARMA, IT, AGRO = "pharma", "it", "agro"
LEAD, PARTNER = 100, 200          # partner organisations
CLUSTER_MEMBER = 300              # an organisation of the lead's cluster
ELSEWHERE = 900                   # an organisation with no part in the proposal


def expert(id, state, fields=(PHARMA,), affiliations=(), workload=0) -> ExpertFacts:
    return ExpertFacts(id=id, state=state, fields=frozenset(fields),
                       affiliations=frozenset(affiliations), open_workload=workload)


def need(count=3, proposal_id=1, fields=(PHARMA,), excluded=(), current=()) -> AssignmentNeed:
    return AssignmentNeed(proposal_id=proposal_id, fields=frozenset(fields), count=count,
                          partner_organisations=frozenset({LEAD, PARTNER}),
                          cluster_organisations=frozenset({LEAD, CLUSTER_MEMBER}),
                          excluded=frozenset(excluded), current=tuple(current))


def states_of(plan: AssignmentPlan, pool) -> Counter:
    by_id = {e.id: e for e in pool}
    return Counter(by_id[i].state for i in plan.chosen)


# Conflicts of interest

def test_expert_affiliated_with_a_partner_is_conflicted():
    assert conflicted(expert(1, "RU", affiliations={PARTNER}), need())
    assert conflicted(expert(1, "RU", affiliations={ELSEWHERE, LEAD}), need())


def test_expert_affiliated_with_an_organisation_of_a_partners_cluster_is_conflicted():
    assert conflicted(expert(1, "RU", affiliations={CLUSTER_MEMBER}), need())


def test_expert_affiliated_elsewhere_or_nowhere_is_not_conflicted():
    assert not conflicted(expert(1, "RU", affiliations={ELSEWHERE}), need())
    assert not conflicted(expert(1, "RU"), need())


def test_conflicted_experts_are_never_chosen_even_when_they_fit_best():
    pool = [expert(1, "RU", fields=(PHARMA, IT), affiliations={PARTNER}),
            expert(2, "KZ", fields=(PHARMA, IT), affiliations={CLUSTER_MEMBER}),
            expert(3, "BY", fields=(), workload=9), expert(4, "AM", fields=(), workload=9),
            expert(5, "KG", fields=(), workload=9)]
    plan = plan_assignment(need(fields=(PHARMA, IT)), pool)
    assert sorted(plan.chosen) == [3, 4, 5]
    assert plan.shortfall == 0


def test_when_everyone_is_conflicted_every_seat_is_short():
    pool = [expert(1, "RU", affiliations={PARTNER}), expert(2, "KZ", affiliations={CLUSTER_MEMBER})]
    assert plan_assignment(need(count=3), pool) == AssignmentPlan(chosen=(), shortfall=3)


# The state rules

@pytest.mark.parametrize(("count", "most"), [(1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3), (7, 3)])
def test_max_per_state_is_half_rounded_down_but_at_least_one(count, most):
    assert max_per_state(count) == most


def test_three_experts_come_from_three_states():
    pool = [expert(1, "RU"), expert(2, "RU"), expert(3, "RU"),
            expert(4, "KZ", workload=5), expert(5, "BY", workload=6)]
    plan = plan_assignment(need(count=3), pool)
    assert states_of(plan, pool) == Counter({"RU": 1, "KZ": 1, "BY": 1})
    assert plan.shortfall == 0


def test_three_experts_from_two_states_leave_a_seat_short():
    pool = [expert(1, "RU"), expert(2, "RU"), expert(3, "KZ"), expert(4, "KZ")]
    plan = plan_assignment(need(count=3), pool)
    assert states_of(plan, pool) == Counter({"RU": 1, "KZ": 1})
    assert plan.shortfall == 1


def test_four_experts_take_at_most_two_from_one_state():
    pool = [expert(1, "RU"), expert(2, "RU"), expert(3, "RU"),
            expert(4, "KZ", workload=3), expert(5, "KZ", workload=3), expert(6, "BY", workload=4)]
    plan = plan_assignment(need(count=4), pool)
    assert states_of(plan, pool) == Counter({"RU": 2, "KZ": 2})
    assert plan.shortfall == 0


def test_four_experts_from_one_state_fill_only_half_the_seats():
    pool = [expert(i, "RU") for i in range(1, 7)]
    plan = plan_assignment(need(count=4), pool)
    assert len(plan.chosen) == 2
    assert plan.shortfall == 2


def test_two_experts_come_from_two_states():
    pool = [expert(1, "RU"), expert(2, "RU"), expert(3, "KZ", fields=(), workload=7)]
    plan = plan_assignment(need(count=2), pool)
    assert states_of(plan, pool) == Counter({"RU": 1, "KZ": 1})


def test_a_single_expert_may_come_from_any_state():
    """With one expert per proposal the two-state rule cannot apply: the best expert is taken."""
    pool = [expert(1, "KZ", fields=()), expert(2, "RU", fields=(PHARMA,))]
    assert plan_assignment(need(count=1), pool) == AssignmentPlan(chosen=(2,), shortfall=0)


def test_a_pool_too_small_leaves_the_rest_short():
    pool = [expert(1, "RU"), expert(2, "KZ")]
    assert plan_assignment(need(count=5), pool).shortfall == 3
    assert plan_assignment(need(count=3), []) == AssignmentPlan(chosen=(), shortfall=3)


# Preferences

def test_more_overlap_comes_before_lower_workload():
    pool = [expert(1, "RU", fields=(PHARMA,), workload=0),
            expert(2, "KZ", fields=(PHARMA, IT), workload=8),
            expert(3, "BY", fields=(AGRO,), workload=0)]
    plan = plan_assignment(need(count=2, fields=(PHARMA, IT)), pool)
    assert plan.chosen == (2, 1)


def test_lower_workload_comes_first_when_overlap_is_equal():
    pool = [expert(1, "RU", workload=4), expert(2, "KZ", workload=1), expert(3, "BY", workload=2)]
    assert plan_assignment(need(count=2), pool).chosen == (2, 3)


def test_experts_without_overlap_still_fill_seats_last():
    pool = [expert(1, "RU", fields=(AGRO,)), expert(2, "KZ", fields=(PHARMA,), workload=9)]
    assert plan_assignment(need(count=2), pool).chosen == (2, 1)


def test_a_tie_in_workload_is_broken_by_a_stable_hash_not_by_the_lowest_id():
    pool = [expert(1, "RU"), expert(2, "KZ"), expert(3, "BY"), expert(4, "AM")]
    firsts = {}
    for proposal_id in range(1, 41):
        plan = plan_assignment(need(count=1, proposal_id=proposal_id), pool)
        expected = min(pool, key=lambda e: tie_break(proposal_id, e.id)).id
        assert plan.chosen == (expected,)
        firsts[proposal_id] = plan.chosen[0]
    assert set(firsts.values()) == {1, 2, 3, 4}


def test_tie_break_is_the_same_on_every_run_and_depends_on_the_proposal():
    assert tie_break(17, 5) == 0x6899DFD4C30F6437   # not Python's hash(), which varies per process
    assert tie_break(17, 5) != tie_break(5, 17)


def test_identical_inputs_give_the_identical_plan():
    pool = [expert(i, state, workload=i % 3) for i, state in enumerate(["RU", "KZ", "BY"] * 4, start=1)]
    plans = {plan_assignment(need(count=3, proposal_id=7), pool) for _ in range(5)}
    assert len(plans) == 1


def test_the_order_of_the_pool_does_not_change_the_plan():
    rng = random.Random(45)
    pool = [expert(i, rng.choice("AB") + "X", fields=rng.sample([PHARMA, IT, AGRO], rng.randint(0, 2)),
                   workload=rng.randint(0, 2)) for i in range(1, 13)]
    reference = plan_assignment(need(count=4, fields=(PHARMA, IT)), pool)
    for _ in range(20):
        rng.shuffle(pool)
        assert plan_assignment(need(count=4, fields=(PHARMA, IT)), pool) == reference
        assert plan_assignment(need(count=4, fields=(PHARMA, IT)), reversed(pool)) == reference


def test_an_expert_twice_in_the_pool_is_refused():
    with pytest.raises(ValueError, match="more than once"):
        plan_assignment(need(), [expert(1, "RU"), expert(1, "KZ")])


# Reassignment

def test_reassignment_fills_only_the_gap_around_current_experts():
    current = [expert(1, "RU"), expert(2, "KZ")]
    pool = [*current, expert(3, "BY"), expert(4, "AM", workload=1)]
    plan = plan_assignment(need(count=3, current=current), pool)
    assert plan == AssignmentPlan(chosen=(3,), shortfall=0)


def test_reassignment_counts_current_experts_toward_the_state_cap():
    current = [expert(1, "RU"), expert(2, "KZ")]
    pool = [*current, expert(3, "RU"), expert(4, "KZ")]
    assert plan_assignment(need(count=3, current=current), pool) == AssignmentPlan((), 1)
    current = [expert(1, "RU")]
    pool = [*current, expert(3, "RU"), expert(4, "KZ", workload=5), expert(5, "BY", workload=6)]
    plan = plan_assignment(need(count=4, current=current), pool)
    assert plan.chosen == (3, 4, 5)


def test_excluded_experts_are_not_asked_again():
    pool = [expert(1, "RU"), expert(2, "KZ"), expert(3, "BY", workload=2), expert(4, "AM", workload=3)]
    current = [pool[1]]
    plan = plan_assignment(need(count=2, excluded={1, 3}, current=current), pool)
    assert plan == AssignmentPlan(chosen=(4,), shortfall=0)


def test_when_excluded_experts_leave_nobody_the_seat_is_short():
    pool = [expert(1, "RU"), expert(2, "KZ")]
    plan = plan_assignment(need(count=2, excluded={1}, current=[pool[1]]), pool)
    assert plan == AssignmentPlan(chosen=(), shortfall=1)


def test_a_full_team_needs_no_one():
    current = [expert(1, "RU"), expert(2, "KZ"), expert(3, "BY")]
    assert plan_assignment(need(count=3, current=current), [expert(4, "AM")]) == AssignmentPlan((), 0)


# Brute force: the greedy plan against every combination

def valid_team(team, n) -> bool:
    states = Counter(e.state for e in (*n.current, *team))
    return all(times <= max_per_state(n.count) for times in states.values())


def random_expert(rng: random.Random, id: int, states: list[str]) -> ExpertFacts:
    organisations = [LEAD, PARTNER, CLUSTER_MEMBER, ELSEWHERE]
    return expert(id, rng.choice(states), fields=rng.sample([PHARMA, IT, AGRO], rng.randint(0, 3)),
                  affiliations=rng.sample(organisations, rng.choice([0, 0, 0, 1])),
                  workload=rng.randint(0, 3))


def random_case(rng: random.Random) -> tuple[list[ExpertFacts], AssignmentNeed]:
    """Up to 10 experts from 1 to 4 states, 1 to 5 seats, some experts already on the proposal
    or excluded from it, some conflicted."""
    states = rng.sample(["RU", "KZ", "BY", "AM", "KG"], rng.randint(1, 4))
    pool = [random_expert(rng, i, states) for i in range(1, rng.randint(1, 11))]
    count = rng.randint(1, 5)
    free = [e for e in pool if not conflicted(e, need())]
    current = rng.sample(free, min(len(free), rng.randint(0, 2), max(0, count - 1)))
    if not valid_team([], need(count=count, current=current)):
        current = current[:1]
    excluded = {e.id for e in rng.sample(pool, min(len(pool), rng.randint(0, 2)))} - {e.id for e in current}
    return pool, need(count=count, proposal_id=rng.randint(1, 50), fields=rng.sample([PHARMA, IT, AGRO], 2),
                      excluded=excluded, current=current)


@pytest.mark.parametrize("seed", range(6))
def test_greedy_fills_as_many_seats_as_any_choice_and_the_best_ones(seed):
    rng = random.Random(seed)
    for _ in range(100):
        pool, n = random_case(rng)
        plan = plan_assignment(n, pool)
        by_id = {e.id: e for e in pool}
        team = [by_id[i] for i in plan.chosen]
        assert valid_team(team, n)
        assert all(e.id not in n.excluded and e not in n.current and not conflicted(e, n) for e in team)
        seats = max(0, n.count - len(n.current))
        assert len(team) + plan.shortfall == seats
        candidates = [e for e in pool
                      if e.id not in n.excluded and e not in n.current and not conflicted(e, n)]
        feasible = [combo for size in range(seats + 1) for combo in itertools.combinations(candidates, size)
                    if valid_team(combo, n)]
        most = max(len(combo) for combo in feasible)
        assert len(team) == most
        ours = sorted(preference(e, n) for e in team)
        for combo in feasible:
            if len(combo) == most:
                theirs = sorted(preference(e, n) for e in combo)
                assert all(a <= b for a, b in zip(ours, theirs, strict=True))
        if n.count >= 2 and plan.shortfall == 0:
            assert len({e.state for e in (*n.current, *team)}) >= 2
