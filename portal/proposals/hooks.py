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
  ``decision``);
* a **reader**: people who read whole proposals through the feature (council: its members and
  alternates read a proposal once it is on the agenda of a vote session), with the ids of the
  proposals each reads, for the lists;
* a **page section**: what the feature shows on a proposal's page to a given reader (review:
  the expert panel to the secretariat, links to the consensus report);
* an **action taken elsewhere**: a row of the workflow table that the feature takes through its
  own service, page and endpoint (review: locking the report; council: putting on an agenda,
  reconsideration), so that the proposal's buttons and its action endpoint never take it bare.

Each application keeps its own registrations in ``app.extensions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import Select

from portal.proposals.workflow import Action, Guard, Party

GuardCheck = Callable[[object, str, datetime], object | None]
_KEY = "proposals.hooks"


@dataclass(frozen=True)
class Reader:
    """Readers of whole proposals that a feature above adds."""

    #: Whether ``user`` may read some proposals this way: checked before anything is loaded.
    may_read: Callable[[object], bool]
    #: Whether ``user`` reads ``proposal`` this way.
    reads: Callable[[object, object], bool]
    #: A select of the ids of the proposals ``user`` reads this way, for the lists.
    readable_ids: Callable[[object], Select]


#: ``section(user, proposal)``: ``(template, values)`` to include in the proposal's page (the
#: template reads ``section``, the values), or ``None`` when there is nothing for this reader.
PageSection = Callable[[object, object], tuple[str, dict] | None]
#: ``where(proposal)``: the URL of the page where the action is taken, or ``None``.
ActionPage = Callable[[object], str | None]


@dataclass
class ProposalHooks:
    guards: dict[Guard, GuardCheck] = field(default_factory=dict)
    parties: list[tuple[Party, Callable[[object, object], bool]]] = field(default_factory=list)
    sealed_actors: list[Callable[[object], set[int]]] = field(default_factory=list)
    summaries: dict[str, Callable[[object], object]] = field(default_factory=dict)
    readers: list[Reader] = field(default_factory=list)
    sections: list[PageSection] = field(default_factory=list)
    elsewhere: dict[Action, ActionPage] = field(default_factory=dict)
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


def register_reader(app, reader: Reader) -> None:
    _hooks(app).readers.append(reader)


def register_page_section(app, section: PageSection) -> None:
    _hooks(app).sections.append(section)


def register_action_elsewhere(app, action: Action, where: ActionPage) -> None:
    _hooks(app).elsewhere[Action(action)] = where


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


def readers() -> list[Reader]:
    return list(_hooks().readers)


def page_sections(user, proposal) -> list[tuple[str, dict]]:
    """What the features above show ``user`` on ``proposal``'s page, in the order registered:
    ``(template, values)`` pairs."""
    shown = (section(user, proposal) for section in _hooks().sections)
    return [markup for markup in shown if markup]


def taken_elsewhere(action: str) -> ActionPage | None:
    """The page of a feature above that takes ``action``, when one registered it."""
    try:
        return _hooks().elsewhere.get(Action(action))
    except ValueError:
        return None
