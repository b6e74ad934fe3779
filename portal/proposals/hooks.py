"""What the features above proposals add to a proposal's workflow, filled from their ``init_app``.

Proposals stand below review and council in the order of features and cannot import them, yet
the workflow table names conditions only they can decide, and a proposal's pages show what they
hold. So each of them registers here:

* a **guard check** for a :class:`~portal.proposals.workflow.Guard` of the table it decides
  (review: reviews in, report written; council: objection window, decision in force), called
  as ``check(proposal, note, now)`` and returning the message that says why it fails, or
  ``None``;
* a **party** predicate: whether ``user`` acts as a workflow party on ``proposal`` (review: the
  rapporteur);
* the **sealed actors** of a proposal: the ids of users whose names its history gives only to
  those who may know reviewers (review: the proposal's experts, DESIGN 4.5);
* a **summary** added to the proposal's page and to its JSON under a key (council:
  ``decision``).

Each application keeps its own registrations in ``app.extensions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from portal.proposals.workflow import Guard, Party

GuardCheck = Callable[[object, str, datetime], object | None]
_KEY = "proposals.hooks"


@dataclass
class ProposalHooks:
    guards: dict[Guard, GuardCheck] = field(default_factory=dict)
    parties: list[tuple[Party, Callable[[object, object], bool]]] = field(default_factory=list)
    sealed_actors: list[Callable[[object], set[int]]] = field(default_factory=list)
    summaries: dict[str, Callable[[object], object]] = field(default_factory=dict)
    #: The batch form of a summary: ``{proposal id: summary}`` of many proposals at once.
    batch_summaries: dict[str, Callable[[list], dict[int, object]]] = field(default_factory=dict)


def _hooks(app=None) -> ProposalHooks:
    extensions = (app or current_app).extensions
    return extensions.setdefault(_KEY, ProposalHooks())


def register_guard(app, guard: Guard, check: GuardCheck) -> None:
    _hooks(app).guards[Guard(guard)] = check


def register_party(app, party: Party, acts_as: Callable[[object, object], bool]) -> None:
    _hooks(app).parties.append((Party(party), acts_as))


def register_sealed_actors(app, actors_of: Callable[[object], set[int]]) -> None:
    _hooks(app).sealed_actors.append(actors_of)


def register_summary(app, key: str, summarise: Callable[[object], object],
                     summarise_many: Callable[[list], dict[int, object]] | None = None) -> None:
    """``summarise(proposal)``, and optionally ``summarise_many(proposals)`` answering
    ``{proposal id: summary}`` in a fixed number of statements, for lists."""
    _hooks(app).summaries[key] = summarise
    if summarise_many is not None:
        _hooks(app).batch_summaries[key] = summarise_many


def guard_check(guard: Guard) -> GuardCheck:
    """The check a feature registered for ``guard``; a guard nobody decides is a bug."""
    try:
        return _hooks().guards[guard]
    except KeyError:
        raise LookupError(f"no feature decides the workflow guard {guard!r}") from None


def registered_parties(user, proposal) -> set[Party]:
    return {party for party, acts_as in _hooks().parties if acts_as(user, proposal)}


def sealed_actors(proposal) -> set[int]:
    return set().union(*(actors_of(proposal) for actors_of in _hooks().sealed_actors))


def summaries(proposal, known: dict[str, dict[int, object]] | None = None) -> dict[str, object]:
    """Every registered summary of ``proposal``, by key, in the order registered; those in
    ``known`` (:func:`summaries_of_many`) are taken from there."""
    known = known or {}
    return {key: known[key].get(proposal.id) if key in known else summarise(proposal)
            for key, summarise in _hooks().summaries.items()}


def summaries_of_many(proposals: list) -> dict[str, dict[int, object]]:
    """The summaries that have a batch form, of every one of ``proposals``, by key and
    proposal id: for :func:`summaries` of each proposal of a list."""
    return {key: summarise_many(proposals)
            for key, summarise_many in _hooks().batch_summaries.items()}
